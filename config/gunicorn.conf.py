"""gunicorn settings: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Everything an operator tunes comes from the environment:

    PORT / GUNICORN_BIND   where to listen (default 0.0.0.0:8000)
    WEB_CONCURRENCY        worker processes (default 2 × cores + 1, at most 8)
    GUNICORN_THREADS       threads per worker (default 4)
    GUNICORN_TIMEOUT       seconds a request may take before its worker is
                           restarted (default 120: a synchronous ingest of an
                           article up to the async threshold fits well inside)
    GUNICORN_MAX_REQUESTS  recycle a worker after this many requests (1000)

Access lines are JSON, one per request, with the request id the app returns
(``X-Request-ID``), so they join the app's own JSON logs.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{_int('PORT', 8000)}"
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
timeout = _int("GUNICORN_TIMEOUT", 120)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Load the app once in the master: workers fork with it already imported.
preload_app = True
# Request bodies are capped by the app (CLAIMS_API_MAX_REQUEST_BYTES); these
# cap the request line and headers.
limit_request_line = 8190
limit_request_fields = 100

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%(h)s", '
    '"method": "%(m)s", "path": "%(U)s", "query": "%(q)s", "status": %(s)s, '
    '"bytes": "%(B)s", "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s", '
    '"user_agent": "%(a)s"}'
)
# Whether a request is HTTPS is the app's decision (SECURE_PROXY_SSL_HEADER,
# set only with TRUSTED_PROXY_HOPS): gunicorn believes no forwarded header.
secure_scheme_headers = {}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

if os.environ.get("LOG_FORMAT", "json") == "json":
    # gunicorn's own lines (start, worker boot, errors) as JSON too; the
    # handler names are gunicorn's, which its root logger refers to
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
            "access": {"format": "%(message)s"},
        },
        "handlers": {
            "error_console": {"class": "logging.StreamHandler", "formatter": "json"},
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "access",
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
