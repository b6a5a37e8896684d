"""`GET /api/v1/workforce/published`: every published table of the staff survey (routed by teilhabe.api.urls).

Only what a campaign's one publication froze: predefined tables after disclosure control. Each cell carries its
dimensions (``authority``, ``unit``, ``career_group``, ``staff_kind`` as the table has them, and ``category``:
ja, nein, ka or insgesamt), ``count`` (null where suppressed) and ``suppressed``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from teilhabe.workforce import selectors

TAG = "Öffentlicher Dienst"


class CellSerializer(serializers.Serializer[Any]):
    authority = serializers.CharField(
        required=False, help_text=_("Behörde (Kurzname), in Tabellen nach Behörde/Einheit")
    )
    unit = serializers.CharField(required=False, help_text=_("Organisationseinheit, in Tabellen nach Einheit"))
    career_group = serializers.CharField(
        required=False, help_text=_("Laufbahngruppe: lg1_1, lg1_2, lg2_1, lg2_2, keine, ka (keine Angabe)")
    )
    staff_kind = serializers.CharField(required=False, help_text=_("Beschäftigungsart: beamte, tarif, ausbildung, ka"))
    measure = serializers.CharField(
        required=False,
        help_text=_("Maßnahme in Tabellen der Einstellungszahlen: applications, invitations, hires, trainees"),
    )
    category = serializers.CharField(help_text=_("ja, nein, ka (keine Angabe) oder insgesamt"))
    count = serializers.IntegerField(allow_null=True, help_text=_("Anzahl; null, wo gesperrt"))
    suppressed = serializers.BooleanField(help_text=_("gesperrt (Geheimhaltung)"))


class TableSerializer(serializers.Serializer[Any]):
    id = serializers.CharField(help_text=_("z. B. eg_tintg_by_authority"))
    title = serializers.CharField()
    category = serializers.CharField(help_text=_("eg_tintg, eg_destatis, mh_mikrozensus oder hiring"))
    dimensions = serializers.ListField(child=serializers.CharField())
    cells = CellSerializer(many=True)


class CampaignSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    title = serializers.CharField()
    published_at = serializers.DateTimeField()
    threshold = serializers.IntegerField(help_text=_("Mindestfallzahl"))
    protection = serializers.IntegerField(help_text=_("Schutzabstand p der Intervallprüfung"))
    summary = serializers.DictField(help_text=_("Anteile mit 95 %-Intervall (Wilson), Rücklauf, Vergleichswert"))
    tables = TableSerializer(many=True)


class PublishedSerializer(serializers.Serializer[Any]):
    campaigns = CampaignSerializer(many=True)


class PublishedTables(APIView):
    permission_required = "workforce.view_published"
    authentication_classes: Sequence[type[BaseAuthentication]] = ()

    @extend_schema(
        operation_id="workforce_published",
        summary=_("Veröffentlichte Tabellen der Beschäftigtenbefragung"),
        description=_(
            "Jede veröffentlichte Befragung mit all ihren festgelegten Tabellen nach der Geheimhaltung: jede Zelle mit "
            "ihren Merkmalen, count (null, wo gesperrt) und suppressed. Nie laufende Zahlen."
        ),
        tags=[TAG],
        parameters=[
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": 0, "maximum": 9999},
                description=_("Nur die Befragung dieses Jahres"),
            )
        ],
        responses={
            200: PublishedSerializer,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=_("Ungültiges Jahr")),
        },
    )
    def get(self, request: Request) -> Response:
        publications = selectors.published_campaigns()
        year = request.query_params.get("year")
        if year:
            if not (year.isascii() and year.isdigit() and len(year) <= 4):
                return Response({"year": [str(_("Bitte ein Jahr, z. B. 2015."))]}, status=400)
            publications = publications.filter(campaign__year=int(year))
        return Response(
            {
                "campaigns": [
                    {
                        "year": p.campaign.year,
                        "title": p.campaign.title,
                        "published_at": p.published_at.isoformat(),
                        "threshold": p.audit.get("threshold"),
                        "protection": p.audit.get("protection"),
                        "summary": p.summary,
                        "tables": p.tables,
                    }
                    for p in publications
                ]
            }
        )
