"""`GET /api/v1/grants`: decided grants as 360Giving grant objects, public and read-only (routed by teilhabe.api.urls).

The same objects as the download /opendata/360giving.json (teilhabe.funding.giving): no personal data, never
drafts, applications in process, rejections or withdrawn applications. Paginated like the other API lists
({"count", "next", "previous", "results"}, ``page`` and ``page_size``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request
from rest_framework.response import Response

from teilhabe.funding import giving
from teilhabe.funding.models import Application

TAG = "Förderung"


class GrantSerializer(serializers.Serializer[Application]):
    """A 360Giving 1.4 grant object (documentation of the fields; the object comes from giving.grant)."""

    id = serializers.CharField(read_only=True, help_text=_("360Giving-Kennung: 360G-teilhabe-nrw-<Aktenzeichen>"))
    title = serializers.CharField(read_only=True, help_text=_("Projekttitel"))
    description = serializers.CharField(read_only=True, help_text=_("Ziele und Maßnahmen des Projekts"))
    currency = serializers.CharField(read_only=True, help_text=_("immer EUR"))
    amountAwarded = serializers.FloatField(read_only=True, help_text=_("bewilligte Zuwendung insgesamt in EUR"))
    amountAppliedFor = serializers.FloatField(read_only=True, help_text=_("beantragte Zuwendung in EUR"))
    amountDisbursed = serializers.FloatField(read_only=True, help_text=_("bisher ausgezahlt in EUR"))
    awardDate = serializers.DateTimeField(read_only=True, help_text=_("Zeitpunkt der Bewilligungsentscheidung"))
    plannedDates = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=_("Projektzeitraum: startDate, endDate (JJJJ-MM-TT), duration (Monate)"),
    )
    recipientOrganization = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=_(
            "Zuwendungsempfänger: id (360G-teilhabe-nrw-ags-<AGS> für Kommunen, 360G-teilhabe-nrw-org-<UUID> für "
            "Organisationen des Registers), name"
        ),
    )
    fundingOrganization = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=_(
            "Die Bewilligungsbehörde, die entschieden hat (die zentrale Behörde des Programms oder die "
            "Bezirksregierung des Antragstellers): id, name"
        ),
    )
    grantProgramme = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text=_("Förderprogramm: code (Kürzel), title")
    )
    fromOpenCall = serializers.CharField(read_only=True, help_text=_("Yes: bewilligt auf einen Förderaufruf"))
    beneficiaryLocation = serializers.ListField(
        child=serializers.DictField(),
        read_only=True,
        help_text=_("Gebiet des Antragstellers: name, geoCode (AGS), countryCode DE"),
    )
    classifications = serializers.ListField(
        child=serializers.DictField(), read_only=True, help_text=_("Finanzierungsart und Art des Antragstellers")
    )
    dateModified = serializers.DateTimeField(read_only=True, help_text=_("letzte Änderung des Antrags"))
    dataSource = serializers.URLField(read_only=True, help_text=_("Adresse der vollständigen 360Giving-Datei"))

    def to_representation(self, instance: Application) -> dict[str, Any]:
        return giving.grant(instance, data_source=self.context.get("data_source", ""), names=self.context.get("names"))


class _Query(serializers.Serializer[Any]):
    """Query parameters; a malformed value answers 400 instead of an empty list."""

    programme = serializers.SlugField(required=False, allow_blank=True, max_length=40)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    kreis = serializers.RegexField(
        r"^05\d{3}$", required=False, allow_blank=True, error_messages={"invalid": _("Fünf Ziffern, z. B. 05315.")}
    )
    recipient = serializers.CharField(required=False, allow_blank=True, max_length=100)


PARAMETERS = [
    OpenApiParameter(
        "programme",
        {"type": "string", "maxLength": 40, "pattern": r"^[-a-zA-Z0-9_]*$"},
        description=_("Kürzel des Förderprogramms, z. B. komm-in"),
    ),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": 2000, "maximum": 2100},
        description=_("Nur Zuwendungen mit einem Bewilligungsbetrag in diesem Haushaltsjahr"),
    ),
    OpenApiParameter(
        "kreis",
        OpenApiTypes.STR,
        pattern=r"^05\d{3}$",
        description=_("Nur Antragsteller in diesem Kreis oder dieser kreisfreien Stadt, z. B. 05315"),
    ),
    OpenApiParameter(
        "recipient",
        {"type": "string", "maxLength": 100, "pattern": r"^[^\x00]*$"},
        description=_("Teil des Namens des Zuwendungsempfängers (ohne Unterschied von Groß- und Kleinschreibung)"),
    ),
]


def grant_list(
    *, programme: str = "", year: int | None = None, kreis: str = "", recipient: str = ""
) -> QuerySet[Application]:
    qs = giving.decided_applications()
    if programme:
        qs = qs.filter(programme__key=programme)
    if year is not None:
        qs = qs.filter(grant_years__year=year, grant_years__granted__gt=0)
    if kreis:
        qs = qs.filter(ags__startswith=kreis)
    if recipient:
        qs = qs.filter(Q(applicant_name__icontains=recipient))
    return qs.distinct()


@extend_schema_view(
    get=extend_schema(
        operation_id="foerderung_grants_list",
        summary=_("Bewilligte Zuwendungen (360Giving)"),
        description=_(
            "Alle bewilligten Zuwendungen der Förderprogramme als Objekte des 360Giving Data Standard 1.4, nach "
            "Aktenzeichen sortiert, seitenweise. Ohne Anträge in Bearbeitung, Ablehnungen und zurückgezogene "
            "Anträge; ohne personenbezogene Daten. Die ganze Menge als eine Datei: /opendata/360giving.json."
        ),
        tags=[TAG],
        parameters=PARAMETERS,
        responses={
            200: GrantSerializer(many=True),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT, description=_("Ungültiger Filterwert, je Parameter eine Meldung")
            ),
        },
    )
)
class GrantList(generics.ListAPIView[Application]):
    permission_required = "funding.view_open_data"
    authentication_classes: Sequence[type[BaseAuthentication]] = ()
    serializer_class = GrantSerializer

    def get_queryset(self) -> QuerySet[Application]:
        query = _Query(data={k: v for k, v in self.request.query_params.items() if k in _Query().fields and v != ""})
        query.is_valid(raise_exception=True)
        return grant_list(**query.validated_data)

    #: Area names of the applicants on the page being answered (two queries per page, not two per grant).
    names: dict[str, str] | None = None

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "data_source": giving.download_url(self.request.build_absolute_uri("/")),
            "names": self.names,
        }

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        items = list(page) if page is not None else list(queryset)
        self.names = giving.area_names(items)
        data = self.get_serializer(items, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)
