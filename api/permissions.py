"""Who may read and write through the API."""

from __future__ import annotations

from django.conf import settings
from rest_framework import permissions


def may_read(request) -> bool:
    """Any authenticated user reads; anonymous clients only with
    CLAIMS_API_ANONYMOUS_READ."""
    if request.user and request.user.is_authenticated:
        return True
    return settings.CLAIMS_API_ANONYMOUS_READ


class ReadPermission(permissions.BasePermission):
    """Whoever may read, whatever the HTTP method (a search whose query is
    the body of a POST is still a read)."""

    def has_permission(self, request, view):
        return may_read(request)


class ModelPermissions(permissions.DjangoModelPermissions):
    """Reads need ``may_read``; writes need the model's add/change/delete
    permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return may_read(request)
        return super().has_permission(request, view)
