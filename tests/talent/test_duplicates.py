"""Possible duplicates: the same name and a close detail, flagged for a recruiter, never merged."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vivier.talent import duplicates, merging, services
from vivier.talent.models import (
    DuplicatePair,
    DuplicateStatus,
    Experience,
    LegalBasis,
    Profile,
    SourceKind,
)
from vivier.talent.names import name_key

pytestmark = pytest.mark.django_db


def person(first="Jean-Pierre", last="Dupont", **fields) -> Profile:
    return services.create_profile(
        fields={"first_name": first, "last_name": last, **fields},
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
    )  # fmt: skip


def worked_at(profile: Profile, organisation: str) -> None:
    Experience.objects.create(
        profile=profile,
        source=profile.sources.first(),
        title="Comptable",
        organisation=organisation,
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("Jean-Pierre", "DUPONT"), ("jean pierre", "Dupont")),
        (("Hélène", "Lefèvre"), ("Helene", "LEFEVRE")),
        (("Dupont", "Jean"), ("Jean", "Dupont")),
        (("Jean Pierre", "Dupont"), ("Jean", "Pierre-Dupont")),
        (("Cœur", "D'Arc"), ("Coeur", "d arc")),
    ],
)
def test_names_compare_without_accents_case_hyphens_or_order(first, second):
    assert name_key(*first) == name_key(*second) != ""


def test_different_names_have_different_keys():
    assert name_key("Jean", "Dupont") != name_key("Jeanne", "Dupont")
    assert name_key("", "") == ""


@pytest.mark.parametrize(
    ("details", "code"),
    [
        ({"a": {"city": "Rennes"}, "b": {"city": " rennes"}}, "city"),
        ({"a": {"phone": "06 12 34 56 78"}, "b": {"phone": "+33 6 12 34 56 79"}}, "phone"),
        ({"a": {"phone": "06 12 34 56 78"}, "b": {"phone": "06.12.34.65.78"}}, "phone"),
        ({"a": {"email": "jp.dupont@example.test"}, "b": {"email": "jpdupont+cv@mail.test"}},
         "email_local"),
        ({"a": {"organisation": "Région Exemple"}, "b": {"organisation": "REGION EXEMPLE"}},
         "organisation"),
        ({"a": {"link": "https://github.com/jpdupont"},
          "b": {"link": "https://www.linkedin.com/in/jpdupont"}}, "username"),
    ],
)  # fmt: skip
def test_the_same_name_and_a_close_detail_make_a_pair_to_review(details, code):
    profiles = []
    for side in ("a", "b"):
        fields = dict(details[side])
        organisation, link = fields.pop("organisation", None), fields.pop("link", None)
        first, last = ("Jean-Pierre", "Dupont") if side == "a" else ("Dupont", "JEAN PIERRE")
        profile = person(first, last, **fields)
        if organisation:
            worked_at(profile, organisation)
        if link:
            services.add_link(profile=profile, url=link)
        profiles.append(profile)
    pairs = duplicates.flag_possible_duplicates(profile=profiles[1])
    (pair,) = pairs
    assert (pair.first, pair.second, pair.status) == (*profiles, DuplicateStatus.PENDING)
    assert [reason["code"] for reason in pair.reasons] == [code]
    assert Profile.objects.count() == 2  # nothing is merged without a person deciding


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # The same name and nothing else in common: a common name proves nothing.
        ({"city": "Rennes", "phone": "06 12 34 56 78"},
         {"city": "Brest", "phone": "07 98 76 54 32"}),
        # Two digits apart, not side by side: another number.
        ({"phone": "06 12 34 56 78"}, {"phone": "06 92 34 56 79"}),
        # Before the @, too short to mean anything.
        ({"email": "jp@example.test"}, {"email": "jp@other.test"}),
        ({}, {}),
    ],
)  # fmt: skip
def test_the_same_name_without_a_close_detail_is_not_a_pair(first, second):
    person(**first)
    other = person(**second)
    assert duplicates.flag_possible_duplicates(profile=other) == []
    assert not DuplicatePair.objects.exists()


def test_a_close_detail_without_the_same_name_is_not_a_pair():
    person("Jean", "Dupont", city="Rennes")
    other = person("Jeanne", "Dupont", city="Rennes")
    assert duplicates.flag_possible_duplicates(profile=other) == []


def test_a_pair_is_recorded_once_and_a_not_the_same_decision_stands(bob):
    first, second = person(city="Rennes"), person(city="Rennes")
    (pair,) = duplicates.flag_possible_duplicates(profile=second)
    assert duplicates.flag_possible_duplicates(profile=first) == [pair]
    merging.mark_not_the_same(pair=pair, by=bob)
    assert duplicates.flag_possible_duplicates(profile=second) == []
    assert duplicates.scan_pool()["pairs"] == 0
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by, DuplicatePair.objects.count()) == (
        DuplicateStatus.NOT_SAME, bob, 1
    )  # fmt: skip
    assert duplicates.pending_count() == 0


def test_a_scan_of_the_pool_finds_pairs_among_profiles_loaded_in_bulk():
    Profile.objects.bulk_create(
        [Profile(first_name="Anaïs", last_name="Morvan", city="Vannes"),
         Profile(first_name="ANAIS", last_name="morvan", city="Vannes"),
         Profile(first_name="Anaïs", last_name="Morvan", city="Quimper"),
         Profile(first_name="Yann", last_name="Morvan", city="Vannes")]
    )  # fmt: skip
    assert set(Profile.objects.values_list("name_key", flat=True)) == {""}
    assert duplicates.scan_pool() == {"keyed": 4, "names": 1, "pairs": 1}
    pair = DuplicatePair.objects.get()
    assert (pair.first.city, pair.second.city) == ("Vannes", "Vannes")


def test_a_name_change_updates_the_key():
    profile = person("Jean", "Dupont")
    profile.last_name = "Martin"
    profile.save(update_fields=["last_name"])
    profile.refresh_from_db()
    assert profile.name_key == "jean martin"


def resume(name, email, city):
    data = {"basics": {"name": name, "email": email, "location": {"city": city}}}
    return SimpleUploadedFile(f"{email}.json", json.dumps(data).encode(), "application/json")


def linkedin_export(first, last, city):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "Profile.csv", f"First Name,Last Name,Geo Location\n{first},{last},{city}\n"
        )
    return SimpleUploadedFile("export.zip", buffer.getvalue(), "application/zip")


def test_imports_flag_possible_duplicates_in_their_report(
    client, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    files = [resume("Camille Exemple", "camille@example.test", "Rennes"),
             resume("Camille EXEMPLE", "c.exemple@other.test", "Rennes"),
             linkedin_export("Exemple", "Camille", "Rennes, Bretagne, France")]  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("talent:import"), {"files": files})
    page = client.get(response["Location"])
    batch = page.context["batch"]
    assert [entry["action"] for entry in batch.report] == ["created", "created", "created"]
    first, second, third = (Profile.objects.get(pk=entry["profile"]) for entry in batch.report)
    assert batch.report[0]["duplicates"] == []
    assert [d["profile"] for d in batch.report[1]["duplicates"]] == [first.pk]
    assert sorted(d["profile"] for d in batch.report[2]["duplicates"]) == [first.pk, second.pk]
    assert batch.counts["duplicates"] == 2
    assert DuplicatePair.objects.filter(status=DuplicateStatus.PENDING).count() == 3
    content = page.content.decode()
    assert "Doublon possible de" in content
    pair = DuplicatePair.objects.get(first=first, second=second)
    assert reverse("talent:duplicate", kwargs={"pk": pair.pk}) in content


def test_a_recruiter_adding_a_person_by_hand_sees_the_possible_duplicate(client, bob):
    existing = person("Lou", "Exemple", city="Brest")
    client.force_login(bob)
    response = client.post(
        reverse("talent:create"), {"first_name": "LOU", "last_name": "exemple", "city": "Brest"}
    )
    page = client.get(response["Location"])
    assert [other for _pair, other in page.context["possible_duplicates"]] == [existing]
    assert "Cette personne est peut-être déjà dans le vivier" in page.content.decode()


def test_the_pool_shows_how_many_pairs_wait_and_lists_them(
    client, bob, django_assert_max_num_queries
):
    for city in ("Rennes", "Brest", "Vannes"):
        person("Anne", city, city=city)
        duplicates.flag_possible_duplicates(profile=person(city, "Anne", city=city))
    client.force_login(bob)
    page = client.get(reverse("talent:list"))
    assert "Doublons possibles (3)" in page.content.decode()
    with django_assert_max_num_queries(6):  # one for the pairs and their profiles, not per pair
        page = client.get(reverse("talent:duplicates"))
    assert page.context["count"] == 3 and len(page.context["pairs"]) == 3
    assert "même ville (Rennes)" in page.content.decode()


def test_the_command_looks_over_the_whole_pool():
    from io import StringIO

    from django.core.management import call_command

    Profile.objects.bulk_create(
        [Profile(first_name="Lou", last_name="Exemple", city="Brest"),
         Profile(first_name="Exemple", last_name="Lou", city="Brest")]
    )  # fmt: skip
    out = StringIO()
    call_command("find_duplicates", stdout=out)
    assert out.getvalue().strip() == "names_keyed=2 names_shared=1 pairs=1"
    assert duplicates.pending_count() == 1
