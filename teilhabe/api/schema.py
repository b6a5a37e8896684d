"""OpenAPI post-processing: every operation declares each status it can answer.

drf-spectacular documents what a view's ``extend_schema`` names (usually 200); the framework answers more: 400
for a parameter it cannot read (a form error, ``page=0``), 403 for a view the caller may not use, 404 for an
unknown object or a page past the end, 406 for an ``Accept`` header it cannot serve, 429 when the rate limit is
reached. Declaring them once here keeps the document true for every endpoint (schemathesis checks it).
"""

from __future__ import annotations

from typing import Any

from django.db import DatabaseError, transaction

ERROR_SCHEMA = {
    "type": "object",
    "description": "Fehler: `detail` (Text) oder `errors` (Feld -> Meldungen)",
    "properties": {
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "additionalProperties": True,
}
ERROR_RESPONSES = {
    "400": "Ungültige Parameter (z. B. page=0, unbekannte Sprache, unlesbarer Ort)",
    "403": "Keine Berechtigung für diesen Endpunkt",
    "404": "Nicht gefunden (unbekannte Kennung oder Seite nach der letzten)",
    "406": "Das gewünschte Format (Accept) wird nicht geliefert",
    "429": "Zu viele Anfragen; später erneut versuchen (Retry-After)",
}


def declare_error_responses(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """Add the error responses (``ERROR_RESPONSES``) to every operation that does not declare them itself."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in {"get", "put", "post", "delete", "patch", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_RESPONSES.items():
                existing = responses.get(status)
                if existing is None or not existing.get("content"):
                    responses[status] = {
                        "description": (existing or {}).get("description") or description,
                        "content": {"application/json": {"schema": reference}},
                    }
    return result


def _parameter(result: dict[str, Any], path: str, name: str) -> dict[str, Any] | None:
    for parameter in result.get("paths", {}).get(path, {}).get("get", {}).get("parameters", []):
        if parameter.get("name") == name:
            return parameter  # type: ignore[no-any-return]
    return None


def declare_known_keys(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Wraps ``_declare_known_keys``: without the tables (``check --deploy`` before ``migrate``) the document keeps
    the plain types."""
    try:
        with transaction.atomic():
            return _declare_known_keys(result, **kwargs)
    except DatabaseError:
        return result


def _declare_known_keys(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """The offer search accepts only keys the platform knows (topics, target groups, languages, Kreise, Gemeinden,
    places): name them as enums, read from the database when the document is made, so the document says exactly
    which values are valid and no valid-looking value is refused."""
    from teilhabe.geo.models import Gemeinde, Kreis, Postleitzahl
    from teilhabe.registry.models import Language, TargetGroup, Topic

    def keys(queryset: Any, field: str) -> list[str]:
        return sorted({str(v) for v in queryset.values_list(field, flat=True) if v})

    enums = {
        "topic": keys(Topic.objects.filter(is_active=True), "key"),
        "target_group": keys(TargetGroup.objects.filter(is_active=True), "key"),
        "language": keys(Language.objects.all(), "code"),
        "kreis": keys(Kreis.objects.all(), "key"),
        "gemeinde": keys(Gemeinde.objects.all(), "ags"),
    }
    for name, values in enums.items():
        if (parameter := _parameter(result, "/api/v1/offers", name)) is None:
            continue
        item = {"type": "string", "enum": values}
        many = parameter.get("schema", {}).get("type") == "array"
        parameter["schema"] = {"type": "array", "items": item} if many else item
    postcodes = keys(Postleitzahl.objects.filter(lat__isnull=False, lon__isnull=False), "postal_code")
    if (near := _parameter(result, "/api/v1/offers", "near")) is not None:
        # Also a Gemeinde's name or AGS, or "lat,lon" (see the description); the schema names the postcodes.
        near["schema"] = {"type": "string", "enum": postcodes}
    if (postcode := _parameter(result, "/api/v1/hsds/services", "postcode")) is not None:
        postcode["schema"] = {"type": "string", "enum": postcodes}
    return result
