"""Request limits enforced before a view reads anything."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_vary_headers

from api.errors import json_error


class RequestSizeLimitMiddleware:
    """Refuse API requests whose body is over the limit before anything
    reads it (413). DRF parses JSON from the raw stream, past Django's own
    check, so the limit is enforced here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return json_error(400, "Content-Length is not a number.", "bad_request")
            limit = settings.CLAIMS_API_MAX_REQUEST_BYTES
            if length > limit:
                return json_error(
                    413,
                    f"The request body is {length:,} bytes; the limit is {limit:,}.",
                    "payload_too_large",
                )
        return self.get_response(request)


class PrivateCacheMiddleware:
    """An API response to an authenticated request is the caller's alone:
    ``Cache-Control: private`` (no shared cache keeps it) and ``Vary:
    Authorization`` (a cache keyed on the URL alone would hand one caller's
    answer to another), unless the view set its own Cache-Control."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and (
            "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated
        ):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private"
            patch_vary_headers(response, ("Authorization",))
        return response
