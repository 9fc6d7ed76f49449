from django.core.management.base import BaseCommand
from django.db import transaction

from vivier.distribution import crypto
from vivier.distribution.models import Channel


class Command(BaseCommand):
    help = (
        "Encrypt every channel's credentials again with the first key of CREDENTIALS_KEYS, "
        "so older keys can then be removed."
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
