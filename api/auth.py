"""API token authentication that does not ask the database on every request.

DRF's TokenAuthentication reads the token and its user on every request: a
query and two model instances, a tenth of a list request's time. Here a web
process remembers a valid token for ``CLAIMS_API_TOKEN_CACHE_SECONDS``
(default 30; 0 turns the memory off) and hands each request its own copy of
the user, so per-request state (such as the permission cache) never leaks
between requests.

What that costs, by design: a token deleted, or a user deactivated, in
*another* process (the admin on another web worker, a shell) keeps working in
this one for at most that many seconds. Changes made in this process forget
the token at once (signals below). Permissions are never remembered: they are
read per request, as before.
"""

from __future__ import annotations

import copy
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

MAX_REMEMBERED = 10_000  # tokens; past it the memory starts again

_remembered: dict[str, tuple[float, Token]] = {}
_lock = threading.Lock()


def forget_tokens() -> None:
    """Forget every remembered token (the next request of each reads it)."""
    with _lock:
        _remembered.clear()


class CachedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, remembered per process for a few
    seconds (see the module docstring)."""

    def authenticate_credentials(self, key):
        ttl = settings.CLAIMS_API_TOKEN_CACHE_SECONDS
        if ttl <= 0:
            return super().authenticate_credentials(key)
        now = time.monotonic()
        hit = _remembered.get(key)
        if hit is None or hit[0] <= now:
            user, token = super().authenticate_credentials(key)  # raises if not valid
            with _lock:
                if len(_remembered) >= MAX_REMEMBERED:
                    _remembered.clear()
                _remembered[key] = (now + ttl, token)
        else:
            token = hit[1]
        # each request gets its own instances: nothing it caches on them is shared
        user = copy.copy(token.user)
        mine = copy.copy(token)
        mine.user = user
        return user, mine


@receiver(post_save, sender=Token)
@receiver(post_delete, sender=Token)
@receiver(post_save, sender=get_user_model())
@receiver(post_delete, sender=get_user_model())
def _token_or_user_changed(sender, **kwargs):
    forget_tokens()


@receiver(setting_changed)
def _setting_changed(setting, **kwargs):
    if setting == "CLAIMS_API_TOKEN_CACHE_SECONDS":
        forget_tokens()
