"""Reading replies from a mailbox over IMAP, for employers whose mail server cannot post them.

INBOUND_IMAP_URL: imaps://user:password@host:993/INBOX (TLS), or imap://… on a trusted network.
Each message is stored (thread or quarantine) before it is deleted from the mailbox, so a crash
in between only means it is read again, and the same bytes make one record.
"""

import contextlib
import imaplib
import logging
import ssl
from urllib.parse import unquote, urlsplit

from django.conf import settings

from vivier.hiring.conversations.models import Via
from vivier.hiring.conversations.services import receive_raw_message

logger = logging.getLogger(__name__)

IMAP_TIMEOUT_S = 30  # seconds; never wait forever for a mail server
BATCH = 100  # messages read per poll


class MailboxNotConfigured(Exception):
    pass


def connect(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname:
        raise MailboxNotConfigured("INBOUND_IMAP_URL must look like imaps://user:pass@host/INBOX")
    if parts.scheme == "imaps":
        connection = imaplib.IMAP4_SSL(
            parts.hostname, parts.port or 993, ssl_context=ssl.create_default_context(),
            timeout=IMAP_TIMEOUT_S,
        )  # fmt: skip
    else:
        connection = imaplib.IMAP4(parts.hostname, parts.port or 143, timeout=IMAP_TIMEOUT_S)
    connection.login(unquote(parts.username or ""), unquote(parts.password or ""))
    mailbox = unquote(parts.path.lstrip("/")) or "INBOX"
    status, _data = connection.select(mailbox)
    if status != "OK":
        raise imaplib.IMAP4.error(f"cannot open the mailbox {mailbox}")
    return connection


def poll_mailbox(url: str | None = None) -> int:
    """Store every message of the mailbox, then delete it there. Returns how many were read."""
    url = url if url is not None else settings.INBOUND_IMAP_URL
    if not url:
        raise MailboxNotConfigured("INBOUND_IMAP_URL is not set")
    connection = connect(url)
    count = 0
    try:
        _status, data = connection.uid("SEARCH", None, "ALL")
        uids = (data[0] or b"").split()[:BATCH]
        for uid in uids:
            status, parts = connection.uid("FETCH", uid, "(RFC822)")
            raw = next((item[1] for item in parts if isinstance(item, tuple)), None)
            if status != "OK" or raw is None:
                logger.warning("IMAP: message %s could not be fetched; left in the mailbox", uid)
                continue
            receive_raw_message(raw, via=Via.IMAP)
            connection.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
            count += 1
        if count:
            connection.expunge()
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()
    return count
