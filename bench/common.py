"""What the benchmarks share: production settings, a fresh PostgreSQL database, gunicorn."""

import os
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DATABASE = "vivier_bench"


def production_environment(var_dir: Path, **overrides) -> dict:
    """The variables docs/operations.md asks an operator to set, on this machine's services."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-" + "x" * 20,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "CACHE_URL": "redis://127.0.0.1:6379/13",
        "QUEUE_URL": "redis://127.0.0.1:6379/12",
        "EMAIL_URL": "console:",
        "VIVIER_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "vivier.settings",
        "LOG_LEVEL": "WARNING",
        **overrides,
    }


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)


def fresh_database(env) -> None:
    """A new database each run, migrated, with collected static files and an empty cache."""
    host = ["-h", "127.0.0.1", "-U", "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", DATABASE], check=True)
    subprocess.run(["createdb", *host, DATABASE], check=True)
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], env)
    run([PYTHON, "-c", "import django; django.setup(); from django.core.cache import cache; "
         "cache.clear()"], env)  # fmt: skip


def start_gunicorn(env, port: int, workers: int = 2) -> subprocess.Popen:
    server = subprocess.Popen(
        [GUNICORN, "vivier.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    wait_until_up(f"http://127.0.0.1:{port}/robots.txt")
    return server


def wait_until_up(url: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url}")
