"""Refuse to serve while a restore has not finished (or was killed): the data may be incomplete."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from teilhabe.lifecycle.backup import restore_incomplete


class RestoreGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if restore_incomplete():
            return JsonResponse(
                {"status": "error", "restore": "incomplete", "detail": "Wiederherstellung nicht abgeschlossen"},
                status=503,
            )
        return self.get_response(request)
