"""``/healthz`` and ``/readyz`` for load balancers and process managers.

Answered by a middleware at the top of the stack, before host validation,
HTTPS redirects, sessions, authentication and throttling: a probe comes by
IP over plain HTTP, with no credentials, as often as it likes.

- ``/healthz``: the process is up and serving (200, no I/O).
- ``/readyz``: the database answers, every migration is applied, and the
  broker (when one is configured) accepts a connection: 200 when all hold,
  else 503 with ``Retry-After``; each check says what it found.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import JsonResponse

log = logging.getLogger(__name__)

PATHS = frozenset({"/healthz", "/healthz/", "/readyz", "/readyz/"})
_migrations_applied = False  # once true, stays true for this process


def check_database() -> tuple[bool, str]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # any failure means "not ready", reported, not raised
        return False, f"unreachable: {exc.__class__.__name__}"
    return True, "ok"


def check_migrations() -> tuple[bool, str]:
    global _migrations_applied
    if _migrations_applied:
        return True, "ok"
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return False, f"cannot read: {exc.__class__.__name__}"
    if plan:
        return False, f"{len(plan)} unapplied"
    _migrations_applied = True
    return True, "ok"


def check_broker() -> tuple[bool, str]:
    if not settings.CELERY_BROKER_URL:
        return True, "none configured: tasks run in-process"
    from config.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, f"unreachable: {exc.__class__.__name__}"
    return True, "ok"


def readiness() -> tuple[bool, dict]:
    checks = {}
    ok = True
    for name, check in (
        ("database", check_database),
        ("migrations", check_migrations),
        ("broker", check_broker),
    ):
        if name == "migrations" and not checks["database"]["ok"]:
            checks[name] = {"ok": False, "detail": "database unreachable"}
            ok = False
            continue
        started = time.perf_counter()
        passed, detail = check()
        checks[name] = {
            "ok": passed,
            "detail": detail,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
        ok = ok and passed
    return ok, checks


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"detail": "Use GET.", "code": "method_not_allowed"}, status=405)
        if request.path.startswith("/healthz"):
            return _no_store(JsonResponse({"status": "ok"}))
        ready, checks = readiness()
        if not ready:
            log.warning("not ready: %s", checks)
        response = JsonResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status=200 if ready else 503,
        )
        if not ready:
            response["Retry-After"] = "5"
        return _no_store(response)


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response
