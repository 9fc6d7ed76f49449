"""Each connector against the sandbox over real HTTP: what it sends, how it reads the answers."""

import hashlib
import hmac
import socket
import socketserver
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from tests.factories import make_channel
from vivier.distribution import services
from vivier.distribution.connectors import (
    CONNECTORS,
    NotSupported,
    Post,
    Refused,
    RetryLater,
    connector_for,
)
from vivier.distribution.connectors.email import read_unsubscribe_token
from vivier.distribution.models import (
    PUSH_KINDS,
    Channel,
    ChannelKind,
    EmailDelivery,
    EmailUnsubscription,
    Publication,
    PublicationStatus,
)
from vivier.distribution.rendering import post_for
from vivier.distribution.sandbox import SANDBOX_TOKEN, Sandbox
from vivier.distribution.text import mastodon_length, x_length

SOCIAL = ["linkedin", "x", "facebook", "mastodon"]
OVER_HTTP = [*SOCIAL, "webhook"]
# Networks without an idempotency key: after a lost answer the connector looks for the post.
FINDABLE = ["linkedin", "x", "facebook"]
ORGANIZATION = "urn:li:organization:2414183"
PAGE_ID = "1234567"
WEBHOOK_SECRET = "webhook-test-secret"
X_USER_ID = "2244994945"


@pytest.fixture(autouse=True)
def in_english(default_language):
    """The connectors' messages are asserted in English."""
    translation.activate("en")


@pytest.fixture
def http():
    """The HTTP client the connectors are given, closed after the test."""
    with httpx.Client(timeout=5) as client:
        yield client


def build_channel(kind, *, token=SANDBOX_TOKEN, secret=WEBHOOK_SECRET, **fields) -> Channel:
    """An unsaved sandbox channel with working credentials (None leaves them out)."""
    defaults = {"linkedin": ORGANIZATION, "facebook": PAGE_ID}
    channel = Channel(
        kind=kind,
        name=f"{kind} test",
        is_sandbox=fields.pop("is_sandbox", True),
        account_id=fields.pop("account_id", defaults.get(kind, "")),
        **fields,
    )
    if kind == "webhook":
        channel.credentials = {"secret": secret}
    else:
        channel.credentials = {"access_token": token}
    return channel


def connect(kind, client, **fields):
    return connector_for(build_channel(kind, **fields), client)


def make_post(text="Chargé de mission numérique · CDI · Rennes\n{link} #emploi", **fields) -> Post:
    """A post with a link of its own; `{link}` in the text is replaced by that link."""
    link = fields.pop("link", f"https://vivier.example/r/{uuid.uuid4().hex[:10]}")
    return Post(
        text=text.replace("{link}", link),
        link=link,
        title="Chargé de mission numérique — Région Armor-Océan",
        offer_url="https://vivier.example/offres/charge-de-mission-numerique/",
        idempotency_key=fields.pop("idempotency_key", str(uuid.uuid4())),
        **fields,
    )


def requests_made(sandbox, network, method):
    return [entry for entry in sandbox.received(network) if entry["method"] == method]


def test_every_push_channel_has_a_connector(http):
    assert set(CONNECTORS) == set(PUSH_KINDS)
    for kind in PUSH_KINDS:
        assert connector_for(build_channel(kind), http).kind == kind


# --- Credentials ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SOCIAL)
def test_a_channel_without_a_token_is_refused_before_anything_is_sent(kind, sandbox, http):
    connector = connect(kind, http, token=None)
    with pytest.raises(Refused, match="No access token"):
        connector.publish(make_post())
    with pytest.raises(Refused, match="No access token"):
        connector.check()
    assert sandbox.received(kind) == []


def test_a_webhook_without_its_signing_secret_is_refused_before_anything_is_sent(sandbox, http):
    with pytest.raises(Refused, match="secret"):
        connect("webhook", http, secret=None).publish(make_post())
    assert sandbox.received("webhook") == []


@pytest.mark.parametrize("kind", ["linkedin", "facebook"])
def test_a_channel_without_its_page_is_refused_before_anything_is_sent(kind, sandbox, http):
    with pytest.raises(Refused):
        connect(kind, http, account_id="").publish(make_post())
    assert sandbox.received(kind) == []


@pytest.mark.parametrize("kind", ["linkedin", "x", "mastodon"])
def test_a_wrong_token_is_refused_as_a_credentials_problem(kind, sandbox, http):
    connector = connect(kind, http, token="revoked")
    with pytest.raises(Refused, match="credentials") as refused:
        connector.publish(make_post())
    assert refused.value.http_status == 401
    with pytest.raises(Refused, match="credentials"):
        connector.check()
    assert sandbox.posts(kind) == []


def test_facebook_reports_the_graphs_code_190_as_a_bad_page_token(sandbox, http):
    connector = connect("facebook", http, token="revoked")
    with pytest.raises(Refused) as refused:
        connector.publish(make_post())
    # The Graph API answers 400, which alone would read as a refused post.
    assert refused.value.http_status == 400
    assert "page token" in refused.value.message
    assert "refused the post" not in refused.value.message
    with pytest.raises(Refused, match="page token"):
        connector.check()
    assert sandbox.posts("facebook") == []


# --- Validation ----------------------------------------------------------------------------------


def test_x_counts_a_url_as_23_and_cjk_as_2_up_to_exactly_280(sandbox, http):
    connector = connect("x", http)
    fits = make_post("{link} " + "語" * 128)  # 23 + 1 + 2 × 128
    assert x_length("https://vivier.example/r/a-very-long-tracked-link-indeed") == 23
    assert x_length("語") == 2
    assert connector.length(fits.text) == 280
    assert connector.validate(fits) == []
    too_long = make_post("{link} " + "語" * 128 + "a")
    errors = connector.validate(too_long)
    assert len(errors) == 1 and "281" in errors[0] and "280" in errors[0]
    # X agrees on both sides of the limit.
    connector.publish(fits)
    with pytest.raises(Refused, match="280"):
        connector.publish(too_long)
    assert [post["text"] for post in sandbox.posts("x")] == [fits.text]


def test_a_link_counts_23_whatever_the_case_of_its_scheme(sandbox, http):
    connector = connect("x", http)
    post = make_post("{link} " + "a" * 256, link="HTTPS://VIVIER.EXAMPLE/R/" + "A" * 40)
    assert connector.length(post.text) == 280
    assert mastodon_length(post.link) == 23
    assert connector.validate(post) == []
    connector.publish(post)  # X counts it the same way
    assert len(sandbox.posts("x")) == 1


def test_mastodon_reads_its_limit_from_the_servers_instance_endpoint(sandbox, http):
    cache.clear()  # the limit is cached per server address
    with Sandbox(mastodon_max_characters=100) as small:
        connector = connect("mastodon", http, is_sandbox=False, api_url=small.base_url("mastodon"))
        assert connector.max_length() == 100
        fits = make_post("{link} " + "a" * 76)  # a link counts 23
        too_long = make_post("{link} " + "a" * 77)
        assert connector.validate(fits) == []
        errors = connector.validate(too_long)
        assert len(errors) == 1 and "101" in errors[0] and "100" in errors[0]
        connector.publish(fits)
        with pytest.raises(Refused, match="character limit of 100"):
            connector.publish(too_long)
        instance_reads = [e for e in small.received("mastodon") if e["path"] == "/api/v2/instance"]
        assert len(instance_reads) == 1  # then cached
    # Another server keeps its own limit.
    assert connect("mastodon", http).max_length() == 500


def test_linkedin_counts_up_to_3000_characters_of_escaped_commentary(sandbox, http):
    connector = connect("linkedin", http)
    link = "https://vivier.example/r/Ab3dEf9hJk"
    fits = make_post("{link} " + "a" * (3000 - len(link) - 1), link=link)
    assert connector.validate(fits) == []
    connector.publish(fits)
    # 3,000 characters as typed, 3,001 once "*" is escaped: LinkedIn counts the latter.
    escaped = make_post("{link} *" + "a" * (3000 - len(link) - 2), link=link)
    assert len(escaped.text) == 3000
    errors = connector.validate(escaped)
    assert len(errors) == 1 and "3001" in errors[0].replace(",", "")
    with pytest.raises(Refused, match="longer than 3000"):
        connector.publish(escaped)
    assert len(sandbox.posts("linkedin")) == 1


@pytest.mark.parametrize("kind", OVER_HTTP)
def test_the_tracked_link_must_stay_in_the_text(kind, sandbox, http):
    post = make_post("Chargé de mission numérique à Rennes, postulez vite !")
    errors = connect(kind, http).validate(post)
    assert len(errors) == 1
    assert post.link in errors[0]


# --- Publishing ----------------------------------------------------------------------------------


def test_linkedin_publish_returns_the_urn_from_x_restli_id(sandbox, http):
    ref = connect("linkedin", http).publish(make_post())
    (posted,) = sandbox.posts("linkedin")
    assert ref.id == posted["id"]
    assert ref.id.startswith("urn:li:share:")
    assert ref.url == f"https://www.linkedin.com/feed/update/{ref.id}/"
    assert posted["author"] == ORGANIZATION
    assert (posted["visibility"], posted["lifecycleState"]) == ("PUBLIC", "PUBLISHED")


def test_linkedin_sends_its_version_and_the_restli_protocol_headers(sandbox, http):
    connect("linkedin", http).publish(make_post())
    (request,) = requests_made(sandbox, "linkedin", "POST")
    assert len(request["headers"]["linkedin-version"]) == 6
    assert request["headers"]["linkedin-version"].isdigit()
    assert request["headers"]["x-restli-protocol-version"] == "2.0.0"
    assert request["headers"]["authorization"] == f"Bearer {SANDBOX_TOKEN}"


def test_linkedin_commentary_is_little_text_with_hashtag_elements(sandbox, http):
    connector = connect("linkedin", http)
    post = make_post(
        "#Recrutement Développeur·se C# (H/F) *CDI* [Rennes] {x} @Vivier_RH ~ a|b <100%> \\ "
        "{link} #emploi #TechForGood"
    )
    ref = connector.publish(post)
    (posted,) = sandbox.posts("linkedin")
    assert posted["commentary"] == (
        r"{hashtag|\#|Recrutement} Développeur·se C\# \(H/F\) \*CDI\* \[Rennes\] \{x\} "
        r"\@Vivier\_RH \~ a\|b \<100%\> \\ "
        + post.link
        + r" {hashtag|\#|emploi} {hashtag|\#|TechForGood}"
    )
    # The escaped text is still recognised when looking for the post after a lost answer.
    assert connector.find(post) == ref


def test_x_publish_posts_the_text_and_returns_its_id(sandbox, http):
    post = make_post()
    ref = connect("x", http).publish(post)
    (posted,) = sandbox.posts("x")
    assert posted["text"] == post.text
    assert ref.id == posted["id"]
    assert ref.url == f"https://x.com/i/web/status/{ref.id}"


def test_facebook_publish_sends_the_message_and_the_link_to_the_page_feed(sandbox, http):
    post = make_post()
    ref = connect("facebook", http).publish(post)
    (posted,) = sandbox.posts("facebook")
    assert (posted["message"], posted["link"]) == (post.text, post.link)
    assert ref.id == posted["id"]
    assert ref.id.startswith(f"{PAGE_ID}_")
    (request,) = requests_made(sandbox, "facebook", "POST")
    assert request["path"].startswith(f"/v21.0/{PAGE_ID}/feed")


def test_mastodon_publish_sends_the_idempotency_key_and_the_offers_language(sandbox, http):
    post = make_post(extra={"language": "en"})
    ref = connect("mastodon", http).publish(post)
    (posted,) = sandbox.posts("mastodon")
    assert (posted["text"], posted["visibility"], posted["language"]) == (post.text, "public", "en")
    assert (ref.id, ref.url) == (posted["id"], posted["url"])
    (request,) = requests_made(sandbox, "mastodon", "POST")
    assert request["headers"]["idempotency-key"] == post.idempotency_key


def test_mastodon_makes_one_status_for_two_publishes_with_the_same_key(sandbox, http):
    connector = connect("mastodon", http)
    post = make_post()
    assert connector.publish(post) == connector.publish(post)
    assert len(sandbox.posts("mastodon")) == 1
    assert len(requests_made(sandbox, "mastodon", "POST")) == 2


def test_mastodon_retries_a_lost_answer_with_the_same_key_and_gets_the_same_status(sandbox, http):
    connector = connect("mastodon", http)
    post = make_post()
    sandbox.lose_next_response("mastodon")
    with pytest.raises(RetryLater) as lost:
        connector.publish(post)
    assert lost.value.outcome_known is False
    assert connector.is_idempotent  # so the retry publishes again rather than looking first
    ref = connector.publish(post)
    (posted,) = sandbox.posts("mastodon")
    assert ref.id == posted["id"]


def test_the_webhook_is_signed_and_carries_the_idempotency_key_as_id(sandbox):
    sent = []
    with httpx.Client(timeout=5, event_hooks={"request": [sent.append]}) as client:
        post = make_post()
        ref = connect("webhook", client).publish(post)
    (request,) = sent
    body = request.content
    timestamp, _, signature = request.headers["Vivier-Signature"].partition(",")
    timestamp = timestamp.removeprefix("t=")
    expected = hmac.new(WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    assert signature == f"v1={expected.hexdigest()}"
    assert abs(int(timestamp) - time.time()) < 60
    (received,) = sandbox.posts("webhook")
    assert received == {
        "id": post.idempotency_key,
        "event": "publication.created",
        "text": post.text,
        "title": post.title,
        "link": post.link,
        "offer_url": post.offer_url,
    }
    assert ref.id == post.idempotency_key
    (entry,) = sandbox.received("webhook")
    assert entry["headers"]["vivier-event"] == "publication.created"


def test_a_webhook_signed_with_another_secret_does_not_verify(sandbox):
    sent = []
    with httpx.Client(timeout=5, event_hooks={"request": [sent.append]}) as client:
        connect("webhook", client, secret="another-secret").publish(make_post())
    timestamp, _, signature = sent[0].headers["Vivier-Signature"].partition(",")
    payload = f"{timestamp.removeprefix('t=')}.".encode() + sent[0].content
    expected = hmac.new(WEBHOOK_SECRET.encode(), payload, hashlib.sha256)
    assert signature != f"v1={expected.hexdigest()}"


# --- Failures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", OVER_HTTP)
def test_a_429_asks_to_retry_after_the_delay_the_network_gives(kind, sandbox, http):
    sandbox.fail_next(kind, 429, retry_after=120)
    with pytest.raises(RetryLater) as slow_down:
        connect(kind, http).publish(make_post())
    assert slow_down.value.retry_after == 120
    assert slow_down.value.outcome_known is True
    assert slow_down.value.http_status == 429
    assert sandbox.posts(kind) == []


@pytest.mark.parametrize("kind", OVER_HTTP)
def test_a_500_leaves_the_outcome_unknown(kind, sandbox, http):
    sandbox.fail_next(kind, 500)
    with pytest.raises(RetryLater) as failed:
        connect(kind, http).publish(make_post())
    assert failed.value.outcome_known is False
    assert failed.value.http_status == 500


@pytest.mark.parametrize("kind", OVER_HTTP)
def test_a_request_that_never_gets_an_answer_leaves_the_outcome_unknown(kind, sandbox):
    hung = sandbox.hang_next(kind)
    with httpx.Client(timeout=0.5) as impatient, pytest.raises(RetryLater) as timed_out:
        connect(kind, impatient).publish(make_post())
    assert timed_out.value.outcome_known is False
    assert timed_out.value.http_status is None
    assert hung.is_set()
    assert len(sandbox.posts(kind)) == 1  # made, although nobody heard about it


@pytest.mark.parametrize("kind", FINDABLE)
def test_a_lost_answer_is_found_again_instead_of_posted_twice(kind, sandbox, http):
    connector = connect(kind, http)
    connector.publish(make_post())  # someone else's post, newer ones come after it
    post = make_post()
    sandbox.lose_next_response(kind)
    with pytest.raises(RetryLater) as lost:
        connector.publish(post)
    assert lost.value.outcome_known is False
    ref = connector.find(post)
    assert ref is not None
    made = [p for p in sandbox.posts(kind) if post.link in str(p)]
    assert len(made) == 1
    assert ref.id == made[0]["id"]
    assert len(requests_made(sandbox, kind, "POST")) == 2


@pytest.mark.parametrize("kind", FINDABLE)
def test_find_returns_nothing_when_the_post_was_never_made(kind, sandbox, http):
    connector = connect(kind, http)
    connector.publish(make_post())
    sandbox.fail_next(kind, 502)  # refused before anything was made
    post = make_post()
    with pytest.raises(RetryLater):
        connector.publish(post)
    assert connector.find(post) is None
    assert len(sandbox.posts(kind)) == 1


def test_x_duplicate_content_is_refused_for_the_content_not_the_credentials(sandbox, http):
    connector = connect("x", http)
    post = make_post()
    connector.publish(post)
    with pytest.raises(Refused) as duplicate:
        connector.publish(post)
    assert duplicate.value.http_status == 403
    assert "duplicate content" in duplicate.value.message
    assert "credentials" not in duplicate.value.message
    assert len(sandbox.posts("x")) == 1


class MovedPermanently(BaseHTTPRequestHandler):
    """An address that moved, as an http:// one does once its site is https only."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(301)
        self.send_header("Location", "https://hooks.example/vivier")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST

    def log_message(self, format, *args):
        pass


@pytest.fixture
def moved_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), MovedPermanently)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.mark.parametrize("kind", ["webhook", "mastodon"])
def test_an_address_that_redirects_is_refused_not_counted_as_delivered(kind, moved_url, http):
    connector = connect(kind, http, is_sandbox=False, api_url=moved_url)
    with pytest.raises(Refused, match="https://hooks.example/vivier") as moved:
        connector.publish(make_post())
    assert moved.value.http_status == 301


# --- Withdrawing and figures ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", SOCIAL)
def test_withdraw_deletes_the_post(kind, sandbox, http):
    connector = connect(kind, http)
    kept = connector.publish(make_post())
    ref = connector.publish(make_post())
    connector.withdraw(ref)
    assert [post["id"] for post in sandbox.posts(kind)] == [kept.id]


def test_withdrawing_from_a_webhook_sends_a_withdrawn_event_once(sandbox, http):
    connector = connect("webhook", http)
    ref = connector.publish(make_post())
    connector.withdraw(ref)
    connector.withdraw(ref)  # a retry: the receiver deduplicates on the same id
    withdrawn = [
        body for body in sandbox.posts("webhook") if body["event"] != "publication.created"
    ]
    assert len(withdrawn) == 1
    assert withdrawn[0]["event"] == "publication.withdrawn"
    assert withdrawn[0]["post_id"] == ref.id
    assert withdrawn[0]["id"] != ref.id


@pytest.mark.parametrize(
    "kind, counters",
    [
        ("linkedin", {"likes": 0, "comments": 0}),
        ("x", {"likes": 0, "reposts": 0, "replies": 0, "impressions": 0}),
        ("facebook", {"reactions": 0, "comments": 0, "shares": 0}),
        ("mastodon", {"boosts": 0, "favourites": 0, "replies": 0}),
    ],
)
def test_metrics_return_the_documented_counters(kind, counters, sandbox, http):
    connector = connect(kind, http)
    ref = connector.publish(make_post())
    assert connector.metrics(ref) == counters
    (read,) = requests_made(sandbox, kind, "GET")
    assert read["status"] == 200


def test_a_webhook_gives_no_figures(sandbox, http):
    connector = connect("webhook", http)
    with pytest.raises(NotSupported):
        connector.metrics(connector.publish(make_post()))


# --- Checking the connection ---------------------------------------------------------------------


def test_linkedin_check_reads_the_organisations_posts(sandbox, http):
    assert connect("linkedin", http).check() == ORGANIZATION
    (request,) = sandbox.received("linkedin")
    assert request["method"] == "GET" and request["status"] == 200
    assert request["headers"]["x-restli-method"] == "FINDER"


def test_x_check_returns_the_username_and_stores_the_account_id(sandbox, http):
    connector = connect("x", http)
    assert connector.check() == "@vivier_sandbox"
    assert connector.channel.account_id == X_USER_ID


def test_facebook_check_returns_the_page_name(sandbox, http):
    assert connect("facebook", http).check() == "Sandbox page"


def test_mastodon_check_verifies_the_credentials(sandbox, http):
    assert connect("mastodon", http).check() == "@sandbox"
    (request,) = sandbox.received("mastodon")
    assert request["path"] == "/api/v1/accounts/verify_credentials"


def test_webhook_check_sends_a_signed_ping(sandbox, http):
    assert connect("webhook", http).check() == sandbox.base_url("webhook")
    (request,) = sandbox.received("webhook")
    assert request["body"]["event"] == "ping"
    assert request["headers"]["vivier-event"] == "ping"
    assert request["headers"]["vivier-signature"].startswith("t=")


# --- E-mail --------------------------------------------------------------------------------------

RECIPIENTS = ["ana@example.test", "bruno@example.test", "chloe@example.test"]


@pytest.fixture
def email_channel(db):
    return make_channel(ChannelKind.EMAIL, email_recipients="\n".join(RECIPIENTS))


@pytest.fixture
def email_post(email_channel, offer):
    link = services.tracked_link(offer=offer, channel=email_channel)
    publication = Publication.objects.create(
        offer=offer,
        channel=email_channel,
        link=link,
        text=f"{offer.title} à Rennes : {link.url}",
        status=PublicationStatus.SENDING,
        scheduled_at=timezone.now(),
    )
    return post_for(publication)


@pytest.mark.django_db
def test_email_sends_one_message_per_recipient_with_a_one_click_unsubscribe(
    email_channel, email_post, mailoutbox
):
    ref = connector_for(email_channel).publish(email_post)
    assert sorted(message.to[0] for message in mailoutbox) == RECIPIENTS
    assert all(len(message.to) == 1 for message in mailoutbox)
    for message in mailoutbox:
        assert message.subject == email_post.title
        assert email_post.link in message.body
        headers = message.message()
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        unsubscribe = headers["List-Unsubscribe"].strip("<>")
        assert unsubscribe in message.body
        token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
        assert read_unsubscribe_token(token) == {
            "channel": email_channel.pk,
            "address": message.to[0],
        }
    assert "3" in ref.id
    assert EmailDelivery.objects.filter(sent_at__isnull=False).count() == 3


@pytest.mark.django_db
def test_email_skips_an_unsubscribed_address(email_channel, email_post, mailoutbox):
    EmailUnsubscription.objects.create(channel=email_channel, address="bruno@example.test")
    connector = connector_for(email_channel)
    assert connector.check() == "2 recipients"
    connector.publish(email_post)
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ana@example.test",
        "chloe@example.test",
    ]


@pytest.mark.django_db
def test_email_publishing_again_sends_only_to_new_recipients(email_channel, email_post, mailoutbox):
    connector_for(email_channel).publish(email_post)
    connector_for(email_channel).publish(email_post)
    assert len(mailoutbox) == 3
    email_channel.email_recipients += "\ndavid@example.test"
    connector_for(email_channel).publish(email_post)
    assert [message.to[0] for message in mailoutbox[3:]] == ["david@example.test"]
    assert EmailDelivery.objects.filter(publication_id=email_post.publication_id).count() == 4


@pytest.mark.django_db
def test_email_check_refuses_a_list_without_recipients():
    with pytest.raises(Refused, match="no recipient"):
        connector_for(make_channel(ChannelKind.EMAIL)).check()


@pytest.mark.django_db
def test_email_cannot_be_withdrawn(email_channel, email_post, mailoutbox):
    connector = connector_for(email_channel)
    ref = connector.publish(email_post)
    assert connector.can_withdraw is False
    with pytest.raises(NotSupported):
        connector.withdraw(ref)


# --- E-mail through an SMTP server that fails -----------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HangsUpAfterOneMessage(socketserver.StreamRequestHandler):
    """An SMTP server that takes one message, then drops the connection."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sandbox ESMTP")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"MAIL" and self.server.messages:
                return
            if command == b"DATA":
                self.reply("354 go ahead")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                self.server.messages += 1
                self.reply("250 queued")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp(settings):
    """Sends the e-mails over SMTP to a port of loopback, given by the test."""

    def to_port(port: int) -> None:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False

    return to_port


@pytest.mark.django_db
def test_email_asks_to_retry_later_when_the_mail_server_is_down(email_channel, email_post, smtp):
    smtp(closed_port())
    with pytest.raises(RetryLater, match="mail server"):
        connector_for(email_channel).publish(email_post)
    assert not EmailDelivery.objects.exists()


@pytest.mark.django_db
def test_email_resends_what_the_mail_server_dropped_and_nothing_else(
    email_channel, email_post, smtp, settings, mailoutbox
):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), HangsUpAfterOneMessage)
    server.daemon_threads, server.messages = True, 0
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        smtp(server.server_address[1])
        with pytest.raises(RetryLater):
            connector_for(email_channel).publish(email_post)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert server.messages == 1
    (delivered,) = EmailDelivery.objects.all()  # the dropped one is not claimed any more
    assert delivered.sent_at is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    connector_for(email_channel).publish(email_post)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        set(RECIPIENTS) - {delivered.address}
    )
