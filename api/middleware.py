"""Request limits enforced before a view reads anything."""

from __future__ import annotations

from django.conf import settings

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
