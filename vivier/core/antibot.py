"""A self-hosted anti-bot measure for public forms: no third-party captcha, nothing to solve.

Three checks, each cheap for a person and costly for a naive bot:

1. a honeypot field, hidden from people (CSS, out of the tab order, labelled "leave empty" for
   screen readers) that form-filling robots fill in;
2. a ticket: a signed (HMAC, SECRET_KEY) token naming the moment the form was shown and a random
   nonce. A form sent without one, with a forged or expired one (ANTI_BOT_MAX_AGE_S), or a second
   time with the same one (the nonce is spent in the shared cache) is refused;
3. a small proof of work for fast senders: a form sent less than ANTI_BOT_MIN_FILL_S seconds after
   it was shown must carry a number such that SHA-256(ticket ":" number) starts with
   ANTI_BOT_PROOF_BITS zero bits. vivier/static/vivier/antibot.js finds it while the person types
   (about 16,000 hashes: a fraction of a second). Without JavaScript there is no proof, and the
   form is accepted once it has been open that long, which any person filling it in needs anyway.

Nothing here is a wall against a determined bot (that needs a person-solvable challenge, which
we refuse to impose on candidates); with the per-address limit on submissions it turns bulk
spam into slow, costly work. A refused form is shown again with everything typed and a fresh
ticket, so a person who tripped a check sends it again and loses nothing.

The blank form page is cached for everyone (careers/cache.py): it holds TICKET_PLACEHOLDER,
which each response replaces with a ticket of its own, like the CSRF token.
"""

import hashlib
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

SALT = "vivier.antibot-ticket"
TICKET_PLACEHOLDER = "vivier-ticket-placeholder-4f2a"
HONEYPOT = "leave_empty"


class Refused(Exception):
    """The submission looks automated; the message is for the person, if it was one."""


def issue_ticket(*, shown_at: float | None = None) -> str:
    """A new ticket; shown_at carries the first display's time to a form shown again."""
    shown_at = time.time() if shown_at is None else shown_at
    return signing.dumps({"t": round(shown_at, 3), "n": secrets.token_urlsafe(12)}, salt=SALT)


def shown_at(ticket: str) -> float | None:
    """When the ticket's form was first shown, if the ticket is genuine and not expired."""
    try:
        data = signing.loads(ticket, salt=SALT, max_age=settings.ANTI_BOT_MAX_AGE_S)
        return float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def is_proof(ticket: str, proof: str, bits: int) -> bool:
    if not proof.isdigit() or len(proof) > 12:
        return False
    digest = hashlib.sha256(f"{ticket}:{proof}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def solve(ticket: str, bits: int) -> str:
    """What antibot.js computes in the browser (used by tests and scripts that fill forms)."""
    number = 0
    while not is_proof(ticket, str(number), bits):
        number += 1
    return str(number)


def check(data) -> None:
    """Raise Refused if the submitted data looks automated; spends the ticket otherwise."""
    if data.get(HONEYPOT):
        raise Refused(
            _("The field “leave this field empty” was filled in, as robots do. Please send the "
              "form again without it.")
        )  # fmt: skip
    ticket = data.get("ticket", "")
    started = shown_at(ticket)
    if started is None:
        raise Refused(
            _("This form has expired (it was open too long, or it was changed). Please send it "
              "again: what you typed is kept.")
        )  # fmt: skip
    elapsed = time.time() - started
    if elapsed < settings.ANTI_BOT_MIN_FILL_S and not is_proof(
        ticket, data.get("proof", ""), settings.ANTI_BOT_PROOF_BITS
    ):
        raise Refused(
            _("This form was sent faster than a person can fill it in. Please check it and send "
              "it again: what you typed is kept.")
        )  # fmt: skip
    # cache.add is atomic in the shared cache: of two submissions of one ticket, one wins.
    nonce = signing.loads(ticket, salt=SALT)["n"]
    if not cache.add(f"antibot:spent:{nonce}", 1, timeout=settings.ANTI_BOT_MAX_AGE_S):
        raise Refused(
            _("This form was already sent once. If you meant to send it again, please check it "
              "and send it: what you typed is kept.")
        )  # fmt: skip


class AntiBotFormMixin(forms.Form):
    """The honeypot, ticket and proof fields, and their check in clean()."""

    leave_empty = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    ticket = forms.CharField(required=False, widget=forms.HiddenInput)
    proof = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, ticket: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["ticket"] = ticket or issue_ticket()

    def clean(self):
        cleaned = super().clean()
        try:
            check(self.data)
        except Refused as refusal:
            self.add_error(None, str(refusal))
        self._renew_ticket()
        return cleaned

    def _renew_ticket(self) -> None:
        """The form shown again gets a fresh nonce; its display time stays the first one."""
        started = shown_at(self.data.get("ticket", ""))
        self.data = self.data.copy()
        self.data["ticket"] = issue_ticket(shown_at=started)
        self.data["proof"] = ""
        self.data[HONEYPOT] = ""

    @property
    def proof_bits(self) -> int:
        return settings.ANTI_BOT_PROOF_BITS
