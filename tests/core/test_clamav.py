"""The virus scan of CVs through clamd's INSTREAM protocol, against a local server that speaks it.

clamd itself is not needed: the server below follows clamd(8)'s contract (zINSTREAM, chunks
with a 4-byte big-endian length, a zero length to end, one NUL-terminated answer), and finds
the EICAR test signature the way clamd does for the standard test file.
"""

import logging
import socket
import socketserver
import struct
import threading

import pytest

from tests.careers.test_apply import apply_url, form_data
from tests.factories import pdf_upload
from vivier.core import clamav
from vivier.hiring.models import Application

pytestmark = pytest.mark.django_db

# The EICAR anti-virus test string, assembled here so that this file itself is not flagged.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


class Clamd(socketserver.StreamRequestHandler):
    def handle(self):
        command = self.rfile.read(len(b"zINSTREAM\0"))
        if command != b"zINSTREAM\0":
            self.wfile.write(b"UNKNOWN COMMAND\0")
            return
        if self.server.answer_with is not None:
            while (size := struct.unpack(">I", self.rfile.read(4))[0]) != 0:
                self.rfile.read(size)
            self.wfile.write(self.server.answer_with)
            return
        received, chunks = b"", 0
        while (size := struct.unpack(">I", self.rfile.read(4))[0]) != 0:
            received += self.rfile.read(size)
            chunks += 1
        self.server.scanned.append((received, chunks))
        found = EICAR in received
        self.wfile.write(b"stream: Eicar-Signature FOUND\0" if found else b"stream: OK\0")


def serve(server):
    server.daemon_threads = True
    server.scanned, server.answer_with = [], None
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def clamd(settings):
    server, thread = serve(socketserver.ThreadingTCPServer(("127.0.0.1", 0), Clamd))
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", server.server_address[1]
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def infected_pdf():
    upload = pdf_upload()
    content = upload.read() + b"\n" + EICAR
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")


def test_a_clean_cv_is_scanned_once_in_chunks_and_taken(client, employer, offer, clamd):
    cv = pdf_upload(lines=[f"Expérience {n}" for n in range(6000)])  # more than one chunk
    size = cv.size
    response = client.post(apply_url(offer), {**form_data(), "cv": cv})
    assert response.status_code == 302
    assert Application.objects.count() == 1
    # The form and the service check the same upload: one scan.
    assert len(clamd.scanned) == 1
    received, chunks = clamd.scanned[0]
    assert len(received) == size and received.startswith(b"%PDF-")
    assert chunks == -(-size // clamav.CHUNK_BYTES) > 1


def test_an_infected_cv_is_refused_with_a_clear_error(client, employer, offer, clamd, caplog):
    with caplog.at_level(logging.WARNING, logger="vivier.core.clamav"):
        response = client.post(apply_url(offer), {**form_data(), "cv": infected_pdf()})
    assert response.status_code == 200
    assert "contient un virus (Eicar-Signature)" in response.content.decode()
    assert 'value="Camille"' in response.content.decode()  # the rest is kept
    assert not Application.objects.exists()
    assert "Eicar-Signature" in caplog.text


def test_an_unreachable_scanner_refuses_the_upload_and_says_so_in_the_log(
    client, employer, offer, settings, caplog
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", closed_port
    with caplog.at_level(logging.ERROR, logger="vivier.core.clamav"):
        response = client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})
    assert response.status_code == 200
    assert "n'a pas pu être analysé" in response.content.decode().replace("&#x27;", "'")
    assert not Application.objects.exists()
    assert "virus scan failed" in caplog.text and "unreachable" in caplog.text


@pytest.mark.parametrize(
    "answer", [b"INSTREAM size limit exceeded. ERROR\0", b"", b"stream: something else\0"]
)
def test_an_unclear_answer_refuses_the_upload(client, employer, offer, clamd, answer):
    clamd.answer_with = answer
    response = client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()})
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_a_unix_socket_works_too(settings, tmp_path):
    path = str(tmp_path / "clamd.ctl")
    server, thread = serve(socketserver.ThreadingUnixStreamServer(path, Clamd))
    settings.CLAMD_HOST, settings.CLAMD_SOCKET = "", path
    try:
        assert clamav.scan_stream(infected_pdf()) == "Eicar-Signature"
        assert clamav.scan_stream(pdf_upload()) is None
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert len(server.scanned) == 2


def test_without_a_scanner_configured_nothing_is_sent(client, employer, offer, clamd, settings):
    settings.CLAMD_HOST = settings.CLAMD_SOCKET = ""
    assert client.post(apply_url(offer), {**form_data(), "cv": pdf_upload()}).status_code == 302
    assert clamd.scanned == []
