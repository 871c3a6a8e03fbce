"""Forwarded headers are believed only from a trusted proxy.

``X-Forwarded-Proto`` decides whether a request counts as HTTPS (and so the
scheme of every link the API writes), ``X-Forwarded-For`` the client address
throttling counts by, ``X-Forwarded-Host`` the host. Any client can send
them; only a proxy that overwrites them makes them true. With
``TRUSTED_PROXY_HOPS`` at 0 (no proxy configured) they are dropped from
every request before anything reads them.
"""

from __future__ import annotations

from django.conf import settings

FORWARDED_PREFIX = "HTTP_X_FORWARDED_"


def client_ip(request) -> str | None:
    """The client's address: the socket's, or behind TRUSTED_PROXY_HOPS
    proxies the entry that many hops from the end of X-Forwarded-For (the
    address the outermost trusted proxy saw), as DRF's NUM_PROXIES reads it."""
    hops = settings.TRUSTED_PROXY_HOPS
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops > 0 and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(hops, len(addresses))]
    return request.META.get("REMOTE_ADDR")


class UntrustedForwardedHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUSTED_PROXY_HOPS <= 0:
            for key in [k for k in request.META if k.startswith(FORWARDED_PREFIX)]:
                del request.META[key]
            request.META.pop("HTTP_FORWARDED", None)
        return self.get_response(request)
