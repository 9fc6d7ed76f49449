from django.core.management.base import BaseCommand
from django.utils import translation

from vivier.privacy import retention


class Command(BaseCommand):
    help = "Apply the retention rules now, or with --dry-run say what the next run would do."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Change nothing; report.")

    def handle(self, *args, dry_run=False, **options):
        plan = retention.plan() if dry_run else retention.run()
        verb = "would" if dry_run else "did"
        self.stdout.write(
            f"Retention ({'dry run' if dry_run else 'run'}) at {plan.now:%Y-%m-%d %H:%M}"
        )
        for candidate in plan.candidates_to_anonymise:
            self.stdout.write(
                f"  {verb} anonymise applicant candidate:{candidate.pk} "
                f"(process ended {candidate.closed_at:%Y-%m-%d})"
            )
        for profile in plan.profiles_to_delete:
            self.stdout.write(
                f"  {verb} delete talent-pool profile:{profile.pk} "
                f"(last contact {profile.last_contact:%Y-%m-%d})"
            )
        for profile in plan.profiles_to_warn:
            self.stdout.write(
                f"  {verb} ask profile:{profile.pk} to renew "
                f"(deletion due {profile.deletion_due_on:%Y-%m-%d})"
            )
        self.stdout.write(f"  {verb} purge {plan.audit_entries_to_purge} expired audit entries")
        # The apps' rules, in English like the lines above (an operator's log, not a page).
        with translation.override("en"):
            for planned in plan.rules:
                rule = planned.rule
                self.stdout.write(
                    f"  {verb} delete {len(planned.records)}: {rule.title} "
                    f"({rule.setting}={rule.days})"
                )
                for description in planned.descriptions:
                    self.stdout.write(f"    {description}")
