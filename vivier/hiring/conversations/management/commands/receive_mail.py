"""manage.py receive_mail < message.eml: store one raw message read from standard input.

For a mail server that pipes to a program on the same machine (Postfix's pipe transport):
exit status 0 once stored, 75 (EX_TEMPFAIL: the mail server keeps it and tries again) if not.
"""

import sys

from django.core.management.base import BaseCommand

from vivier.hiring.conversations.models import Via
from vivier.hiring.conversations.services import receive_raw_message

EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Store one raw RFC 5322 message from standard input (thread or quarantine)."

    def add_arguments(self, parser):
        parser.add_argument("--recipient", default="", help="the envelope recipient (${recipient})")

    def handle(self, *args, recipient="", **options):
        raw = sys.stdin.buffer.read()
        try:
            record = receive_raw_message(raw, via=Via.MAIL_SERVER, recipient=recipient)
        except Exception as error:  # the mail server must keep the message: say "try again"
            self.stderr.write(f"Not stored: {error}")
            sys.exit(EX_TEMPFAIL)
        self.stdout.write(f"{record.pk} {record.status} {record.quarantine_reason}".strip())
