"""manage.py poll_inbound_mail: read the replies waiting in the IMAP mailbox once."""

import imaplib

from django.core.management.base import BaseCommand, CommandError

from vivier.hiring.conversations.imap import MailboxNotConfigured, poll_mailbox


class Command(BaseCommand):
    help = "Read candidates' replies from the IMAP mailbox of INBOUND_IMAP_URL (or --url)."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="imaps://user:password@host:993/INBOX")

    def handle(self, *args, url=None, **options):
        try:
            count = poll_mailbox(url)
        except MailboxNotConfigured as error:
            raise CommandError(str(error)) from error
        except (imaplib.IMAP4.error, OSError) as error:
            raise CommandError(f"The mailbox could not be read: {error}") from error
        self.stdout.write(f"{count} message(s) read.")
