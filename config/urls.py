from django.contrib import admin
from django.urls import include, path, re_path
from django.views.csrf import csrf_failure as default_csrf_failure
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import page_not_found, server_error
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from api.errors import json_error

admin.site.site_header = "claimtrack"
admin.site.site_title = "claimtrack"
admin.site.index_title = "Claims, evidence and sources"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("api/v1/", include("claims.api.urls")),
    # Unknown API paths answer JSON, whatever DEBUG says.
    re_path(
        r"^api/", csrf_exempt(lambda request: json_error(404, "No such API resource.", "not_found"))
    ),
]


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return json_error(403, f"CSRF check failed: {reason}", "csrf_failed")
    return default_csrf_failure(request, reason=reason)


def handler404(request, exception=None):
    """JSON under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return json_error(404, "No such API resource.", "not_found")
    return page_not_found(request, exception)


def handler500(request):
    if request.path.startswith("/api/"):
        return json_error(500, "Internal error: it was logged.", "server_error")
    return server_error(request)
