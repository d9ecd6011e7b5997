"""URL map. Each app owns its URLs; the access-matrix test (enlace/web/tests/test_access_matrix.py)
fails when a route is added here without an expected-access entry."""

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("enlace.web.urls")),
]

handler400 = "enlace.web.errors.bad_request"
handler403 = "enlace.web.errors.permission_denied"
handler404 = "enlace.web.errors.page_not_found"
handler500 = "enlace.web.errors.server_error"
