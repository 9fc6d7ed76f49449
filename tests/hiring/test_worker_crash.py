"""A worker killed (SIGKILL) while it sends an application's confirmation: nothing is lost, and
the e-mail reaches the mail server exactly once after a worker starts again.

The application goes through the real form; its task goes through a real queue (SQLite, as in
development) to a real worker (`manage.py run_huey`), which talks SMTP to a server on loopback.
The server stops answering at a chosen moment of the exchange, the test kills the worker there,
then starts another one. Like a real mail server, it takes a message only when it has replied
250 to it: a client gone before that reply has sent nothing.
"""

import datetime as dt
import signal
import socketserver
import subprocess
import sys
import threading
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db.models import F

from tests.careers.test_apply import apply_url, form_data
from tests.distribution.test_worker_crash import ROOT, WAIT_S, worker_environment
from tests.factories import pdf_upload
from vivier.hiring.models import Application, Message
from vivier.hiring.services import send_pending_messages

create_default_stages = import_module(
    "vivier.hiring.migrations.0002_default_stages"
).create_default_stages


class MailServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, hang_at: str):
        super().__init__(("127.0.0.1", 0), MailSession)
        self.hang_at = hang_at  # "greeting", "data" or "quit": where the first session stops
        self.reached = threading.Event()  # the first session got there
        self.accepted: list[bytes] = []  # messages replied 250 to
        self.delivered = threading.Event()
        self.sessions = 0


class MailSession(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def hang(self) -> None:
        """Answer nothing until the client goes away (it is killed)."""
        self.server.reached.set()
        while self.rfile.readline():
            pass

    def should_hang(self, moment: str) -> bool:
        return self.is_first and moment == self.server.hang_at

    def handle(self):
        server = self.server
        server.sessions += 1  # one session at a time here: the first worker dies before another
        self.is_first = server.sessions == 1
        if self.should_hang("greeting"):
            return self.hang()
        self.reply("220 mail.example.test ESMTP")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"DATA":
                self.reply("354 go ahead")
                content = b""
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    content += data
                if data == b"" or self.should_hang("data"):
                    return self.hang()  # never replied 250: nothing was taken
                server.accepted.append(content)
                self.reply("250 queued")
                server.delivered.set()
            elif command == b"QUIT":
                if self.should_hang("quit"):
                    return self.hang()
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def real_queue(tmp_path):
    """Tasks go to a SQLite queue that a worker process reads, instead of running in the test."""
    from huey.contrib.djhuey import HUEY

    saved = dict(HUEY.storage_kwargs)
    HUEY.storage_kwargs["filename"] = str(tmp_path / "queue.sqlite3")
    HUEY.immediate = False  # huey makes its storage again from storage_kwargs
    yield f"sqlite:///{tmp_path / 'queue.sqlite3'}"
    HUEY.storage_kwargs.clear()
    HUEY.storage_kwargs.update(saved)
    HUEY.immediate = True


def start_worker(queue_url, mail_port, log):
    environment = {
        **worker_environment(),
        "QUEUE_URL": queue_url,
        "QUEUE_WORKERS": "1",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_huey"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


# Real commits: the worker is another process. (Not serialized_rollback: reloading the serialized
# content types collides with those other transactional tests' flushes recreate.)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "hang_at",
    ["greeting", "data", "quit"],
    ids=["before-the-server-greets", "before-the-server-accepts", "after-the-server-accepted"],
)
def test_a_worker_killed_while_sending_the_confirmation_loses_nothing_and_sends_it_once(
    hang_at, real_queue, client, employer, offer, tmp_path
):
    # The pipeline stages a migration made are gone after an earlier transactional test's flush.
    create_default_stages(django_apps, schema_editor=None)
    server = MailServer(hang_at)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed at the end
    try:
        response = client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})
        assert response.status_code == 302
        application = Application.objects.get()
        message = application.messages.get()

        first = start_worker(real_queue, server.server_address[1], log)
        assert server.reached.wait(WAIT_S), (tmp_path / "worker.log").read_text()
        first.send_signal(signal.SIGKILL)
        first.wait(WAIT_S)

        # Nothing is lost: the application and its e-mail were committed before any worker.
        assert Application.objects.filter(pk=application.pk).exists()
        message.refresh_from_db()
        if hang_at == "quit":
            # The server accepted it and the worker recorded it before saying goodbye.
            assert len(server.accepted) == 1 and message.sent_at is not None
        else:
            assert server.accepted == [] and message.sent_at is None
            assert message.claimed_at is not None  # held by the dead worker

        # The dead worker's lease runs out, as it does MESSAGE_LEASE_S after its claim.
        Message.objects.filter(pk=message.pk, claimed_at__isnull=False).update(
            claimed_at=F("claimed_at") - dt.timedelta(seconds=settings.MESSAGE_LEASE_S + 1)
        )
        second = start_worker(real_queue, server.server_address[1], log)
        if hang_at != "quit":
            assert server.delivered.wait(WAIT_S), (tmp_path / "worker.log").read_text()
        second.send_signal(signal.SIGINT)  # huey's graceful stop: the task in hand finishes
        second.wait(WAIT_S)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
        log.close()

    assert len(server.accepted) == 1, (tmp_path / "worker.log").read_text()
    sent = server.accepted[0].decode()
    assert "camille.exemple@example.test" in sent and message.message_id in sent
    message.refresh_from_db()
    assert message.sent_at is not None
    assert send_pending_messages() == 0  # nothing left for any later worker
