import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory

EDITOR_PERMS = [
    "add_article",
    "view_article",
    "view_claim",
    "change_claim",
    "add_evidence",
    "change_evidence",
    "delete_evidence",
    "view_evidence",
    "add_source",
    "change_source",
    "delete_source",
    "view_source",
]


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def consumer(db):
    """A read-only API token: no model permissions."""
    return client_for(UserFactory(username="reader"))


@pytest.fixture
def editor_user(db):
    user = UserFactory(username="desk-editor")
    user.user_permissions.set(Permission.objects.filter(codename__in=EDITOR_PERMS))
    return user


@pytest.fixture
def editor(editor_user):
    """An editor without the verdict permission."""
    return client_for(editor_user)


@pytest.fixture
def verdict_editor(db):
    """An editor who may also set verdicts (a different user from ``editor``)."""
    user = UserFactory(username="desk-chief")
    user.user_permissions.set(
        Permission.objects.filter(codename__in=[*EDITOR_PERMS, "verdict_claim"])
    )
    return client_for(user)


@pytest.fixture
def admin_api(db):
    return client_for(UserFactory(username="root", is_superuser=True, is_staff=True))
