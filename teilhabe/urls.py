from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from teilhabe.core import views as core_views
from teilhabe.core.decorators import public
from teilhabe.dialogue.views import event_ics
from teilhabe.funding.views_open import opendata_360giving
from teilhabe.registry.hsds_api import hsds_download, hsds_tabular_download
from teilhabe.registry.readiness import ready

admin.site.site_header = "Teilhabe NRW – Administration"
admin.site.site_title = "Teilhabe NRW"

urlpatterns = [
    path("health", core_views.health, name="health"),
    path("ready", public(ready), name="ready"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("i18n/js/", public(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("teilhabe.api.urls")),
    path("opendata/hsds.json", hsds_download, name="opendata_hsds"),
    path("opendata/hsds-tabular.zip", hsds_tabular_download, name="opendata_hsds_tabular"),
    path("opendata/360giving.json", opendata_360giving, name="opendata_360giving"),
    path("gebiete/", include("teilhabe.geo.urls")),
    path("angebote/", include("teilhabe.public.urls")),
    path("register/", include("teilhabe.registry.urls")),
    path("foerderung/", include("teilhabe.funding.urls")),
    path("dialog/", include("teilhabe.dialogue.urls")),
    #: the stable handle of DESIGN.md: one event as iCalendar
    path("dialogue/events/<uuid:pk>.ics", event_ics, name="dialogue_event_ics"),
    path("", include("teilhabe.workforce.urls")),
    path("", include("teilhabe.lifecycle.urls")),
    path("", include("teilhabe.core.urls")),
]

handler400 = "teilhabe.core.views.error_400"
handler403 = "teilhabe.core.views.error_403"
handler404 = "teilhabe.core.views.error_404"
handler500 = "teilhabe.core.views.error_500"
