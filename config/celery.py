"""The Celery app. Configuration comes from Django settings (CELERY_* names).

With no CELERY_BROKER_URL the settings make every task run eagerly in the
calling process: the embedded default needs no broker at all.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("claimtrack")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
