"""The sandbox keeps the networks' documented contracts, over real HTTP on loopback."""

import base64
import hashlib
import http.client
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

from vivier.distribution.sandbox import NETWORKS, SANDBOX_TOKEN, Sandbox

LINKEDIN_HEADERS = {"Linkedin-Version": "202510", "X-Restli-Protocol-Version": "2.0.0"}
ORGANIZATION = "urn:li:organization:123"
X_USER_ID = "2244994945"
REDIRECT_URI = "https://vivier.example/oauth/callback"


@pytest.fixture
def sandbox(request):
    """A fresh sandbox per test; `indirect` parametrisation passes constructor arguments."""
    sandbox = Sandbox(**getattr(request, "param", {})).start()
    yield sandbox
    sandbox.stop()


# --- A small HTTP client: urllib, without proxies and without following redirects ------------


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 comes back as an answer, so that OAuth tests can read Location


_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _KeepRedirects())


@dataclass
class Reply:
    status: int
    headers: Message
    raw: bytes

    @property
    def json(self):
        return json.loads(self.raw)


def call(
    sandbox,
    network,
    method,
    path,
    *,
    json_body=None,
    form=None,
    headers=None,
    token=SANDBOX_TOKEN,
    timeout=5,
):
    all_headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if json_body is not None:
        data = json.dumps(json_body).encode()
        all_headers["Content-Type"] = "application/json"
    if form is not None:
        data = urlencode(form).encode()
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    all_headers.update(headers or {})
    url = sandbox.base_url(network) + path if network else sandbox.url + path
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Reply(error.code, error.headers, error.read())


def linkedin_post(commentary, author=ORGANIZATION):
    return {
        "author": author,
        "commentary": commentary,
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": False,
    }


def create(sandbox, network, text="We are hiring", **kwargs):
    """One valid create on each network."""
    if network == "linkedin":
        return call(
            sandbox,
            network,
            "POST",
            "/rest/posts",
            json_body=linkedin_post(text),
            headers=LINKEDIN_HEADERS,
            **kwargs,
        )
    if network == "x":
        return call(sandbox, network, "POST", "/2/tweets", json_body={"text": text}, **kwargs)
    if network == "facebook":
        return call(sandbox, network, "POST", "/v21.0/123/feed", form={"message": text}, **kwargs)
    if network == "mastodon":
        return call(sandbox, network, "POST", "/api/v1/statuses", form={"status": text}, **kwargs)
    body = {"id": text, "event": "publication.created", "text": text}
    kwargs.setdefault("token", None)  # a webhook takes no bearer token
    return call(sandbox, network, "POST", "/", json_body=body, **kwargs)


def pkce_pair(verifier="a-verifier-of-at-least-forty-three-characters-long-0123"):
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize(sandbox, network, path, **params):
    reply = call(sandbox, network, "GET", f"{path}?{urlencode(params)}", token=None)
    assert reply.status == 302, reply.raw
    location = urlsplit(reply.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == params["redirect_uri"]
    back = parse_qs(location.query)
    assert back["state"] == [params["state"]]
    return back["code"][0]


# --- Authentication --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "network, path, shape",
    [
        ("linkedin", "/rest/posts?q=author&author=urn%3Ali%3Aorganization%3A1", "serviceErrorCode"),
        ("x", "/2/users/me", "title"),
        ("mastodon", "/api/v1/statuses/1", "error"),
    ],
)
@pytest.mark.parametrize("token", [None, "someone-else"])
def test_the_networks_answer_401_without_the_sandbox_token(sandbox, network, path, shape, token):
    reply = call(sandbox, network, "GET", path, token=token)
    assert reply.status == 401
    assert shape in reply.json
    assert create(sandbox, network, token=token).status == 401
    assert sandbox.posts(network) == []


def test_facebook_answers_400_code_190_without_a_token_and_takes_it_as_a_parameter(sandbox):
    reply = call(sandbox, "facebook", "GET", "/v21.0/123?fields=name", token=None)
    assert reply.status == 400
    assert reply.json["error"]["code"] == 190
    assert reply.json["error"]["type"] == "OAuthException"

    in_query = call(
        sandbox, "facebook", "GET", f"/v21.0/123?access_token={SANDBOX_TOKEN}", token=None
    )
    assert in_query.json == {"id": "123", "name": "Sandbox page"}
    in_form = call(
        sandbox,
        "facebook",
        "POST",
        "/v21.0/123/feed",
        form={"message": "Hi", "access_token": SANDBOX_TOKEN},
        token=None,
    )
    assert in_form.status == 200
    assert sandbox.posts("facebook")[0]["message"] == "Hi"


def test_the_webhook_needs_no_token_and_the_mastodon_instance_is_public(sandbox):
    assert create(sandbox, "webhook").json == {"ok": True}
    instance = call(sandbox, "mastodon", "GET", "/api/v2/instance", token=None)
    assert instance.status == 200
    assert instance.json["configuration"]["statuses"]["max_characters"] == 500


# --- LinkedIn --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Restli-Protocol-Version": "2.0.0"},
        {"Linkedin-Version": "2025-10", "X-Restli-Protocol-Version": "2.0.0"},
        {"Linkedin-Version": "202510"},
    ],
)
def test_linkedin_refuses_a_post_without_its_version_headers(sandbox, headers):
    reply = call(
        sandbox, "linkedin", "POST", "/rest/posts", json_body=linkedin_post("Hi"), headers=headers
    )
    assert reply.status == 400
    assert set(reply.json) == {"status", "message", "serviceErrorCode"}
    assert sandbox.posts("linkedin") == []


def test_linkedin_requires_the_documented_fields_and_at_most_3000_characters(sandbox):
    incomplete = linkedin_post("Hi")
    del incomplete["lifecycleState"]
    reply = call(
        sandbox, "linkedin", "POST", "/rest/posts", json_body=incomplete, headers=LINKEDIN_HEADERS
    )
    assert reply.status == 422
    assert "lifecycleState" in reply.json["message"]

    assert create(sandbox, "linkedin", "a" * 3001).status == 422
    assert create(sandbox, "linkedin", "a" * 3000).status == 201
    assert len(sandbox.posts("linkedin")) == 1


def test_linkedin_answers_201_with_the_urn_in_x_restli_id(sandbox):
    first, second = create(sandbox, "linkedin", "One"), create(sandbox, "linkedin", "Two")
    assert (first.status, first.raw) == (201, b"")
    assert first.headers["x-restli-id"] == "urn:li:share:7000000000000000001"
    assert second.headers["x-restli-id"] == "urn:li:share:7000000000000000002"
    assert [post["commentary"] for post in sandbox.posts("linkedin")] == ["One", "Two"]


def test_the_linkedin_finder_lists_the_live_posts_of_that_author_newest_first(sandbox):
    create(sandbox, "linkedin", "Old")
    deleted = create(sandbox, "linkedin", "Deleted").headers["x-restli-id"]
    create(sandbox, "linkedin", "New")
    other = linkedin_post("Someone else's")
    other["author"] = "urn:li:organization:999"
    call(sandbox, "linkedin", "POST", "/rest/posts", json_body=other, headers=LINKEDIN_HEADERS)

    gone = call(sandbox, "linkedin", "DELETE", f"/rest/posts/{quote(deleted, safe='')}")
    assert gone.status == 204
    assert (
        call(sandbox, "linkedin", "DELETE", f"/rest/posts/{quote(deleted, safe='')}").status == 404
    )

    query = urlencode(
        {"q": "author", "author": ORGANIZATION, "count": 10, "sortBy": "LAST_MODIFIED"}
    )
    finder = call(
        sandbox,
        "linkedin",
        "GET",
        f"/rest/posts?{query}",
        headers={**LINKEDIN_HEADERS, "X-RestLi-Method": "FINDER"},
    )
    assert finder.status == 200
    assert [post["commentary"] for post in finder.json["elements"]] == ["New", "Old"]
    assert finder.json["paging"] == {"count": 10, "start": 0}
    newest = finder.json["elements"][0]
    assert newest["id"].startswith("urn:li:share:")
    assert newest["createdAt"] == newest["lastModifiedAt"]

    actions = call(
        sandbox, "linkedin", "GET", f"/rest/socialActions/{quote(newest['id'], safe='')}"
    )
    assert actions.json["likesSummary"] == {"totalLikes": 0}
    assert actions.json["commentsSummary"] == {"aggregatedTotalComments": 0}
    unknown = call(sandbox, "linkedin", "GET", f"/rest/socialActions/{quote(deleted, safe='')}")
    assert unknown.status == 404


# --- X ---------------------------------------------------------------------------------------


def test_x_counts_weighted_characters(sandbox):
    assert create(sandbox, "x", "a" * 280).status == 201
    too_long = create(sandbox, "x", "b" * 281)
    assert too_long.status == 400
    assert too_long.json["title"] == "Invalid Request"
    assert too_long.json["type"] == "https://api.twitter.com/2/problems/invalid-request"

    long_url = "https://vivier.example/offers/" + "x" * 200
    assert create(sandbox, "x", "c" * 256 + " " + long_url).status == 201  # 256 + 1 + 23
    assert create(sandbox, "x", "d" * 257 + " " + long_url).status == 400

    assert create(sandbox, "x", "漢" * 140).status == 201  # 2 each
    assert create(sandbox, "x", "字" * 141).status == 400
    assert len(sandbox.posts("x")) == 3


def test_x_refuses_the_same_text_twice_while_the_first_post_is_live(sandbox):
    first = create(sandbox, "x", "Join us")
    assert first.status == 201
    data = first.json["data"]
    assert data["id"].isdigit()
    assert data["edit_history_tweet_ids"] == [data["id"]]

    duplicate = create(sandbox, "x", "Join us")
    assert duplicate.status == 403
    assert duplicate.json == {
        "title": "Forbidden",
        "detail": "You are not allowed to create a Tweet with duplicate content.",
        "status": 403,
        "type": "about:blank",
    }

    assert call(sandbox, "x", "DELETE", f"/2/tweets/{data['id']}").json == {
        "data": {"deleted": True}
    }
    assert call(sandbox, "x", "DELETE", f"/2/tweets/{data['id']}").status == 404
    assert create(sandbox, "x", "Join us").status == 201


def test_x_timeline_keeps_the_original_link_and_lookup_gives_metrics(sandbox):
    assert call(sandbox, "x", "GET", "/2/users/me").json["data"]["id"] == X_USER_ID
    link = "https://vivier.example/o/abc?utm_source=x"
    created = create(sandbox, "x", f"Apply: {link}.").json["data"]
    create(sandbox, "x", "No link")

    query = urlencode({"max_results": 5, "tweet.fields": "entities,created_at"})
    timeline = call(sandbox, "x", "GET", f"/2/users/{X_USER_ID}/tweets?{query}").json
    assert timeline["meta"]["result_count"] == 2
    newest, oldest = timeline["data"]
    assert newest["text"] == "No link" and "entities" not in newest
    url = oldest["entities"]["urls"][0]
    assert url["expanded_url"] == link
    assert url["url"].startswith("https://t.co/")
    assert oldest["text"] == f"Apply: {url['url']}."
    assert oldest["created_at"].endswith("Z")

    lookup = call(sandbox, "x", "GET", f"/2/tweets?ids={created['id']}&tweet.fields=public_metrics")
    assert lookup.json["data"][0]["public_metrics"]["like_count"] == 0

    call(sandbox, "x", "DELETE", f"/2/tweets/{created['id']}")
    call(sandbox, "x", "DELETE", f"/2/tweets/{newest['id']}")
    empty = call(sandbox, "x", "GET", f"/2/users/{X_USER_ID}/tweets?{query}").json
    assert empty == {"meta": {"result_count": 0}}


# --- Mastodon --------------------------------------------------------------------------------


def test_mastodon_replays_an_idempotency_key_instead_of_posting_twice(sandbox):
    def post(key):
        return call(
            sandbox,
            "mastodon",
            "POST",
            "/api/v1/statuses",
            form={"status": "Hiring <now>", "visibility": "public", "language": "fr"},
            headers={"Idempotency-Key": key},
        )

    first, replay = post("publication-1"), post("publication-1")
    assert first.status == replay.status == 200
    assert replay.json == first.json
    status = first.json
    assert status["content"] == "<p>Hiring &lt;now&gt;</p>"
    assert status["url"] == f"{sandbox.base_url('mastodon')}/@sandbox/{status['id']}"
    assert (status["visibility"], status["language"]) == ("public", "fr")
    assert len(sandbox.posts("mastodon")) == 1

    assert post("publication-2").json["id"] != status["id"]
    assert len(sandbox.posts("mastodon")) == 2

    shown = call(sandbox, "mastodon", "GET", f"/api/v1/statuses/{status['id']}")
    assert shown.json["id"] == status["id"]
    deleted = call(sandbox, "mastodon", "DELETE", f"/api/v1/statuses/{status['id']}")
    assert deleted.json["text"] == "Hiring <now>"
    gone = call(sandbox, "mastodon", "GET", f"/api/v1/statuses/{status['id']}")
    assert (gone.status, gone.json) == (404, {"error": "Record not found"})


@pytest.mark.parametrize("sandbox", [{"mastodon_max_characters": 30}], indirect=True)
def test_mastodon_honours_the_instance_limit(sandbox):
    instance = call(sandbox, "mastodon", "GET", "/api/v2/instance", token=None).json
    assert instance["configuration"]["statuses"]["max_characters"] == 30

    too_long = create(sandbox, "mastodon", "a" * 31)
    assert too_long.status == 422
    assert too_long.json == {"error": "Validation failed: Text character limit of 30 exceeded"}
    assert create(sandbox, "mastodon", "a" * 30).status == 200
    # A link counts 23 whatever its length; a remote mention counts its local part only.
    assert create(sandbox, "mastodon", "123456 https://vivier.example/" + "o" * 80).status == 200
    assert create(sandbox, "mastodon", "@ana@very.long.example.social " + "b" * 25).status == 200
    assert len(sandbox.posts("mastodon")) == 3


# --- Faults, on every network ----------------------------------------------------------------


@pytest.mark.parametrize("network", NETWORKS)
def test_fail_next_answers_the_status_with_retry_after_then_lets_requests_through(sandbox, network):
    sandbox.fail_next(network, 429, retry_after=7)
    refused = create(sandbox, network, "First try")
    assert refused.status == 429
    assert refused.headers["Retry-After"] == "7"
    assert refused.json  # the network's own error shape
    assert sandbox.posts(network) == []

    retried = create(sandbox, network, "First try")
    assert retried.status in (200, 201)
    assert len(sandbox.posts(network)) == 1
    assert [entry["status"] for entry in sandbox.received(network)] == [429, retried.status]


def test_fail_next_spares_reads_and_oauth_and_counts_writes(sandbox):
    sandbox.fail_next("x", 503, count=2)
    assert call(sandbox, "x", "GET", "/2/users/me").status == 200
    token = call(sandbox, "x", "POST", "/2/oauth2/token", token=None, form={"grant_type": "x"})
    assert token.status == 400  # the endpoint's own answer, not the injected 503
    assert create(sandbox, "x", "One").status == 503
    assert "Retry-After" not in create(sandbox, "x", "One").headers
    assert create(sandbox, "x", "One").status == 201


@pytest.mark.parametrize("network", NETWORKS)
def test_a_lost_response_leaves_the_post_made(sandbox, network):
    sandbox.lose_next_response(network)
    with pytest.raises(http.client.RemoteDisconnected):
        create(sandbox, network, "Lost")
    assert len(sandbox.posts(network)) == 1
    assert sandbox.received(network)[-1]["status"] is None

    assert create(sandbox, network, "Answered").status in (200, 201)


@pytest.mark.parametrize("network", NETWORKS)
def test_a_hung_request_stores_the_post_and_never_answers(sandbox, network):
    stored = sandbox.hang_next(network)
    with pytest.raises(TimeoutError):
        create(sandbox, network, "Hung", timeout=0.5)
    assert stored.wait(timeout=5)
    assert len(sandbox.posts(network)) == 1
    assert sandbox.received(network)[-1]["status"] is None
    # The server keeps serving others while one request hangs, and stop() releases it.
    assert create(sandbox, network, "Next").status in (200, 201)
    sandbox.stop()


def test_the_webhook_keeps_one_post_per_body_id(sandbox):
    create(sandbox, "webhook", "publication-1")
    create(sandbox, "webhook", "publication-1")
    create(sandbox, "webhook", "publication-2")
    assert [post["id"] for post in sandbox.posts("webhook")] == ["publication-1", "publication-2"]
    assert len(sandbox.received("webhook")) == 3


# --- OAuth -----------------------------------------------------------------------------------


def test_linkedin_oauth_code_flow_with_pkce(sandbox):
    verifier, challenge = pkce_pair()
    code = authorize(
        sandbox,
        "linkedin",
        "/oauth/v2/authorization",
        response_type="code",
        client_id="vivier",
        redirect_uri=REDIRECT_URI,
        state="s1",
        scope="w_organization_social",
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "client_id": "vivier",
        "client_secret": "secret",
    }

    def token(**changes):
        return call(
            sandbox,
            "linkedin",
            "POST",
            "/oauth/v2/accessToken",
            token=None,
            form={**exchange, **changes},
        )

    refused = token(code_verifier="not-the-verifier")
    assert refused.status == 400
    assert refused.json["error"] == "invalid_request"
    assert token(code_verifier=verifier, redirect_uri="https://elsewhere.example/").status == 400
    granted = token(code_verifier=verifier)
    assert granted.status == 200
    assert granted.json["access_token"] == SANDBOX_TOKEN
    assert granted.json["refresh_token"] == "sandbox-refresh"
    assert token(code_verifier=verifier).status == 400  # single use

    missing_state = call(
        sandbox,
        "linkedin",
        "GET",
        f"/oauth/v2/authorization?{urlencode({'response_type': 'code', 'client_id': 'vivier'})}",
        token=None,
    )
    assert missing_state.status == 400


def test_x_oauth_requires_pkce_and_accepts_basic_client_credentials(sandbox):
    verifier, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": "vivier",
        "redirect_uri": REDIRECT_URI,
        "state": "s2",
        "scope": "tweet.read tweet.write users.read offline.access",
    }
    without_pkce = call(sandbox, "x", "GET", f"/i/oauth2/authorize?{urlencode(params)}", token=None)
    assert without_pkce.status == 400

    code = authorize(
        sandbox,
        "x",
        "/i/oauth2/authorize",
        **params,
        code_challenge=challenge,
        code_challenge_method="S256",
    )
    basic = {"Authorization": "Basic " + base64.b64encode(b"vivier:secret").decode()}

    def token(form):
        return call(sandbox, "x", "POST", "/2/oauth2/token", token=None, form=form, headers=basic)

    exchange = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI}
    assert token({**exchange, "code_verifier": "wrong"}).status == 400
    granted = token({**exchange, "code_verifier": verifier})
    assert granted.status == 200
    assert granted.json["token_type"] == "bearer"
    assert granted.json["access_token"] == SANDBOX_TOKEN
    assert token({**exchange, "code_verifier": verifier}).json["error"] == "invalid_request"

    refreshed = token({"grant_type": "refresh_token", "refresh_token": "sandbox-refresh"})
    assert refreshed.json["expires_in"] == 7200


def test_facebook_oauth_page_token_and_page_posts(sandbox):
    code = authorize(
        sandbox,
        "facebook",
        "/v21.0/dialog/oauth",
        client_id="app",
        redirect_uri=REDIRECT_URI,
        state="s3",
        scope="pages_manage_posts",
    )
    query = urlencode(
        {"client_id": "app", "redirect_uri": REDIRECT_URI, "client_secret": "s", "code": code}
    )
    user = call(sandbox, "facebook", "GET", f"/v21.0/oauth/access_token?{query}", token=None)
    assert user.json == {
        "access_token": SANDBOX_TOKEN,
        "token_type": "bearer",
        "expires_in": 5183944,
    }
    page = call(sandbox, "facebook", "GET", "/v21.0/123?fields=access_token,name").json
    assert page == {"id": "123", "name": "Sandbox page", "access_token": SANDBOX_TOKEN}

    assert call(sandbox, "facebook", "POST", "/v21.0/123/feed", form={}).status == 400
    post_id = call(
        sandbox,
        "facebook",
        "POST",
        "/v21.0/123/feed",
        form={"message": "Hiring", "link": "https://vivier.example/o/1"},
    ).json["id"]
    fields = "id,message,link,created_time,permalink_url"
    feed = call(sandbox, "facebook", "GET", f"/v21.0/123/feed?fields={fields}&limit=10").json
    assert feed["data"][0]["id"] == post_id
    assert feed["data"][0]["permalink_url"] == (
        f"https://www.facebook.com/123/posts/{post_id.split('_')[1]}"
    )
    metrics = call(
        sandbox,
        "facebook",
        "GET",
        f"/v21.0/{post_id}?fields=shares,reactions.summary(total_count),comments.summary(total_count)",
    ).json
    assert metrics["reactions"]["summary"] == {"total_count": 0}
    assert metrics["comments"]["summary"] == {"total_count": 0}

    assert call(sandbox, "facebook", "DELETE", f"/v21.0/{post_id}").json == {"success": True}
    unknown = call(sandbox, "facebook", "DELETE", f"/v21.0/{post_id}")
    assert (unknown.status, unknown.json["error"]["code"]) == (400, 100)


# --- State, over HTTP and in process ----------------------------------------------------------


def test_the_received_requests_are_served_as_json_and_can_be_reset(sandbox):
    create(sandbox, "mastodon", "Over HTTP")
    received = call(sandbox, None, "GET", "/_sandbox/received", token=None)
    assert received.status == 200
    assert set(received.json) == set(NETWORKS)
    (entry,) = received.json["mastodon"]
    assert entry["method"] == "POST"
    assert entry["path"] == "/api/v1/statuses"
    assert entry["headers"]["authorization"] == f"Bearer {SANDBOX_TOKEN}"
    assert entry["body"] == {"status": "Over HTTP"}
    assert entry["status"] == 200
    assert entry["at"]
    assert received.json == {network: sandbox.received(network) for network in NETWORKS}

    assert call(sandbox, None, "POST", "/_sandbox/reset", token=None).status == 200
    assert sandbox.received("mastodon") == [] and sandbox.posts("mastodon") == []


def test_reset_forgets_posts_requests_and_pending_faults(sandbox):
    create(sandbox, "x", "Before")
    sandbox.fail_next("x", 500)
    sandbox.lose_next_response("x")
    sandbox.reset()
    assert sandbox.posts("x") == [] and sandbox.received("x") == []
    assert create(sandbox, "x", "After").status == 201


def test_the_sandbox_is_a_context_manager():
    with Sandbox() as sandbox:
        assert create(sandbox, "webhook").status == 200
    with pytest.raises(urllib.error.URLError):
        create(sandbox, "webhook", timeout=1)
