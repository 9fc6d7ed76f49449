"""Opaque cursors for pagination over ids, newest first: stable while rows are being added."""

import base64
import binascii

from django.utils.translation import gettext as _

from vivier.api.problems import Problem

MAX_ID = 2**63 - 1  # the largest id both databases store


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        last_id = int(base64.urlsafe_b64decode(padded.encode()).decode())
        if not 0 < last_id <= MAX_ID:
            raise ValueError(last_id)
        return last_id
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise Problem(400, _("Invalid cursor"), _("Use the next_cursor of a page.")) from error
