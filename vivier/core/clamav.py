"""Virus scan of uploads through clamd, when CLAMD_SOCKET or CLAMD_HOST is set.

The client speaks clamd's INSTREAM command (clamd(8)): `zINSTREAM\\0`, then the file in chunks,
each preceded by its length as a 4-byte big-endian number, then a zero length; clamd answers
`stream: OK`, `stream: <signature> FOUND` or `... ERROR`, ended by a NUL byte.

It fails closed: when clamd cannot be reached or answers anything else, the upload is refused
with a message asking to try again later, and the reason is logged for the operator.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
MAX_REPLY_BYTES = 4096


class ScannerUnavailable(Exception):
    """clamd could not give an answer."""


def is_enabled() -> bool:
    return bool(settings.CLAMD_SOCKET or settings.CLAMD_HOST)


def _connect() -> socket.socket:
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(settings.CLAMD_TIMEOUT_S)
        connection.connect(settings.CLAMD_SOCKET)
        return connection
    return socket.create_connection(
        (settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=settings.CLAMD_TIMEOUT_S
    )


def scan_stream(file) -> str | None:
    """The name of the signature found in the file, or None if it is clean.

    Raises ScannerUnavailable when clamd cannot be reached or gives no clear answer.
    """
    try:
        with _connect() as connection:
            connection.sendall(b"zINSTREAM\0")
            file.seek(0)
            while chunk := file.read(CHUNK_BYTES):
                connection.sendall(struct.pack(">I", len(chunk)) + chunk)
            connection.sendall(struct.pack(">I", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < MAX_REPLY_BYTES:
                data = connection.recv(MAX_REPLY_BYTES)
                if not data:
                    break
                reply += data
    except OSError as error:
        raise ScannerUnavailable(f"clamd unreachable: {error}") from error
    finally:
        file.seek(0)
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if answer.endswith(" OK"):
        return None
    if answer.endswith(" FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    raise ScannerUnavailable(f"clamd answered {answer!r}")


def check_for_viruses(upload) -> None:
    """Refuse an infected upload, or any upload while the scanner is unavailable."""
    if not is_enabled() or getattr(upload, "virus_scanned", False):
        return
    try:
        signature = scan_stream(upload)
    except ScannerUnavailable as error:
        logger.error("Upload refused: the virus scan failed (%s)", error)
        raise ValidationError(
            _("Your file could not be checked for viruses just now. Please try again in a few "
              "minutes."),
            code="scan_unavailable",
        ) from error  # fmt: skip
    if signature:
        logger.warning("Upload refused: clamd found %s", signature)
        raise ValidationError(
            _("This file contains a virus (%(name)s) and was refused. Please send a clean copy.")
            % {"name": signature},
            code="infected",
        )
    # The same upload goes through the form and then the service: scanned once.
    upload.virus_scanned = True
