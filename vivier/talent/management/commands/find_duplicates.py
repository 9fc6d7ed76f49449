"""Look over the whole pool for possible duplicates (same name, a close detail) to review."""

from django.core.management.base import BaseCommand

from vivier.talent.duplicates import scan_pool


class Command(BaseCommand):
    help = "Find possible duplicates in the talent pool; they wait for a recruiter's review."

    def handle(self, *args, **options):
        found = scan_pool()
        self.stdout.write(
            f"names_keyed={found['keyed']} names_shared={found['names']} pairs={found['pairs']}"
        )
