"""Every write that matters to a claim, a module per concern.

- ``verdicts``: the one door to status, confidence and lock (one claim or
  many), and the history rows those changes write;
- ``history``: history rows for events that are not status changes;
- ``edits``: an editor's wording and reading changes;
- ``evidence``: evidence added, changed or removed;
- ``ingest``: articles in, claims out;
- ``recheck``: re-checking claims against their evidence;
- ``queue``: asking Celery for work by task name (never importing tasks);
- ``facts``: what the pure scoring needs, read from the models;
- ``errors``: the refusals services raise.

Faces (API, admin, tasks, commands) call these; these never import a face.
"""
