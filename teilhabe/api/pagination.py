from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        """A page number that is not a whole number from 1 is a 400 with a clear message (a page past the end
        stays a 404)."""
        page = request.query_params.get(self.page_query_param)
        if page is not None and page not in self.last_page_strings and not (page.isdigit() and int(page) >= 1):
            raise ValidationError({self.page_query_param: [_("Die Seite muss eine ganze Zahl ab 1 sein.")]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        """The bounds the pagination enforces, declared (a page from 1; a page size from 1 to ``max_page_size``)."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"type": "integer", "minimum": 1},
            self.page_size_query_param: {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            if parameter["name"] in bounds:
                parameter["schema"] = bounds[parameter["name"]]
        return parameters
