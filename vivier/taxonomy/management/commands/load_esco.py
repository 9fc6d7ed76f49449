"""manage.py load_esco [DIR]: load or refresh the ESCO classification from its CSV files."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vivier.taxonomy.esco_files import EscoFilesMissing, default_directory
from vivier.taxonomy.models import Occupation
from vivier.taxonomy.services import load_esco


class Command(BaseCommand):
    help = (
        "Load ESCO occupations, skills, ISCO groups and their relations from the official CSV "
        "files (zipped or not). Safe to run again: rows are updated in place."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help="Folder holding the ESCO files (default: settings.ESCO_DIR, else "
            "../shared/data/esco next to the project).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="For `make run`: nothing if ESCO is loaded; a warning if files are missing.",
        )

    def handle(self, *args, directory=None, once=False, **options):
        if once and Occupation.objects.exists():
            return
        directory = directory or default_directory()
        started = time.monotonic()
        try:
            report = load_esco(directory=directory)
        except EscoFilesMissing as error:
            if once:
                self.stderr.write(str(error))
                return
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "ISCO groups: %(groups)d, occupations: %(occupations)d, skills: %(skills)d, "
                "occupation-skill relations: %(relations)d (%(removed)d removed), "
                "in %(seconds).1f s."
            )
            % {
                "groups": report.isco_groups,
                "occupations": report.occupations,
                "skills": report.skills,
                "relations": report.relations,
                "removed": report.relations_removed,
                "seconds": time.monotonic() - started,
            }
        )
        if "fr" not in report.languages["skills"]:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "No skills_fr.csv: skills have English labels only, so French texts "
                        "cannot be searched for skills yet (docs/taxonomy.md)."
                    )
                )
            )
