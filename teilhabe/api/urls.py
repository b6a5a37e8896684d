from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from teilhabe.api import views
from teilhabe.api.permissions import DeclaredRulePermission
from teilhabe.funding import api as funding_api
from teilhabe.geo import api as geo_api
from teilhabe.public import api as public_api
from teilhabe.registry import hsds_api
from teilhabe.workforce import api as workforce_api

app_name = "api"


class OpenApiView(SpectacularJSONAPIView):
    """The OpenAPI document, public; it declares its rule like every other API view (drf-spectacular's own
    default would let any view through)."""

    permission_required = "core.view_start"
    permission_classes = [DeclaredRulePermission]
    authentication_classes = []


urlpatterns = [
    path("", views.ApiRoot.as_view(), name="root"),
    path("openapi.json", OpenApiView.as_view(), name="openapi"),
    path("docs/", views.docs, name="docs"),
    path("kreise", geo_api.KreisList.as_view(), name="kreis_list"),
    path("kreise/<str:key>", geo_api.KreisDetail.as_view(), name="kreis_detail"),
    path("gemeinden", geo_api.GemeindeList.as_view(), name="gemeinde_list"),
    path("gemeinden/<str:ags>", geo_api.GemeindeDetail.as_view(), name="gemeinde_detail"),
    path("offers", public_api.OfferSearch.as_view(), name="offer_search"),
    path("grants", funding_api.GrantList.as_view(), name="grants"),
    path("workforce/published", workforce_api.PublishedTables.as_view(), name="workforce_published"),
    path("hsds/", hsds_api.HsdsRoot.as_view(), name="hsds_root"),
    path("hsds/services", hsds_api.ServiceList.as_view(), name="hsds_services"),
    path("hsds/services/<str:pk>", hsds_api.ServiceDetail.as_view(), name="hsds_service"),
    path("hsds/organizations", hsds_api.OrganizationList.as_view(), name="hsds_organizations"),
    path("hsds/organizations/<str:pk>", hsds_api.OrganizationDetail.as_view(), name="hsds_organization"),
    path("hsds/service_at_locations", hsds_api.ServiceAtLocationList.as_view(), name="hsds_service_at_locations"),
    path(
        "hsds/service_at_locations/<str:pk>",
        hsds_api.ServiceAtLocationDetail.as_view(),
        name="hsds_service_at_location",
    ),
    path("hsds/taxonomies", hsds_api.TaxonomyList.as_view(), name="hsds_taxonomies"),
    path("hsds/taxonomies/<str:pk>", hsds_api.TaxonomyDetail.as_view(), name="hsds_taxonomy"),
    path("hsds/taxonomy_terms", hsds_api.TaxonomyTermList.as_view(), name="hsds_taxonomy_terms"),
    path("hsds/taxonomy_terms/<str:pk>", hsds_api.TaxonomyTermDetail.as_view(), name="hsds_taxonomy_term"),
]
