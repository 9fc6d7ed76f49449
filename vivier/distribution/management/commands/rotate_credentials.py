from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand
from django.db import transaction

from vivier.distribution import crypto
from vivier.distribution.models import Channel

# What allauth.mfa stores encrypted (through vivier.accounts.adapter.MFAAdapter).
AUTHENTICATOR_SECRETS = ("secret", "seed")


class Command(BaseCommand):
    help = (
        "Encrypt every channel's credentials and every two-factor secret again with the first "
        "key of CREDENTIALS_KEYS, so older keys can then be removed."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        channels = Channel.objects.select_for_update().exclude(credentials_encrypted="")
        count = 0
        for channel in channels:
            channel.credentials_encrypted = crypto.rotate(channel.credentials_encrypted)
            channel.save(update_fields=["credentials_encrypted"])
            count += 1
        self.stdout.write(f"{count} channel(s) encrypted with the first key")
        count = 0
        for authenticator in Authenticator.objects.select_for_update():
            data = authenticator.data
            for name in AUTHENTICATOR_SECRETS:
                if data.get(name):
                    data[name] = crypto.rotate(data[name])
            if data.get("migrated_codes"):
                data["migrated_codes"] = [crypto.rotate(code) for code in data["migrated_codes"]]
            authenticator.save(update_fields=["data"])
            count += 1
        self.stdout.write(f"{count} two-factor authenticator(s) encrypted with the first key")
