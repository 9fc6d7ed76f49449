"""Reading a raw RFC 5322 message into what a thread shows: sender, subject, text, attachments.

Anything that cannot be read raises MalformedMessage; the caller quarantines the raw bytes.
"""

import datetime as dt
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from django.utils import timezone
from django.utils.html import strip_tags

# Headers that may carry the address the message was delivered to.
RECIPIENT_HEADERS = ["Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc"]
MAX_HEADER_LENGTH = 300


class MalformedMessage(Exception):
    pass


@dataclass
class ParsedMessage:
    from_address: str
    from_name: str
    subject: str
    body: str
    message_id: str
    sent_at: dt.datetime | None
    recipients: list[str]
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def parse(raw: bytes) -> ParsedMessage:
    if not raw or not raw.strip():
        raise MalformedMessage("empty message")
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        return _read(message)
    except MalformedMessage:
        raise
    except Exception as error:  # the email package raises many kinds on broken input
        raise MalformedMessage(f"{type(error).__name__}: {error}") from error


def _read(message) -> ParsedMessage:
    if not message.keys():
        raise MalformedMessage("no headers")
    senders = [(name, address) for name, address in getaddresses(message.get_all("From", []))]
    senders = [(name, address) for name, address in senders if "@" in address]
    if not senders:
        raise MalformedMessage("no sender address (From)")
    name, address = senders[0]
    recipients = [
        address
        for header in RECIPIENT_HEADERS
        for _name, address in getaddresses([str(value) for value in message.get_all(header, [])])
        if address
    ]
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = _text_of(body_part) if body_part is not None else ""
    attachments = []
    for part in message.walk():
        if part is body_part or part.is_multipart():
            continue
        filename = part.get_filename()
        if part.get_content_disposition() != "attachment" and not filename:
            continue
        data = part.get_payload(decode=True) or b""
        attachments.append(((filename or "attachment")[:255], data))
    return ParsedMessage(
        from_address=address[:320],
        from_name=name[:200],
        subject=str(message.get("Subject", ""))[:MAX_HEADER_LENGTH],
        body=body,
        message_id=str(message.get("Message-ID", "")).strip()[:MAX_HEADER_LENGTH],
        sent_at=_date_of(message),
        recipients=recipients,
        attachments=attachments,
    )


def _text_of(part) -> str:
    try:
        text = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        # An unknown or lying charset: keep what can be read rather than nothing.
        text = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else str(text)
    if part.get_content_subtype() == "html":
        text = strip_tags(text)
    return text.replace("\r\n", "\n").strip()


def _date_of(message) -> dt.datetime | None:
    value = message.get("Date")
    if not value:
        return None
    try:
        when = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, dt.UTC)
    return when
