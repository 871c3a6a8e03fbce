"""The Celery app. Configuration comes from Django settings (CELERY_* names).

With no CELERY_BROKER_URL the settings make every task run eagerly in the
calling process: the embedded default needs no broker at all. Celery still
takes a producer from its pool for an eager task (it sends nothing): named
no broker, kombu fills in amqp://localhost and warns of it at each start, so
in-process the app is given the in-memory transport, which no one listens to.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("claimtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
if app.conf.task_always_eager and not app.conf.broker_url:
    app.conf.broker_url = "memory://localhost/"
app.autodiscover_tasks()
