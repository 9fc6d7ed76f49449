from django.core.management.base import BaseCommand

from vivier.distribution import services


class Command(BaseCommand):
    help = (
        "Send the publications that are due, and those a stopped worker left half done, "
        "in this process; then stop. The worker does the same every minute."
    )

    def handle(self, *args, **options):
        sent = 0
        for publication_id in services.due_publication_ids():
            if services.send_publication(publication_id) is not None:
                sent += 1
        self.stdout.write(f"{sent} publication(s) handled")
