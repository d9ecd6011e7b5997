"""URL map. Each app owns its URLs; the access-matrix test (enlace/web/tests/test_access_matrix.py)
fails when a route is added without an expected-access entry."""

from django.urls import include, path
from django.views.i18n import set_language

from enlace.api.api import api
from enlace.ops.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("cases/", include("enlace.cases.urls")),
    path("persons/", include("enlace.persons.urls")),
    path("screening/", include("enlace.screening.urls")),
    path("referrals/", include("enlace.referrals.urls")),
    path("links/", include("enlace.links.urls")),
    path("capacity/", include("enlace.capacity.urls")),
    path("prosecution/", include("enlace.prosecution.urls")),
    path("cooperation/", include("enlace.cooperation.urls")),
    path("monitoring/", include("enlace.monitoring.urls")),
    path("techniques/", include("enlace.techniques.urls")),
    path("reports/", include("enlace.reports.urls")),
    path("audit/", include("enlace.audit.urls")),
    path("administration/jobs/", include("enlace.ops.urls")),
    path("administration/", include("enlace.accounts.urls")),
    path("", include("enlace.web.urls")),
]

handler400 = "enlace.web.errors.bad_request"
handler403 = "enlace.web.errors.permission_denied"
handler404 = "enlace.web.errors.page_not_found"
handler500 = "enlace.web.errors.server_error"
