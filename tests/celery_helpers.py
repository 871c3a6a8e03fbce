"""Pointing the test process's Celery app at a real broker, and back."""

import os
from contextlib import contextmanager

import kombu.pools

from config.celery import app as celery_app


def forget_producer_pools() -> None:
    # pools live in kombu's global registry and are cached by the app
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str, *, queue: str | None = None):
    """Send tasks to ``url`` for real (not eagerly), to ``queue`` if given,
    with fresh producer pools; everything is restored afterwards. Celery
    reads CELERY_BROKER_URL from the environment before its config."""
    conf = celery_app.conf
    saved = (
        conf.task_always_eager,
        conf.broker_url,
        conf.task_default_queue,
        os.environ.get("CELERY_BROKER_URL"),
    )
    conf.task_always_eager, conf.broker_url = False, url
    if queue is not None:
        conf.task_default_queue = queue
    os.environ["CELERY_BROKER_URL"] = url
    forget_producer_pools()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.task_default_queue, env_url = saved
        if env_url is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = env_url
        forget_producer_pools()
