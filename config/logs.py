"""Log record fields the JSON and text formats share (settings.LOGGING)."""

from __future__ import annotations

import logging


class CeleryTaskFilter(logging.Filter):
    """Adds ``task_id`` and ``task_name`` of the Celery task being run by
    this worker thread (empty outside a task), and makes sure ``request_id``
    is there for formats that name it."""

    def filter(self, record: logging.LogRecord) -> bool:
        from celery import current_task  # a proxy: cheap, no app import

        record.task_id = record.task_name = ""
        if current_task:
            record.task_id = current_task.request.id or ""
            record.task_name = current_task.name or ""
        if not getattr(record, "request_id", None):
            record.request_id = ""
        return True
