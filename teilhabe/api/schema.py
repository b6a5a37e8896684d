"""OpenAPI post-processing: every operation declares each status it can answer.

drf-spectacular documents what a view's ``extend_schema`` names (usually 200); the framework answers more: 400
for a parameter it cannot read (a form error, ``page=0``), 403 for a view the caller may not use, 404 for an
unknown object or a page past the end, 406 for an ``Accept`` header it cannot serve, 429 when the rate limit is
reached. Declaring them once here keeps the document true for every endpoint (schemathesis checks it).
"""

from __future__ import annotations

from typing import Any

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
