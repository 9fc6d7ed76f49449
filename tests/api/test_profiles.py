"""Talent-pool profiles through the API: the screens' rules, provenance, and every read logged."""

import pytest

from vivier.api.models import Scope
from vivier.api.services import create_token
from vivier.privacy.models import AuditAction, AuditEntry
from vivier.talent.models import Profile, SourceKind

pytestmark = pytest.mark.django_db

URL = "/api/v1/profiles/"


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def token(bob):
    return create_token(user=bob, name="CRM", scopes=[Scope.READ_PROFILES, Scope.WRITE_PROFILES])[1]


def post(client, token, data):
    return client.post(URL, data, content_type="application/json", **auth(token))


def test_a_profile_is_added_as_a_recruiters_entry_to_be_told(client, employer, token, bob):
    response = post(client, token, {
        "first_name": "Yanis", "last_name": "Exemple", "email": "yanis@example.test",
        "headline": "Technicien réseaux", "links": ["https://www.linkedin.com/in/yanis-ex"],
        "detail": "Salon de l'emploi de Brest",
    })  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    profile = Profile.objects.get(pk=data["id"])
    assert profile.must_be_informed_by is not None  # RGPD art. 14
    (source, link_source) = sorted(data["sources"], key=lambda s: s["id"])
    assert source["kind"] == SourceKind.MANUAL and source["legal_basis"] == "legitimate_interest"
    assert data["field_sources"]["headline"] == source["id"]
    assert data["links"][0]["label"] == "https://www.linkedin.com/in/yanis-ex"


def test_a_personal_network_link_is_refused_with_the_law_and_leaves_nothing(
    client, employer, token
):
    response = post(client, token, {
        "first_name": "Yanis", "last_name": "Exemple",
        "links": ["https://www.facebook.com/yanis.exemple"],
    })  # fmt: skip
    assert response.status_code == 422
    assert "L1221-6" in response.json()["detail"]
    assert not Profile.objects.exists()


def test_bad_input_answers_422_with_a_reason(client, employer, token):
    for data in (
        {"first_name": "A", "last_name": "B", "email": "not-an-address"},
        {"first_name": "A", "last_name": "B", "links": ["javascript:alert(1)"]},
        {"first_name": "", "last_name": "B"},
    ):
        assert post(client, token, data).status_code == 422, data
    assert not Profile.objects.exists()


def test_a_change_records_where_each_changed_field_now_comes_from(client, employer, token):
    created = post(client, token, {"first_name": "Yanis", "last_name": "Exemple"}).json()
    response = client.patch(
        f"{URL}{created['id']}", {"city": "Quimper", "first_name": "Yanis"},
        content_type="application/json", **auth(token),
    )  # fmt: skip
    assert response.status_code == 200
    data = response.json()
    assert data["city"] == "Quimper"
    assert data["field_sources"]["city"] != data["field_sources"]["first_name"]
    assert len(data["sources"]) == 2
    empty = client.patch(f"{URL}{created['id']}", {"last_name": ""},
                         content_type="application/json", **auth(token))  # fmt: skip
    assert empty.status_code == 422
    assert Profile.objects.get().last_name == "Exemple"


def test_reads_are_logged_and_searchable(client, employer, token, bob):
    post(client, token, {"first_name": "Yanis", "last_name": "Exemple", "headline": "Soudeur"})
    post(client, token, {"first_name": "Lina", "last_name": "Exemple", "headline": "Infirmière"})
    found = client.get(URL, {"q": "soudeur"}, **auth(token)).json()
    assert [item["first_name"] for item in found["items"]] == ["Yanis"]
    entry = AuditEntry.objects.get(action=AuditAction.VIEW)
    assert entry.actor == bob and entry.via == "api"


def test_hiring_managers_and_read_tokens_are_kept_out(client, employer, hana, bob):
    hana_token = create_token(user=hana, name="x", scopes=[Scope.READ_PROFILES])[1]
    assert client.get(URL, **auth(hana_token)).status_code == 403
    read_only = create_token(user=bob, name="y", scopes=[Scope.READ_PROFILES])[1]
    assert post(client, read_only, {"first_name": "A", "last_name": "B"}).status_code == 403
    assert client.get(f"{URL}999999", **auth(read_only)).status_code == 404
