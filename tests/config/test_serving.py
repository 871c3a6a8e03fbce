"""Production serving: gunicorn with DEBUG off serves the docs, the admin
and their static files, the health endpoints answer, and forwarded headers
are believed only from a trusted proxy."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import override_settings

from tests.api.conftest import client_for
from tests.factories import ClaimFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """gunicorn on config.wsgi with DEBUG off, on a database of its own
    (a migrated SQLite file) and static files collected into a temp dir."""
    tmp = tmp_path_factory.mktemp("serve")
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="serving-test-" + "s3cr3t" * 10,
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="2",
    )
    port = free_port()
    env["PORT"] = str(port)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v", "0"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True
        )
        assert done.returncode == 0, done.stderr.decode()[-2000:]
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                break
            time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /healthz in 20 s")
        assert process.poll() is None, (tmp / "gunicorn.log").read_text()[-2000:]
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def assets(html: bytes, kind: str) -> list[str]:
    pattern = r'src="(/static/[^"]+\.js)"' if kind == "js" else r'href="(/static/[^"]+\.css)"'
    return re.findall(pattern, html.decode())


def test_docs_page_and_its_static_files_are_served_with_debug_off(gunicorn):
    status, _, html = get(f"{gunicorn}/api/v1/docs/")
    assert status == 200
    scripts, styles = assets(html, "js"), assets(html, "css")
    assert any("swagger-ui-bundle" in s for s in scripts)
    for path in scripts + styles:
        status, headers, body = get(gunicorn + path)
        assert status == 200, path
        assert body
        # content-hashed names: cached for good
        assert re.search(r"\.[0-9a-f]{12}\.(js|css)$", path)
        assert "immutable" in headers["Cache-Control"]


def test_admin_login_page_and_its_stylesheets_are_served(gunicorn):
    status, _, html = get(f"{gunicorn}/admin/login/")
    assert status == 200
    styles = assets(html, "css")
    assert any("admin/css/base" in s for s in styles)
    for path in styles:
        assert get(gunicorn + path)[0] == 200, path


def test_health_endpoints_answer_json_without_auth(gunicorn):
    status, headers, body = get(f"{gunicorn}/healthz")
    assert (status, body) == (200, b'{"status": "ok"}')
    assert headers["Content-Type"] == "application/json"
    status, _, body = get(f"{gunicorn}/readyz")
    assert status == 200, body
    assert b'"database": {"ok": true' in body
    assert b'"migrations": {"ok": true' in body
    assert b'"broker": {"ok": true' in body


def test_every_response_carries_a_request_id(gunicorn):
    status, headers, _ = get(f"{gunicorn}/admin/login/")
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])


# ------------------------------------------------------------- in-process
@pytest.mark.django_db
def test_readyz_is_503_with_retry_after_when_migrations_are_missing(client, monkeypatch):
    from config import health

    monkeypatch.setattr(health, "_migrations_applied", False)
    monkeypatch.setattr(health, "check_migrations", lambda: (False, "3 unapplied"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["checks"]["migrations"] == {
        "ok": False,
        "detail": "3 unapplied",
        "ms": response.json()["checks"]["migrations"]["ms"],
    }


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on port 9
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_health_is_never_redirected_to_https_nor_host_checked(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200


@pytest.fixture
def two_claims(db):
    claim = ClaimFactory()
    ClaimFactory(article=claim.article)
    return client_for(UserFactory(username="proxy-reader"))


def next_link(api, **headers) -> str:
    response = api.get("/api/v1/claims/?page_size=1", **headers)
    assert response.status_code == 200
    return response.json()["next"]


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(two_claims, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    link = next_link(
        two_claims, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_HOST="evil.example"
    )
    assert link.startswith("http://testserver/")


def test_behind_a_trusted_proxy_its_forwarded_proto_and_host_count(two_claims):
    with override_settings(
        TRUSTED_PROXY_HOPS=1,
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        USE_X_FORWARDED_HOST=True,
        ALLOWED_HOSTS=["claims.example.org", "testserver"],
    ):
        link = next_link(
            two_claims,
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_X_FORWARDED_HOST="claims.example.org",
        )
    assert link.startswith("https://claims.example.org/")


def test_the_throttle_counts_the_socket_address_unless_a_proxy_is_trusted(rf, settings):
    from rest_framework.request import Request
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    from config.proxy import UntrustedForwardedHeadersMiddleware

    seen = {}

    def view(request):
        seen["ident"] = AnonRateThrottle().get_ident(Request(request))

    settings.TRUSTED_PROXY_HOPS = 0
    request = rf.get("/api/v1/claims/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="9.9.9.9")
    UntrustedForwardedHeadersMiddleware(view)(request)
    assert seen["ident"] == "9.9.9.9"
    assert api_settings.NUM_PROXIES == 0
