"""Asking Celery for work, by task name.

Core code never imports ``claims.tasks``: it names the task, and the Celery
app looks it up in its registry. Without a broker the app runs tasks eagerly,
in-process. A broker failure is logged, never raised: whatever asked for the
work has already marked it in the database (a claim stays due), so the next
sweep does it.
"""

from __future__ import annotations

import logging

from celery import current_app
from celery.result import AsyncResult
from django.db import transaction

log = logging.getLogger(__name__)

RECHECK_CLAIM = "claims.recheck_claim"
RECHECK_CLAIMS = "claims.recheck_claims"
MATCH_CLAIMS = "claims.match_claims"
RESCORE_SOURCE = "claims.rescore_source"
DELIVER_WEBHOOK = "claims.deliver_webhook"


def runs_in_process() -> bool:
    """Whether queued tasks run here and now (no broker configured)."""
    return bool(current_app.conf.task_always_eager)


def task_named(name: str):
    """The registered task called ``name``. The app's task modules are
    imported on first use, by Celery's own autodiscovery (a web process
    never imports them otherwise)."""
    app = current_app._get_current_object()
    if name not in app.tasks:
        app.loader.import_default_modules()
    return app.tasks[name]


def enqueue_result(task_name: str, *args, **kwargs) -> AsyncResult | None:
    """Queue ``task_name`` with these arguments. Returns Celery's result
    (an EagerResult, already done, when tasks run in-process), or None when
    the broker (or, in-process, the task) failed: logged, not raised."""
    try:
        return task_named(task_name).apply_async(args=args, kwargs=kwargs)
    except Exception:  # the broker, not our data: the sweep will catch up
        log.exception("could not queue %s%r", task_name, args)
        return None


def enqueue(task_name: str, *args, **kwargs) -> str | None:
    """``enqueue_result``, returning the task id (None on failure)."""
    result = enqueue_result(task_name, *args, **kwargs)
    return None if result is None else result.id


def enqueue_on_commit(task_name: str, *args, **kwargs) -> None:
    """Queue the task once the current transaction commits (at once outside
    one); nothing is queued if it rolls back."""
    transaction.on_commit(lambda: enqueue(task_name, *args, **kwargs), robust=True)
