"""Request rate limits per client."""

from __future__ import annotations

import logging
import time

from rest_framework.throttling import SimpleRateThrottle

log = logging.getLogger(__name__)


class WindowRateThrottle(SimpleRateThrottle):
    """A fixed-window request counter per client: one cache ``add`` and one
    ``incr`` per request. DRF's default keeps and pickles a list of every
    request's timestamp, which grows with the rate and is not atomic across
    processes; a counter is constant-time and, with Redis as the cache,
    shared correctly. A client may burst across a window boundary (up to
    twice the rate over two half-windows), a known trade of fixed windows."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = time.time()
        window = int(now // self.duration)
        key = f"{self.key}:{window}"
        try:
            count = self._count(key)
        except Exception:
            # The cache (Redis) is down: serve the request unthrottled rather
            # than fail it. Throttling protects the service; it must not be
            # what takes it down.
            log.warning("throttle cache unavailable; letting the request through", exc_info=True)
            return True
        if count > self.num_requests:
            self.wait_seconds = self.duration - (now % self.duration)
            return False
        return True

    def _count(self, key: str) -> int:
        self.cache.add(key, 0, self.duration + 1)
        try:
            return self.cache.incr(key)
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, self.duration + 1)
            return 1

    def wait(self):
        return getattr(self, "wait_seconds", None)


class AnonWindowThrottle(WindowRateThrottle):
    """Anonymous clients, and requests whose credentials failed, by IP address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        user = getattr(request, "_user", None)  # never authenticate again from here
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserWindowThrottle(WindowRateThrottle):
    """Authenticated clients, by user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
