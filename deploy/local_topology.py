"""The production topology of deploy/ on this machine, for `make prod-smoke` and bench/load.

No Docker and no systemd: nginx, gunicorn and the Huey worker run as plain processes from a
temporary prefix, against the local PostgreSQL (a fresh database of their own) and Redis
(database numbers of their own), with an SMTP sink in this process receiving the e-mails.
What runs is the deploy/ files themselves:

- the environment is deploy/vivier.env.example with only the machine's values replaced
  (secrets, addresses, folders), each of them a variable the example documents;
- gunicorn and the worker start with the ExecStart= command lines of the systemd units, from
  WorkingDirectory=, and stop with their KillSignal=;
- nginx runs deploy/nginx/vivier.conf with the production names replaced by local ones
  (RENDERING below: each replacement must find its text, so the file cannot drift unnoticed),
  TLS on a self-signed certificate made here for 127.0.0.1.

Everything started is stopped by stop(), which also runs when start() fails half-way.
"""

import base64
import datetime as dt
import email
import email.policy
import hashlib
import html.parser
import ipaddress
import os
import secrets
import shlex
import shutil
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"
POSTGRES = ["-h", HOST, "-U", "postgres"]
QUIET_POSTGRES = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}  # no NOTICE

sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(DEPLOY))
import envfile  # noqa: E402
from common import nginx_binary  # noqa: E402  (bench/common.py: installs nginx when missing)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def unit_command(unit: str) -> tuple[list[str], Path, signal.Signals]:
    """(ExecStart, WorkingDirectory, KillSignal) of a deploy/systemd unit, in this checkout."""
    settings = {}
    for line in (DEPLOY / "systemd" / unit).read_text().splitlines():
        name, equals, value = line.partition("=")
        if equals and not line.startswith("#"):
            settings[name.strip()] = value.strip().replace("/srv/vivier/app", str(ROOT))
    stop_signal = getattr(signal, settings.get("KillSignal", "SIGTERM"))
    return shlex.split(settings["ExecStart"]), Path(settings["WorkingDirectory"]), stop_signal


# --- what a browser does with a form ----------------------------------------------------------
class FormReader(html.parser.HTMLParser):
    """The fields of the form whose action is `action`, as a browser would send them."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.inside, self.form_attributes = action, False, {}
        self.fields: list[dict] = []
        self.options: dict[str, list[str]] = {}
        self._select = None

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        if tag == "form" and attributes.get("action", self.action) == self.action:
            self.inside, self.form_attributes = True, attributes
        elif self.inside and tag in ("input", "textarea", "select") and attributes.get("name"):
            self.fields.append({"tag": tag, **attributes})
            self._select = attributes["name"] if tag == "select" else None
        elif self.inside and tag == "option" and self._select:
            self.options.setdefault(self._select, []).append(attributes.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None


def solve_proof(ticket: str, bits: int) -> str:
    """What vivier/static/vivier/antibot.js computes in the browser, from the page's own data."""
    number = 0
    while True:
        digest = int.from_bytes(hashlib.sha256(f"{ticket}:{number}".encode()).digest(), "big")
        if digest >> (256 - bits) == 0:
            return str(number)
        number += 1


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]):
    boundary = "vivier-smoke-" + secrets.token_hex(8)
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            .encode()
        )  # fmt: skip
    for name, filename, content_type, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class SmtpSink:
    """An SMTP server on the loopback that keeps every message it receives, in memory."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.arrived = threading.Condition()
        sink = self

        class Session(socketserver.StreamRequestHandler):
            def reply(self, line: str):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 vivier-smoke ESMTP")
                while line := self.rfile.readline():
                    verb = line.decode("latin-1").strip().split(" ", 1)[0].upper()
                    if verb == "EHLO":
                        self.reply("250-vivier-smoke")
                        self.reply("250 8BITMIME")
                    elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                        self.reply("250 OK")
                    elif verb == "DATA":
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        lines = []
                        while (data := self.rfile.readline()) not in (b".\r\n", b""):
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        sink.receive(b"".join(lines))
                        self.reply("250 OK: queued")
                    elif verb == "QUIT":
                        self.reply("221 Bye")
                        return
                    else:
                        self.reply("502 Command not implemented")

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer((HOST, 0), Session)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def receive(self, raw: bytes) -> None:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()

    def wait_for(self, recipient: str, timeout_s: float):
        """The first message to `recipient`, waiting for it up to timeout_s; None if none came."""

        def found():
            return next((m for m in self.messages if recipient in str(m["To"])), None)

        with self.arrived:
            self.arrived.wait_for(found, timeout=timeout_s)
            return found()

    def count(self) -> int:
        with self.arrived:
            return len(self.messages)

    def wait_for_count(self, count: int, timeout_s: float) -> bool:
        """Whether `count` messages (or more) arrived within timeout_s."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.messages) >= count, timeout=timeout_s)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid for a day (cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


NGINX_MAIN = """\
# The main configuration Debian's /etc/nginx/nginx.conf provides, for a prefix of our own.
worker_processes 2;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/nginx.error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    gzip on;
    client_body_temp_path {prefix}/nginx/client_body;
    proxy_temp_path {prefix}/nginx/proxy;
    fastcgi_temp_path {prefix}/nginx/fastcgi;
    uwsgi_temp_path {prefix}/nginx/uwsgi;
    scgi_temp_path {prefix}/nginx/scgi;
    include {prefix}/nginx/vivier.conf;
}}
"""


class LocalTopology:
    """nginx → gunicorn → PostgreSQL and Redis, and the worker, as deploy/ describes them.

    database: the PostgreSQL database's name (dropped and created anew);
    redis_databases: (queue, cache) database numbers of the local Redis, emptied first;
    overrides: more variables for the environment (each one documented in vivier.env.example).
    """

    def __init__(
        self,
        *,
        name: str,
        database: str,
        redis_databases: tuple[int, int],
        web_workers: int | None = None,
        demo_days: int = 7,
        overrides: dict | None = None,
        keep: bool = False,
    ):
        self.name, self.database, self.redis_databases = name, database, redis_databases
        self.web_workers, self.demo_days = web_workers, demo_days
        self.overrides = overrides or {}
        self.keep = keep
        self.processes: list[tuple[str, subprocess.Popen, signal.Signals]] = []
        self.sink: SmtpSink | None = None
        self.prefix: Path | None = None

    # --- what a caller uses -----------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"https://{HOST}:{self.https_port}"

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.prefix / "tls" / "cert.pem"))

    def manage(self, *arguments, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [PYTHON, "manage.py", *arguments],
            env=self.environment, cwd=ROOT, check=True, **kwargs,
        )  # fmt: skip

    def log_tail(self, lines: int = 25) -> str:
        parts = []
        for path in sorted((self.prefix / "logs").glob("*.log")) if self.prefix else []:
            text = path.read_text(errors="replace").splitlines()[-lines:]
            if text:
                parts.append(f"--- {path.name} (last {len(text)} lines)\n" + "\n".join(text))
        return "\n".join(parts)

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            print(self.log_tail(), file=sys.stderr, flush=True)
            self.stop()
            raise
        return self

    def __exit__(self, *_exception):
        self.stop()

    # --- starting ---------------------------------------------------------------------------
    def start(self) -> None:
        self.prefix = Path(tempfile.mkdtemp(prefix=f"vivier-{self.name}-"))
        # nginx's workers run as an unprivileged user: they must be able to cross the prefix.
        self.prefix.chmod(0o755)
        for folder in ("logs", "media", "var", "static", "nginx", "tls"):
            (self.prefix / folder).mkdir(mode=0o755)
        (self.prefix / "private").mkdir(mode=0o700)  # CVs: nothing but Vivier may read them
        self.https_port, self.http_port, self.web_port = free_port(), free_port(), free_port()
        self.sink = SmtpSink()
        self.environment = self._environment()
        # What does not depend on each other runs side by side: the static files while the
        # database migrates, the demo data while the servers start (as a release would: the
        # site serves while data is being written).
        self._step("fresh database and Redis", self._fresh_services)
        self._step("migrations and static files", self._migrate_and_collect)
        self._step("gunicorn, the worker and nginx", self._start_servers)
        self._step("demo data", lambda: self.manage(*self.demo_command, stdout=subprocess.DEVNULL))
        self._step("first answer through nginx", self._wait_until_healthy)

    @property
    def demo_command(self) -> list[str]:
        return ["demo", "--force", "--days", str(self.demo_days)]

    def _migrate_and_collect(self) -> None:
        collect = subprocess.Popen(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            env=self.environment, cwd=ROOT,
        )  # fmt: skip
        try:
            self.manage("migrate", "--no-input", "-v", "0")
        finally:
            if collect.wait() != 0:
                raise SystemExit("collectstatic failed")

    def _start_servers(self) -> None:
        self._start_application()
        self._start_nginx()

    def _step(self, label: str, action) -> None:
        started = time.monotonic()
        action()
        print(f"  [{self.name}] {label}: {time.monotonic() - started:.1f} s", flush=True)

    def _environment(self) -> dict:
        example = DEPLOY / "vivier.env.example"
        values, documented = envfile.read(example), envfile.documented(example)
        queue, cache = self.redis_databases
        fernet_key = secrets.token_bytes(32)
        local = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CREDENTIALS_KEYS": base64.urlsafe_b64encode(fernet_key).decode(),
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}:{self.https_port}",
            "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{self.https_port}",
            "EMAIL_URL": f"smtp://{HOST}:{self.sink.port}",
            "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{self.database}",
            "QUEUE_URL": f"redis://{HOST}:6379/{queue}",
            "CACHE_URL": f"redis://{HOST}:6379/{cache}",
            "MEDIA_ROOT": str(self.prefix / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.prefix / "private"),
            "VIVIER_VAR_DIR": str(self.prefix / "var"),
            "STATIC_ROOT": str(self.prefix / "static"),
            "GUNICORN_BIND": f"{HOST}:{self.web_port}",
            "LOG_LEVEL": "WARNING",
            **({"WEB_CONCURRENCY": str(self.web_workers)} if self.web_workers else {}),
            **self.overrides,
        }
        undocumented = sorted(set(local) - documented)
        if undocumented:
            raise SystemExit(f"not in deploy/vivier.env.example: {', '.join(undocumented)}")
        # Only what a systemd unit would have: the file, nothing from the caller's shell.
        base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
        return {**base, "HOME": str(self.prefix / "var"), **values, **local}

    def _fresh_services(self) -> None:
        subprocess.run(
            ["dropdb", *POSTGRES, "--if-exists", self.database], check=True, env=QUIET_POSTGRES
        )
        subprocess.run(["createdb", *POSTGRES, self.database], check=True)
        for number in self.redis_databases:
            subprocess.run(
                ["redis-cli", "-h", HOST, "-n", str(number), "flushdb"],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip

    def _spawn(self, name: str, command: list, cwd: Path, stop_signal) -> subprocess.Popen:
        log = open(self.prefix / "logs" / f"{name}.log", "ab")  # noqa: SIM115 (the process keeps it)
        process = subprocess.Popen(
            command, env=self.environment, cwd=cwd, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        self.processes.append((name, process, stop_signal))
        return process

    def _start_application(self) -> None:
        for name, unit in (("gunicorn", "vivier-web.service"), ("worker", "vivier-worker.service")):
            command, cwd, stop_signal = unit_command(unit)
            self._spawn(name, command, cwd, stop_signal)

    def render_site(self) -> str:
        """deploy/nginx/vivier.conf with this machine's ports, folders and certificate."""
        cert, key = make_certificate(self.prefix / "tls")
        prefix, snippets = self.prefix, DEPLOY / "nginx"
        rendering = [
            ("/etc/letsencrypt/live/emplois.example.org/fullchain.pem", str(cert)),
            ("/etc/letsencrypt/live/emplois.example.org/privkey.pem", str(key)),
            ("server_name emplois.example.org;", f"server_name {HOST};"),
            ("listen 443 ssl http2;", f"listen {HOST}:{self.https_port} ssl http2;"),
            ("listen [::]:443 ssl http2;", "# (no IPv6 here)"),
            ("listen 80;", f"listen {HOST}:{self.http_port};"),
            ("listen [::]:80;", "# (no IPv6 here)"),
            ("https://$host$request_uri", f"https://$host:{self.https_port}$request_uri"),
            ("server 127.0.0.1:8000 ", f"server {HOST}:{self.web_port} "),
            ("/var/cache/nginx/vivier", f"{prefix}/nginx/cache"),
            ("/var/log/nginx/", f"{prefix}/logs/"),
            ("/var/www/letsencrypt", f"{prefix}/acme"),
            ("/srv/vivier/app/", f"{ROOT}/"),
            ("/srv/vivier/media/", f"{prefix}/media/"),
            ("/etc/nginx/snippets/", f"{snippets}/"),
        ]
        site = (DEPLOY / "nginx" / "vivier.conf").read_text()
        for production, local in rendering:
            if production not in site:
                raise SystemExit(f"deploy/nginx/vivier.conf no longer contains {production!r}")
            site = site.replace(production, local)
        return site

    def _start_nginx(self) -> None:
        (self.prefix / "nginx" / "vivier.conf").write_text(self.render_site())
        main = self.prefix / "nginx" / "nginx.conf"
        main.write_text(NGINX_MAIN.format(prefix=self.prefix))
        binary = nginx_binary()
        command = [binary, "-p", str(self.prefix / "nginx"), "-c", str(main), "-e",
                   str(self.prefix / "logs" / "nginx.error.log")]  # fmt: skip
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise SystemExit(f"nginx refuses the configuration:\n{checked.stderr}")
        # SIGQUIT is nginx's graceful stop (systemd's nginx.service stops it so).
        self._spawn("nginx", command, self.prefix, signal.SIGQUIT)

    def _wait_until_healthy(self, timeout_s: float = 60) -> None:
        url, context = f"{self.base_url}/healthz", self.ssl_context()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for name, process, _signal in self.processes:
                if process.poll() is not None:
                    raise SystemExit(f"{name} stopped (exit {process.returncode})")
            try:
                with urllib.request.urlopen(url, timeout=2, context=context) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)  # polling a server that is starting: nothing to wait on
        raise SystemExit(f"no healthy answer from {url} within {timeout_s} s")

    # --- stopping ---------------------------------------------------------------------------
    def stop(self) -> None:
        for _name, process, stop_signal in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(stop_signal)
        for name, process, _signal in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                print(f"  [{self.name}] {name} did not stop: killed", flush=True)
                process.kill()
                process.wait()
        self.processes = []
        if self.sink:
            self.sink.close()
            self.sink = None
        if self.keep:
            print(f"  [{self.name}] kept: {self.prefix}, database {self.database}", flush=True)
            return
        subprocess.run(
            ["dropdb", *POSTGRES, "--if-exists", self.database], check=False, env=QUIET_POSTGRES
        )
        if self.prefix:
            shutil.rmtree(self.prefix, ignore_errors=True)
