import contextlib
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vivier.distribution.sandbox import Sandbox


class Command(BaseCommand):
    help = (
        "Serve the local sandbox that plays LinkedIn, X, Facebook, Mastodon and a webhook "
        "receiver, so sandbox channels can publish without any account."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, help="Default: the port of SANDBOX_URL (8790).")

    def handle(self, *args, port=None, **options):
        if not settings.SANDBOX_URL and port is None:
            raise CommandError("SANDBOX_URL is empty: the sandbox is off in this installation.")
        port = port or int(settings.SANDBOX_URL.rsplit(":", 1)[1])
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with Sandbox(port=port) as sandbox:
            self.stdout.write(f"Sandbox listening on {sandbox.url}")
            with contextlib.suppress(KeyboardInterrupt):
                stop.wait()
