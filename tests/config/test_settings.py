"""Settings come from the environment and refuse unsafe production defaults."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", SETUP], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_without_secret_key_and_debug_off_startup_fails_with_a_clear_message():
    result = run_settings()
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set():
    result = run_settings(SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_on_allows_the_development_key():
    result = run_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_check_deploy_with_production_like_environment_reports_no_warnings():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        SECRET_KEY="a-long-random-production-secret-" + "k3y" * 20,
        DEBUG="0",
        ALLOWED_HOSTS="claims.example.org",
        SECURE_HSTS_PRELOAD="1",  # opt-in: hard to undo, so off by default
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_with_no_broker_a_task_runs_in_process_and_logs_nothing_of_it():
    # the embedded default (make demo): no broker named, the task runs here
    script = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "@app.task(name='probe')\n"
        "def probe(): return 42\n"
        "print(probe.delay().get())\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "LOG_LEVEL"}}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
    # no "No hostname was supplied" warning of a broker never used, no
    # "Task probe succeeded" line the caller's own report would repeat
    assert result.stderr == ""
