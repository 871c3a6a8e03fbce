import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


@pytest.fixture
def staff_editor(db):
    """A staff user with every permission on claims and sources, verdicts
    included: an editor at the admin desk. (The API tests' ``editor`` is an
    API client with fewer permissions.)"""
    user = UserFactory(username="lena", is_staff=True)
    perms = Permission.objects.filter(content_type__app_label__in=["claims", "sources"])
    user.user_permissions.set(perms)
    return user


@pytest.fixture
def on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL); run by the second leg of .ci/run")


@pytest.fixture
def docserver(settings):
    """A local HTTP server, with fetching on and only its host allowed past
    the private-address guard."""
    from tests.docserver import DocServer

    settings.CLAIMS_FETCH_ENABLED = True
    settings.CLAIMS_FETCH_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.CLAIMS_FETCH_READ_TIMEOUT = 1
    settings.CLAIMS_FETCH_CONNECT_TIMEOUT = 1
    settings.CLAIMS_FETCH_TOTAL_TIMEOUT = 3
    with DocServer() as server:
        yield server
