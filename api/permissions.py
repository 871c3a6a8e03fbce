"""Who may read and write through the API."""

from __future__ import annotations

from django.conf import settings
from rest_framework import permissions


class ModelPermissions(permissions.DjangoModelPermissions):
    """Reads need an authenticated user (or CLAIMS_API_ANONYMOUS_READ);
    writes need the model's add/change/delete permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            if request.user and request.user.is_authenticated:
                return True
            return settings.CLAIMS_API_ANONYMOUS_READ
        return super().has_permission(request, view)
