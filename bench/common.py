"""What the benchmarks share: production settings, a fresh PostgreSQL database, gunicorn."""

import os
import shutil
import subprocess
import sys
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
        # The benchmarks talk plain HTTP to gunicorn, where nginx would have ended TLS and said
        # so in X-Forwarded-Proto: no redirect to HTTPS here.
        "SECURE_SSL_REDIRECT": "false",
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


def start_gunicorn(env, port: int, workers: int | None = 2) -> subprocess.Popen:
    """gunicorn on `port` with `workers` sync workers, or with None the production
    configuration (deploy/gunicorn.conf.py: 2 workers per core plus one)."""
    if workers is None:
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_LOG_LEVEL": "warning"}
        command = [GUNICORN, "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "vivier.wsgi"]
    else:
        command = [GUNICORN, "vivier.wsgi", "--workers", str(workers),
                   "--bind", f"127.0.0.1:{port}", "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/robots.txt")
    except BaseException:
        server.terminate()  # never leave a server behind
        server.wait(timeout=30)
        raise
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


def cpu_busy_share(seconds: float = 1.0) -> float:
    """Share of the machine's CPU time used by other processes before the benchmark starts."""

    def times():
        values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return sum(values), values[3] + values[4]  # all, idle + iowait

    total_before, idle_before = times()
    time.sleep(seconds)
    total_after, idle_after = times()
    return 1 - (idle_after - idle_before) / max(1, total_after - total_before)


def cpu_seconds_by_role(web_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the web server (web_pid and its workers), PostgreSQL (every
    `postgres` process) and the benchmark itself, read from /proc: what a request costs each."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {"web": 0.0, "database": 0.0, "benchmark": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, fields = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:  # gone meanwhile
            continue
        pid, parent = int(entry.name), int(fields.split()[1])
        seconds = (int(fields.split()[11]) + int(fields.split()[12])) / tick  # utime + stime
        if web_pid in (pid, parent):
            used["web"] += seconds
        elif name.endswith("(postgres"):
            used["database"] += seconds
        elif pid == os.getpid():
            used["benchmark"] += seconds
    return used


def nginx_binary() -> str:
    """nginx's path; installs nginx-light with apt-get (as CI does) when it is missing."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    print("nginx is missing: installing nginx-light (apt-get)", file=sys.stderr, flush=True)
    # RUNLEVEL=1: the package's scripts must not start the system service, we run our own.
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive", "RUNLEVEL": "1"}
    quiet = {"env": apt, "stdout": subprocess.DEVNULL}
    sudo = [] if os.geteuid() == 0 else ["sudo", "--preserve-env=DEBIAN_FRONTEND,RUNLEVEL"]
    install = [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends"]
    if subprocess.run([*install, "nginx-light"], **quiet).returncode != 0:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=True, **quiet)
        if subprocess.run([*install, "nginx-light"], **quiet).returncode != 0:
            subprocess.run([*install, "nginx"], check=True, **quiet)
    found = shutil.which("nginx", path="/usr/sbin:/usr/local/sbin:/usr/bin")
    if not found:
        raise SystemExit("nginx could not be installed")
    return found
