"""The gazetteer: distances, the loader on generated files, and which place a name means."""

import io
import math
import zipfile

import pytest
from django.core.management import CommandError, call_command

from vivier.talent import places
from vivier.talent.models import Place

pytestmark = pytest.mark.django_db

# Public coordinates of a few towns (GeoNames), written here by the test.
TOWNS = [
    # geonameid, name, alternate names, latitude, longitude, country, admin1, admin2, population
    (1, "Rennes", "Roazhon,Rennes", 48.11109, -1.67431, "FR", "53", "35", 227830),
    (2, "Cesson-Sévigné", "", 48.12146, -1.60300, "FR", "53", "35", 17000),
    (3, "Vitré", "", 48.12400, -1.20900, "FR", "53", "35", 18000),
    (4, "Fougères", "", 48.35157, -1.19940, "FR", "53", "35", 20000),
    (5, "Saint-Malo", "", 48.64738, -2.00877, "FR", "53", "35", 50676),
    (6, "Brest", "", 48.39029, -4.48628, "FR", "53", "29", 144899),
    (7, "Brest", "Brześć", 52.09755, 23.68775, "BY", "02", "", 300715),
    (8, "London", "Londres,Londra", 51.50853, -0.12574, "GB", "ENG", "", 8961989),
    (9, "Vannes", "", 47.65688, -2.76205, "FR", "53", "56", 54020),
]


def geonames_dump(rows=TOWNS) -> str:
    lines = []
    for geonameid, name, alternates, lat, lon, country, admin1, admin2, population in rows:
        columns = [str(geonameid), name, name, alternates, str(lat), str(lon), "P", "PPLA",
                   country, "", admin1, admin2, "", "", str(population), "", "50",
                   "Europe/Paris", "2024-01-01"]  # fmt: skip
        lines.append("\t".join(columns))
    lines.append(
        "\t".join(
            [
                "99",
                "La Vilaine",
                "La Vilaine",
                "",
                "47.5",
                "-2.2",
                "H",
                "STM",
                "FR",
                "",
                "53",
                "35",
                "",
                "",
                "0",
                "",
                "1",
                "Europe/Paris",
                "2024-01-01",
            ]
        )
    )  # fmt: skip  (a river: not a place to live in)
    return "\n".join(lines) + "\n"


@pytest.fixture
def gazetteer(tmp_path):
    path = tmp_path / "FR.txt"
    path.write_text(geonames_dump(), encoding="utf-8")
    call_command("load_places", str(path), stdout=io.StringIO())
    yield
    places.forget_cache()


def test_haversine_gives_known_distances():
    assert places.haversine_km(0, 0, 90, 0) == pytest.approx(math.pi / 2 * 6371.0088)
    assert places.haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)
    # Paris (Notre-Dame) to London (Charing Cross): 343.5 km on the mean sphere.
    assert places.haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.56, abs=0.1)
    assert places.haversine_km(48.11109, -1.67431, 48.11109, -1.67431) == 0


def test_the_dot_product_test_agrees_with_haversine():
    rennes = places.Circle(48.11109, -1.67431, 35)
    for latitude, longitude, _name in [(48.124, -1.209, "Vitré"), (48.35157, -1.1994, "Fougères")]:
        x, y, z = places.unit_vector(latitude, longitude)
        ax, ay, az = rennes.vector
        is_inside = x * ax + y * ay + z * az >= rennes.min_dot
        assert is_inside == (places.haversine_km(48.11109, -1.67431, latitude, longitude) <= 35)
    south, north, west, east = rennes.bounding_box()
    assert south < 48.11109 - 0.3 and north > 48.11109 + 0.3 and west < -2.1 and east > -1.2


def test_the_loader_reads_a_geonames_dump_without_rivers(gazetteer):
    assert Place.objects.filter(is_alternative_name=False).count() == len(TOWNS)
    rennes = Place.objects.get(key="rennes")
    assert (rennes.latitude, rennes.longitude, rennes.region, rennes.department) == (
        48.11109, -1.67431, "Bretagne", "35",
    )  # fmt: skip
    assert not Place.objects.filter(key="la vilaine").exists()


def test_a_name_means_the_place_in_the_installations_country_first(gazetteer):
    assert places.locate("Brest").country == "FR"  # not the larger Brest in Belarus
    assert places.locate("Brest", country="BY").latitude == 52.09755
    assert places.locate("saint malo").name == "Saint-Malo"
    assert places.locate("ST-MALO").name == "Saint-Malo"
    assert places.locate("cesson sevigne").name == "Cesson-Sévigné"
    assert places.locate("Londres").country == "GB"  # another name of a big city
    assert places.locate("Rennes Cedex 9").name == "Rennes"
    assert places.locate("Atlantis") is None
    assert places.locate("") is None


def test_loading_the_same_file_again_replaces_it(gazetteer, tmp_path):
    path = tmp_path / "FR.txt"
    path.write_text(geonames_dump(TOWNS[:2]), encoding="utf-8")
    call_command("load_places", str(path), stdout=io.StringIO())
    assert set(Place.objects.values_list("key", flat=True)) == {"rennes", "roazhon",
                                                                 "cesson sevigne"}  # fmt: skip


def test_the_loader_reads_postal_codes_and_prefers_the_given_postcode(tmp_path):
    rows = [
        ["FR", "22100", "Saint-Samson-sur-Rance", "Bretagne", "53", "Côtes-d'Armor", "22",
         "Dinan", "221", "48.4920", "-2.0283", "5"],
        ["FR", "50750", "Saint-Samson-de-Bonfossé", "Normandie", "28", "Manche", "50",
         "Saint-Lô", "505", "49.0667", "-1.1167", "5"],
        ["FR", "35000", "Rennes", "Bretagne", "53", "Ille-et-Vilaine", "35", "Rennes", "353",
         "48.1112", "-1.6743", "5"],
        ["FR", "35200", "Rennes", "Bretagne", "53", "Ille-et-Vilaine", "35", "Rennes", "353",
         "48.0900", "-1.6600", "5"],
    ]  # fmt: skip
    archive = tmp_path / "FR.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("readme.txt", "GeoNames postal codes\n")
        zipped.writestr("FR.txt", "\n".join("\t".join(row) for row in rows) + "\n")
    call_command("load_places", str(archive), stdout=io.StringIO())
    assert places.locate("Rennes", postcode="35200").latitude == 48.09
    assert places.locate("Rennes", postcode="35000").latitude == 48.1112
    assert Place.objects.get(postcode="22100").department == "22"
    places.forget_cache()


def test_the_loader_reads_a_csv_of_french_communes(tmp_path):
    path = tmp_path / "communes-france.csv"
    path.write_text(
        "code_insee,nom_standard,dep_code,reg_nom,code_postal,population,latitude_centre,"
        "longitude_centre\n"
        "35238,Rennes,35,Bretagne,35000,227830,48.1113,-1.6800\n"
        "29019,Brest,29,Bretagne,29200,144899,48.4084,-4.5000\n"
        "97613,M'Tsangamouji,976,Mayotte,97650,6432,,\n",
        encoding="utf-8",
    )
    output = io.StringIO()
    call_command("load_places", str(path), stdout=output)
    brest = Place.objects.get(key="brest")
    assert (brest.postcode, brest.department, brest.region, brest.population) == (
        "29200", "29", "Bretagne", 144899,
    )  # fmt: skip
    assert Place.objects.count() == 2  # a commune without coordinates is left out
    assert "2" in output.getvalue()
    places.forget_cache()


def test_a_file_of_another_kind_is_refused_clearly(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("first_name,last_name\nAnna,Sample\n", encoding="utf-8")
    with pytest.raises(CommandError, match="latitude"):
        call_command("load_places", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="missing.txt"):
        call_command("load_places", str(tmp_path / "missing.txt"), stdout=io.StringIO())
    assert not Place.objects.exists()


def test_loading_places_puts_the_pools_profiles_on_the_map(tmp_path, bob):
    from vivier.talent.imports.people import Person, save_person
    from vivier.talent.models import LegalBasis, SourceKind

    profile = save_person(
        person=Person(first_name="Lou", last_name="Sample", city="Vannes"),
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob,
        supplied_by_candidate=False,
    ).profile  # fmt: skip
    assert profile.latitude is None  # no places loaded yet
    path = tmp_path / "FR.txt"
    path.write_text(geonames_dump(), encoding="utf-8")
    call_command("load_places", str(path), stdout=io.StringIO())
    profile.refresh_from_db()
    assert (profile.latitude, profile.longitude) == (47.65688, -2.76205)
    assert profile.place_z == pytest.approx(math.sin(math.radians(47.65688)))
    from vivier.talent.search import Criteria, find

    vannes = places.Circle(47.65688, -2.76205, 5)
    assert find(Criteria(circle=vannes)).ids == [profile.pk]
    assert find(Criteria(words="lou", circle=vannes)).ids == [profile.pk]  # the search table too
    places.forget_cache()


def test_the_package_ships_the_demos_towns():
    """The demo's offers and offices are in Rennes, Brest and Vannes (vivier/core/demo_data.py)."""
    from vivier.core import demo_data

    towns = {location[3] for location in demo_data.LOCATIONS}
    towns |= {offer["city"] for offer in demo_data.OFFERS}
    found = {}
    for row in places.read_package():
        if row.country == "FR" and row.name in towns and not row.is_alternative_name:
            found[row.name] = (row.latitude, row.longitude, row.region)
    assert set(found) == towns
    assert all(region == "Bretagne" for _lat, _lon, region in found.values())
    assert places.haversine_km(*found["Rennes"][:2], *found["Brest"][:2]) == pytest.approx(
        210, abs=5
    )
