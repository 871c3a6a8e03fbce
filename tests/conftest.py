import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    """A staff user with the model permissions an editor has, verdicts included."""
    user = UserFactory(username="editor", is_staff=True)
    perms = Permission.objects.filter(content_type__app_label__in=["claims", "sources"])
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL); run by the second leg of .ci/run")
