"""Test overrides: a thin layer over config.settings.

The database and broker still come from the environment, so the same suite
runs on SQLite (default) and on PostgreSQL + Redis (second leg of .ci/run).
Tasks run eagerly unless a test is about the broker and says otherwise.
"""

import os

os.environ.setdefault("DEBUG", "1")

from .settings import *  # noqa: E402,F403
from .settings import CELERY_BROKER_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
# Broker tests read the real URL from here and start real workers.
CLAIMS_TEST_BROKER_URL = CELERY_BROKER_URL
CELERY_TASK_ALWAYS_EAGER = True
# No test reaches the outside web: the fetch tests enable fetching against a
# local HTTP server they start.
CLAIMS_FETCH_ENABLED = False
# Tests make many requests quickly; the throttle test sets its own rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tests run without collectstatic: static URLs need no manifest (the serving
# test runs collectstatic and gunicorn with the production storage).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Login limits are tested by the test that turns them on.
AXES_ENABLED = False

# the matcher reads word frequencies afresh in each test
CLAIMS_MATCH_VOCABULARY_SECONDS = 0
# Matching reads by the words alone in the tests, whatever is installed
# ("auto" would read with the semantic extra, which the dev extra brings):
# the tests of the model (tests/claims/matching/test_semantic.py) name it,
# in the setting or, for a command run apart, in the environment.
CLAIMS_MATCH_SEMANTIC_MODEL = os.environ.get("CLAIMS_MATCH_SEMANTIC_MODEL", "off").strip()
