"""CSV imports: reading any spreadsheet's CSV, mapping its columns, and the worker's report."""

import datetime as dt
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vivier.core import pending_uploads
from vivier.talent import services
from vivier.talent.csv_views import SESSION_KEY
from vivier.talent.imports.csv_import import (
    decode,
    guess_mapping,
    guess_separator,
    read_row,
    read_table,
    sniff_delimiter,
)
from vivier.talent.imports.people import UnreadableFile
from vivier.talent.models import (
    ImportBatch,
    ImportKind,
    LegalBasis,
    Profile,
    ProfileLink,
    SourceKind,
)
from vivier.talent.names import split_full_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["Prénom", "Nom", "Courriel", "Téléphone", "Ville", "Compétences"],
            ["first_name", "last_name", "email", "phone", "city", "skills"],
        ),
        (
            ["Nom complet", "Adresse e-mail", "Portable", "Région", "Pays", "Intitulé du poste",
             "Résumé", "Disponibilité", "Étiquettes", "Langues parlées", "Profil LinkedIn"],
            ["full_name", "email", "phone", "region", "country", "headline", "summary",
             "available_from", "tags", "languages", "url"],
        ),
        (
            ["First Name", "Last Name", "E-mail address", "Phone number", "City", "Skills",
             "LinkedIn URL", "Languages", "Available from", "Tags", "Internal notes"],
            ["first_name", "last_name", "email", "phone", "city", "skills", "url", "languages",
             "available_from", "tags", "ignore"],
        ),
        (
            ["Full name", "Email", "Job title", "Summary", "Country", "State", "Availability"],
            ["full_name", "email", "headline", "summary", "country", "region", "available_from"],
        ),
        # The same field is guessed once; a full name gives way to first and last names.
        (["Email", "Mail", "NOM", "prénom usuel"], ["email", "ignore", "last_name", "first_name"]),
        (["Name", "Prénom", "Nom"], ["ignore", "first_name", "last_name"]),
        (["Date de naissance", "Photo", ""], ["ignore", "ignore", "ignore"]),
    ],
)  # fmt: skip
def test_columns_are_guessed_from_french_and_english_headers(header, expected):
    assert guess_mapping(header) == expected


@pytest.mark.parametrize(
    ("full", "first", "last"),
    [
        ("Jean Dupont", "Jean", "Dupont"),
        ("Dupont, Jean", "Jean", "Dupont"),
        ("Jean DUPONT", "Jean", "Dupont"),
        ("DUPONT-MARTIN Marie-Claire", "Marie-Claire", "Dupont-Martin"),
        ("Marie Claire  Martin", "Marie", "Claire Martin"),
        ("Madonna", "", "Madonna"),
    ],
)
def test_a_full_name_is_split_as_lists_write_it(full, first, last):
    assert split_full_name(full) == (first, last)


TEXT = "Prénom;Nom;Ville;Compétences\nHélène;Lefèvre;Orléans;Cœur de métier, Excel\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (TEXT.replace(";", "\t").encode("utf-16"), "utf-16"),  # Excel's "Unicode text"
    ],
)
def test_french_spreadsheets_are_read_in_every_encoding(data, encoding):
    table = read_table(data)
    assert table.encoding == encoding
    assert table.header == ["Prénom", "Nom", "Ville", "Compétences"]
    assert table.rows == [(2, ["Hélène", "Lefèvre", "Orléans", "Cœur de métier, Excel"])]


def test_bytes_that_are_not_windows_1252_are_read_as_latin_1():
    text, encoding = decode("Prénom;Nom\nAnaïs;Le Gall\n".encode("latin-1") + b"\x81")
    assert encoding == "latin-1" and text.startswith("Prénom;Nom\nAnaïs")


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ('Prénom,Nom,Compétences\nJean,Dupont,"Python; Django"\nAna,Martin,SQL\n', ","),
        ("Prénom;Nom;Compétences\nJean;Dupont;Python, Django\nAna;Martin;SQL, Excel, Word\n", ";"),
        ("Prénom\tNom\tVille\nJean\tDupont\tRennes, Bretagne\n", "\t"),
        ('"Nom; prénom",Ville\n"Dupont; Jean",Brest\n', ","),
    ],
)
def test_the_delimiter_is_sniffed(text, delimiter):
    assert sniff_delimiter(text) == delimiter
    assert len(read_table(text.encode()).header) == len(read_table(text.encode()).rows[0][1])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Prenom;Nom\n", "au moins une personne"),
        (b"\n\n", "au moins une personne"),
        (b"Nom\n" + b"Dupont\n" * 10_001, "plus de 10\u202f000 lignes"),
        ((";".join(f"c{n}" for n in range(61)) + "\nDupont\n").encode(), "plus de 60 colonnes"),
    ],
)
def test_a_table_without_people_gets_a_clear_error(data, message):
    with pytest.raises(UnreadableFile, match=message):
        read_table(data)


def test_the_list_separator_is_guessed_from_the_list_columns():
    table = read_table("Nom,Compétences,Ville\nDupont,Python | SQL | Git,Brest\n".encode())
    assert guess_separator(table, guess_mapping(table.header)) == "|"
    table = read_table(b"Nom;Ville\nDupont;Brest, Finistere\n")
    assert guess_separator(table, guess_mapping(table.header)) == ","  # no list column


def row(values: dict, *, consent=False):
    return read_row(list(values.values()), list(values), separator=",",
                    personal_links_allowed=consent)  # fmt: skip


def test_a_row_is_read_whole():
    data = row({
        "full_name": "Dupont, Jean", "email": " Jean.Dupont@Example.TEST ",
        "phone": "06 12 34 56 78", "country": "Belgique", "url": "linkedin.com/in/jean-dupont",
        "skills": "Python (expert), Django, python", "languages": "Anglais (C1), Espagnol courant",
        "tags": "salon, rennes", "available_from": "15/03/2027", "city": "n/a",
    })  # fmt: skip
    person = data.person
    assert (person.first_name, person.last_name, person.email) == (
        "Jean", "Dupont", "jean.dupont@example.test"
    )  # fmt: skip
    assert (person.phone, person.country, person.city) == ("06 12 34 56 78", "BE", "")
    assert person.links == ["https://linkedin.com/in/jean-dupont"]
    assert person.skills == [("Python", "expert"), ("Django", "")]
    assert person.languages == [("Anglais", "C1"), ("Espagnol", "courant")]
    assert (data.tags, data.available_from) == (["salon", "rennes"], dt.date(2027, 3, 15))


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"first_name": " ", "last_name": "-", "email": "a@example.test"}, "Aucun nom"),
        ({"last_name": "Dupont", "email": "jean.dupont@"}, "pas une adresse e-mail valide"),
        ({"last_name": "Dupont", "phone": "appeler le soir"}, "pas un numéro de téléphone"),
        ({"last_name": "Dupont", "available_from": "bientôt"}, "pas une date"),
        ({"last_name": "Dupont", "country": "Narnia"}, "pas un pays"),
        ({"last_name": "Dupont", "url": "https://www.facebook.com/jean.dupont"}, "L1221-6"),
        ({"last_name": "Dupont", "url": "pas une adresse"}, "pas une adresse web"),
        ({"last_name": "D" * 121}, "dépasse 120 caractères"),
    ],
)
def test_a_row_that_cannot_be_taken_whole_is_refused_with_its_reason(values, reason):
    from vivier.talent.imports.csv_import import RowRefused

    with pytest.raises(RowRefused, match=reason):
        row(values)


def test_a_personal_network_given_by_the_people_themselves_is_kept():
    data = row({"last_name": "Dupont", "url": "https://www.facebook.com/jean"}, consent=True)
    assert data.person.links == ["https://www.facebook.com/jean"]


# Through the screens

PEOPLE = (
    "Prénom;Nom;Courriel;Téléphone;Ville;Compétences;Profil LinkedIn;Disponibilité;Étiquettes\n"
    "Hélène;Lefèvre;helene.lefevre@example.test;06 11 22 33 44;Orléans;Excel, Comptabilité;;"
    "01/09/2027;salon\n"
    "Yann;Le Goff;yann@example;;Brest;;;;\n"
    ";;sans.nom@example.test;;Rennes;;;;\n"
    "Lou;Exemple;LOU@example.test;;Brest;Python;;;relance\n"
    "Anaïs;Morvan;anais@example.test;;Vannes;;https://www.instagram.com/anais;;\n"
    "Paul;Marchand;paul@example.test;;Lorient;;https://www.linkedin.com/in/paul-marchand;"
    "bientôt;\n"
)


def upload(client, data: bytes, *, name="personnes.csv", basis=LegalBasis.LEGITIMATE_INTEREST):
    return client.post(
        reverse("talent:csv_import"),
        {"file": SimpleUploadedFile(name, data, "text/csv"), "legal_basis": basis},
    )


def mapping_data(page, **changes) -> dict:
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {**data, **changes}


def test_a_recruiter_maps_the_columns_and_the_worker_reports_each_row(
    client, bob, django_capture_on_commit_callbacks
):
    existing = services.create_profile(
        fields={"first_name": "Lou", "last_name": "Exemple", "email": "lou@example.test"},
        source_kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST, by=bob,
    )  # fmt: skip
    client.force_login(bob)
    response = upload(client, PEOPLE.encode("cp1252"))
    assert response["Location"] == reverse("talent:csv_columns")
    page = client.get(response["Location"])
    form = page.context["form"]
    assert [form[f"column_{index}"].value() for index in range(9)] == [
        "first_name", "last_name", "email", "phone", "city", "skills", "url",
        "available_from", "tags",
    ]  # fmt: skip
    assert form["separator"].value() == ","
    content = page.content.decode()
    assert "Hélène" in content and "Orléans" in content and "Windows-1252" in content
    assert page.context["table"].encoding == "cp1252" and page.context["count"] == 6
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("talent:csv_columns"), mapping_data(page))
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("talent:batch", kwargs={"pk": batch.pk})
    assert (batch.kind, batch.done, batch.total) == (ImportKind.CSV, 6, 6)
    assert batch.finished_at is not None
    assert batch.counts == {"created": 1, "merged": 1, "refused": 4, "duplicates": 0}
    outcomes = {
        entry["line"]: (entry["action"], " ".join(entry["notes"])) for entry in batch.report
    }
    assert outcomes[2][0] == "created"
    assert (
        outcomes[3][0] == "refused"
        and "« yann@example » n'est pas une adresse e-mail valide" in outcomes[3][1]
    )
    assert outcomes[4] == ("refused", "Aucun nom sur cette ligne.")
    assert outcomes[5][0] == "merged"
    assert outcomes[6][0] == "refused" and "Instagram" in outcomes[6][1]
    assert outcomes[7][0] == "refused" and "« bientôt » n'est pas une date" in outcomes[7][1]
    assert Profile.objects.count() == 2  # nothing of a refused row is kept
    assert not ProfileLink.objects.exists()

    helene = Profile.objects.get(last_name="Lefèvre")
    assert (helene.city, helene.tags, helene.available_from) == (
        "Orléans", ["salon"], dt.date(2027, 9, 1)
    )  # fmt: skip
    assert sorted(skill.label for skill in helene.skills.all()) == ["Comptabilité", "Excel"]
    sources = {item.field: item.source for item in helene.field_sources.all()}
    assert set(sources) >= {"email", "phone", "city", "tags", "available_from"}
    source = sources["email"]
    assert (source.kind, source.legal_basis, source.by) == (
        SourceKind.CSV_IMPORT, LegalBasis.LEGITIMATE_INTEREST, bob
    )  # fmt: skip
    assert source.detail == "personnes.csv, ligne 2"
    assert helene.must_be_informed_by is not None  # told within a month

    existing.refresh_from_db()
    assert existing.tags == ["relance"] and existing.city == "Brest"
    assert {source.kind for source in existing.sources.all()} == {"manual", "csv_import"}

    report = client.get(response["Location"]).content.decode()
    assert "6 lignes lues sur 6" in report
    assert "Créés : 1 · ajoutés à des profils existants : 1 · refusés : 4" in report
    assert "ligne 2 — Hélène Lefèvre" in report and "ligne 3</td>" in report


def test_the_file_waits_between_the_steps_and_is_removed_after(
    client, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    upload(client, b"Nom;Ville\nDupont;Brest\n")
    token = client.session[SESSION_KEY]["token"]
    assert pending_uploads.claim(token) is not None
    page = client.get(reverse("talent:csv_columns"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("talent:csv_columns"), mapping_data(page))
    assert pending_uploads.claim(token) is None
    assert SESSION_KEY not in client.session
    assert not ImportBatch.objects.get().files.exists()  # the table is not kept once read
    assert Profile.objects.get().last_name == "Dupont"


def test_people_who_gave_their_details_are_not_to_be_told_and_keep_their_links(
    client, bob, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    data = b"Nom complet,Courriel,Lien\nLe Gall Anna,anna@example.test,https://instagram.com/anna\n"
    upload(client, data, basis=LegalBasis.CONSENT)
    page = client.get(reverse("talent:csv_columns"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("talent:csv_columns"), mapping_data(page))
    profile = Profile.objects.get()
    assert (profile.first_name, profile.last_name) == ("Le", "Gall Anna")
    assert profile.must_be_informed_by is None
    source = profile.sources.get()
    assert (source.legal_basis, source.supplied_by_candidate) == (LegalBasis.CONSENT, True)
    assert profile.links.get().network.name == "Instagram"


def test_a_mapping_with_the_same_field_twice_or_no_name_is_refused_and_kept(client, bob):
    client.force_login(bob)
    upload(client, "Prénom;Nom;Courriel;Mail perso\nJean;Dupont;a@example.test;b@example.test\n"
           .encode())  # fmt: skip
    page = client.get(reverse("talent:csv_columns"))
    twice = mapping_data(page, column_3="email")
    page = client.post(reverse("talent:csv_columns"), twice)
    assert page.status_code == 200
    content = page.content.decode()
    assert "est choisi pour plusieurs colonnes (“Courriel”, “Mail perso”)" in content
    assert page.context["form"]["column_3"].value() == "email"  # what was chosen stays
    nameless = mapping_data(page, column_0="ignore", column_1="ignore", column_3="ignore")
    page = client.post(reverse("talent:csv_columns"), nameless)
    assert "Choisissez la colonne qui contient le nom" in page.content.decode()
    both = mapping_data(page, column_0="full_name", column_1="last_name", column_3="ignore")
    page = client.post(reverse("talent:csv_columns"), both)
    assert "pas les deux" in page.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "est vide"),
        (b"PK\x03\x04" + b"\x00" * 100, "enregistrez-le au format"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "enregistrez-le au format"),
        (b"%PDF-1.7 ...", "document PDF"),
        (bytes(range(256)) * 4, "pas du texte"),
        (b"Nom;Ville\n", "au moins une personne"),
    ],
)
def test_a_file_that_is_not_a_table_is_refused_at_the_first_step(client, bob, data, message):
    client.force_login(bob)
    page = upload(client, data)
    assert page.status_code == 200
    assert message in page.content.decode()
    assert SESSION_KEY not in client.session


def test_a_file_over_the_size_cap_is_refused(client, bob, monkeypatch):
    monkeypatch.setattr("vivier.core.uploads.CSV_MAX_BYTES", 100)
    client.force_login(bob)
    page = upload(client, b"Nom;Ville\n" + b"Dupont;Brest\n" * 20)
    assert "trop volumineux" in page.content.decode()


def test_the_columns_step_without_a_file_goes_back_to_the_first(client, bob):
    client.force_login(bob)
    response = client.get(reverse("talent:csv_columns"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("talent:csv_import")
    assert "Choisissez d'abord le fichier" in html.unescape(response.content.decode())
