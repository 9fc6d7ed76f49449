import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import JobOfferFactory
from vivier.api.models import ApiToken, Scope
from vivier.api.services import authenticate, create_token, revoke_token

pytestmark = pytest.mark.django_db


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def bob_token(bob):
    return create_token(user=bob, name="SIRH", scopes=[Scope.READ_OFFERS])[1]


def test_the_secret_is_shown_once_and_only_its_hash_is_kept(bob):
    token, plaintext = create_token(user=bob, name="SIRH", scopes=[Scope.READ_OFFERS])
    assert plaintext.startswith(f"viv_{token.prefix}_")
    assert plaintext.split("_", 2)[2] not in token.secret_hash
    assert authenticate(plaintext) == token
    assert authenticate(plaintext + "x") is None
    assert authenticate("viv_nothing_here") is None


def test_a_revoked_or_expired_token_no_longer_works(bob):
    token, plaintext = create_token(
        user=bob, name="SIRH", scopes=[], expires_at=timezone.now() + dt.timedelta(days=1)
    )
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert authenticate(plaintext) is None
    assert authenticate(plaintext) == token
    revoke_token(token=token, by=bob)
    assert authenticate(plaintext) is None


def test_a_read_records_when_the_token_was_last_used(client, offer, bob_token):
    client.get("/api/v1/offers/", **bearer(bob_token))
    assert ApiToken.objects.get().last_used_at is not None


def test_without_a_token_the_api_answers_401_as_problem_details(client, offer):
    response = client.get("/api/v1/offers/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["status"] == 401


def test_a_token_without_the_scope_is_refused(client, offer, bob):
    _token, plaintext = create_token(user=bob, name="x", scopes=[Scope.READ_APPLICATIONS])
    response = client.get("/api/v1/offers/", **bearer(plaintext))
    assert response.status_code == 403
    assert "read:offers" in response.json()["detail"]


def test_offers_are_listed_with_a_cursor(client, employer, bob_token):
    offers = JobOfferFactory.create_batch(5, published=True)
    first = client.get("/api/v1/offers/", {"limit": 2}, **bearer(bob_token)).json()
    assert [item["id"] for item in first["items"]] == [offers[4].pk, offers[3].pk]
    second = client.get(
        "/api/v1/offers/", {"limit": 2, "cursor": first["next_cursor"]}, **bearer(bob_token)
    ).json()
    assert [item["id"] for item in second["items"]] == [offers[2].pk, offers[1].pk]
    last = client.get(
        "/api/v1/offers/", {"limit": 2, "cursor": second["next_cursor"]}, **bearer(bob_token)
    ).json()
    assert [item["id"] for item in last["items"]] == [offers[0].pk]
    assert last["next_cursor"] is None


def test_a_bad_cursor_or_limit_answers_4xx_with_a_reason(client, offer, bob_token):
    response = client.get("/api/v1/offers/", {"cursor": "%%%"}, **bearer(bob_token))
    assert response.status_code == 400
    assert response.json()["title"]
    response = client.get("/api/v1/offers/", {"limit": 0}, **bearer(bob_token))
    assert response.status_code == 422
    response = client.get("/api/v1/offers/", {"status": "nonsense"}, **bearer(bob_token))
    assert response.status_code == 422


def test_a_hiring_managers_token_sees_only_their_offers(client, offer, hana, employer):
    other = JobOfferFactory(published=True)
    _token, plaintext = create_token(user=hana, name="x", scopes=[Scope.READ_OFFERS])
    items = client.get("/api/v1/offers/", **bearer(plaintext)).json()["items"]
    assert [item["id"] for item in items] == [offer.pk]
    assert client.get(f"/api/v1/offers/{other.pk}", **bearer(plaintext)).status_code == 404


def test_an_offer_is_read_with_an_etag(client, offer, bob_token):
    response = client.get(f"/api/v1/offers/{offer.pk}", **bearer(bob_token))
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == offer.reference
    assert body["url"].endswith(offer.get_absolute_url())
    again = client.get(
        f"/api/v1/offers/{offer.pk}", HTTP_IF_NONE_MATCH=response["ETag"], **bearer(bob_token)
    )
    assert again.status_code == 304


def test_the_careers_feed_is_public_and_lists_open_offers_only(client, offer, employer):
    JobOfferFactory(title="Brouillon")
    response = client.get("/api/v1/careers/offers")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [offer.pk]


def test_the_openapi_schema_and_the_docs_are_served(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/offers/" in schema["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()


def test_a_team_member_creates_and_revokes_a_token_on_screen(client, bob):
    client.force_login(bob)
    response = client.post(reverse("api_tokens:list"), {"name": "SIRH", "scopes": ["read:offers"]})
    plaintext = response.context["new_token"]
    assert plaintext.startswith("viv_")
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert authenticate(plaintext) == token
    client.post(reverse("api_tokens:revoke", kwargs={"pk": token.pk}))
    assert authenticate(plaintext) is None


def test_nobody_revokes_someone_elses_token(client, bob, alice):
    token, _plaintext = create_token(user=alice, name="x", scopes=[])
    client.force_login(bob)
    assert client.post(reverse("api_tokens:revoke", kwargs={"pk": token.pk})).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_error_messages_follow_the_accept_language_header(client, offer):
    french = client.get("/api/v1/offers/", HTTP_ACCEPT_LANGUAGE="fr").json()
    english = client.get("/api/v1/offers/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert french["title"] == "Authentification requise"
    assert english["title"] == "Authentication required"


def test_a_token_over_its_rate_gets_429_with_retry_after(client, offer, bob_token, settings):
    settings.API_REQUESTS_PER_MINUTE_PER_TOKEN = 3
    # Frozen at 20 s into a minute: every call falls in the same counting window.
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, 20, tzinfo=dt.UTC), tick=False):
        statuses = [
            client.get("/api/v1/offers/", **bearer(bob_token)).status_code for _ in range(4)
        ]
        response = client.get("/api/v1/offers/", **bearer(bob_token))
    assert statuses == [200, 200, 200, 429]
    assert response.json()["status"] == 429
    assert response["Retry-After"] == "41"


def test_anonymous_calls_are_limited_per_address(client, offer, settings):
    settings.API_REQUESTS_PER_MINUTE_ANONYMOUS = 2
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, 5, tzinfo=dt.UTC), tick=False):
        statuses = [client.get("/api/v1/careers/offers").status_code for _ in range(3)]
        other = client.get("/api/v1/careers/offers", REMOTE_ADDR="192.0.2.7")
    assert statuses == [200, 200, 429]
    assert other.status_code == 200
