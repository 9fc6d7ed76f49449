"""Loopback stand-ins for the social networks Vivier publishes to.

Mocking an HTTP client only tests our own idea of an API. This module serves, on 127.0.0.1, the
documented contract of LinkedIn, X, Facebook and Mastodon, plus a generic webhook receiver, so that
the connectors are tested against real HTTP: real status codes, headers, error bodies, OAuth
redirects, and real transport failures (an answer lost after the post was made, a network that
never answers). It also lets a newcomer "publish" from a fresh checkout without any credentials.

    with Sandbox() as sandbox:
        url = sandbox.base_url("x")  # e.g. http://127.0.0.1:54321/x
        ...                          # talk to it with the token SANDBOX_TOKEN
        sandbox.posts("x")           # what is live on the fake network

Only what the public documentation promises is modelled; anything else (media, edits, real
metrics) is absent on purpose, so that a connector relying on it fails loudly here first.
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
import html
import json
import re
import secrets
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

SANDBOX_TOKEN = "sandbox-token"
SANDBOX_REFRESH_TOKEN = "sandbox-refresh"
NETWORKS = ("linkedin", "x", "facebook", "mastodon", "webhook")

_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_URL_WEIGHT = 23  # X and Mastodon both count any link as this many characters
_IDEMPOTENCY_TTL_S = 3600  # Mastodon remembers an Idempotency-Key for an hour

# Where each network's ids start: realistic magnitudes, so that nothing assumes small integers.
_FIRST_IDS = {
    "linkedin": 7000000000000000001,
    "x": 1860000000000000001,
    "facebook": 122100000000000001,
    "mastodon": 113500000000000001,
    "webhook": 1,
}


# --- Requests, answers and state ----------------------------------------------------------------


@dataclass
class _Request:
    method: str
    segments: list[str]  # path below /<network>, split on "/" and percent-decoded
    query: dict[str, Any]
    headers: dict[str, str]  # lower-case names
    body: Any  # parsed JSON, dict of form fields, raw text, or None when empty

    def params(self) -> dict[str, Any]:
        """Query and body fields together: several APIs accept a parameter in either place."""
        merged = dict(self.query)
        if isinstance(self.body, dict):
            merged.update(self.body)
        return merged


@dataclass
class _Response:
    status: int
    body: Any = None  # serialised as JSON; None means an empty body
    headers: dict[str, str] = field(default_factory=dict)
    created: bool = False  # a post was stored: the lose/hang faults apply to this answer


@dataclass
class _Grant:
    """An authorization code handed out by an OAuth authorize endpoint, until it is redeemed."""

    network: str
    client_id: str
    redirect_uri: str
    code_challenge: str
    code_challenge_method: str


class _State:
    """Everything the fake networks remember. Only touched with `lock` held."""

    def __init__(self, mastodon_max_characters: int):
        self.lock = threading.Lock()
        self.url = ""
        self.mastodon_max_characters = mastodon_max_characters
        # Ids keep increasing across reset(): an id kept by a test never names a newer post.
        self._last_ids = {network: first - 1 for network, first in _FIRST_IDS.items()}
        self.clear()

    def clear(self) -> None:
        self.posts: dict[str, dict[Any, dict]] = {network: {} for network in NETWORKS}
        self.received: dict[str, list[dict]] = {network: [] for network in NETWORKS}
        self.failures: dict[str, deque] = {network: deque() for network in NETWORKS}
        self.create_faults: dict[str, deque] = {network: deque() for network in NETWORKS}
        self.grants: dict[str, _Grant] = {}
        self.idempotency: dict[str, tuple[float, dict]] = {}
        # Followers of the sandbox account on each network, as the networks report them.
        self.followers: dict[str, int] = dict.fromkeys(NETWORKS, DEFAULT_FOLLOWERS)

    def next_id(self, network: str) -> int:
        self._last_ids[network] += 1
        return self._last_ids[network]

    def base_url(self, network: str) -> str:
        return f"{self.url}/{network}"


# --- Helpers shared by several networks ---------------------------------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _iso_ms(moment: datetime) -> str:
    """2025-01-31T12:00:00.000Z, the timestamp format of X and Mastodon."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _fields(encoded: str) -> dict[str, Any]:
    """Form or query fields; a repeated name (or `name[]`) gives a list, as Rails would."""
    fields: dict[str, Any] = {}
    for name, value in parse_qsl(encoded, keep_blank_values=True):
        if name.endswith("[]"):
            fields.setdefault(name, []).append(value)
        elif name in fields:
            previous = fields[name]
            fields[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            fields[name] = value
    return fields


def _parse_body(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "application/json" or media_type.endswith("+json"):
        try:
            return json.loads(text)
        except ValueError:
            return text
    if media_type == "application/x-www-form-urlencoded":
        return _fields(text)
    return text


def _int_param(query: dict, name: str, default: int, low: int, high: int | None = None):
    """The integer parameter within [low, high], its default when absent, None when invalid."""
    raw = query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    if value < low or (high is not None and value > high):
        return None
    return value


def _csv(value: Any) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()] if value else []


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


def _bearer_ok(request: _Request) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and token.strip() == SANDBOX_TOKEN


def _is_oauth(segments: list[str]) -> bool:
    """OAuth endpoints of every network start with (or have, after a prefix) an "oauth…" segment:
    /oauth/v2/…, /i/oauth2/…, /2/oauth2/…, /v21.0/dialog/oauth, /v21.0/oauth/…"""
    return any(segment.startswith("oauth") for segment in segments[:3])


# A link as X and Mastodon see it: a scheme, a host, then anything up to a space; punctuation that
# ends a sentence is not part of it.
_URL = re.compile(r"https?://[^\s<>\"'/?#]+[^\s<>\"]*", re.IGNORECASE)
_URL_TRAILING = ".,:;!?'\")]}"


def _url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAILING:
            end -= 1
        spans.append((match.start(), end))
    return spans


# --- OAuth 2.0 authorization code flow, with PKCE (RFC 6749, RFC 7636) --------------------------


def _oauth_error(description: str, error: str = "invalid_request") -> _Response:
    return _Response(400, {"error": error, "error_description": description})


def _authorize(
    state: _State,
    network: str,
    query: dict,
    required: tuple[str, ...],
    error: Callable[[str], _Response],
) -> _Response:
    """Approve at once (there is no user to ask) and redirect back with a single-use code."""
    missing = [name for name in required if not query.get(name)]
    if missing:
        return error(f"Missing parameter(s): {', '.join(missing)}")
    if query.get("response_type", "code") != "code":
        return error("response_type must be 'code'")
    challenge = query.get("code_challenge") or ""
    method = query.get("code_challenge_method") or "plain"  # RFC 7636's default
    if method not in ("S256", "plain"):
        return error("code_challenge_method must be S256 or plain")
    code = secrets.token_urlsafe(24)
    state.grants[code] = _Grant(
        network, query["client_id"], query["redirect_uri"], challenge, method
    )
    back = {"code": code}
    if query.get("state"):
        back["state"] = query["state"]
    parts = urlsplit(query["redirect_uri"])
    location = urlunsplit(
        parts._replace(query="&".join(filter(None, [parts.query, urlencode(back)])))
    )
    return _Response(302, None, {"Location": location})


def _pkce_ok(grant: _Grant, verifier: Any) -> bool:
    if not isinstance(verifier, str) or not verifier:
        return False
    if grant.code_challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
        expected = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    else:
        expected = verifier
    return secrets.compare_digest(expected, grant.code_challenge)


def _redeem(state: _State, network: str, params: dict, client_id: str) -> str | None:
    """Spend the authorization code; returns why it cannot be, or None when it was spent."""
    code = params.get("code")
    grant = state.grants.get(code) if isinstance(code, str) else None
    if grant is None or grant.network != network:
        return "The authorization code is unknown or was already used"
    if grant.client_id != client_id:
        return "client_id does not match the authorization request"
    if grant.redirect_uri != params.get("redirect_uri"):
        return "redirect_uri does not match the authorization request"
    if grant.code_challenge and not _pkce_ok(grant, params.get("code_verifier")):
        return "code_verifier does not match the code_challenge"
    # Spent only on success: a client may correct a wrong verifier, but never replay a code.
    del state.grants[code]
    return None


def _basic_client_id(headers: dict) -> str:
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return unquote(decoded.partition(":")[0])


# --- LinkedIn: Posts API (versioned REST, Rest.li 2.0) ------------------------------------------

_LI_REQUIRED = ("author", "commentary", "visibility", "distribution", "lifecycleState")
_LI_MAX_COMMENTARY = 3000
_LI_INVALID_TOKEN = 65600
_LI_TOKEN = {
    "access_token": SANDBOX_TOKEN,
    "expires_in": 5184000,
    "refresh_token": SANDBOX_REFRESH_TOKEN,
    "refresh_token_expires_in": 31536000,
    "scope": "w_organization_social,r_organization_social",
}


def _li_error(status: int, message: str, service_code: int = 0) -> _Response:
    return _Response(
        status, {"status": status, "message": message, "serviceErrorCode": service_code}
    )


DEFAULT_FOLLOWERS = 1200


def _linkedin(state: _State, request: _Request) -> _Response:
    match request.method, request.segments:
        case "GET", ["oauth", "v2", "authorization"]:
            required = ("response_type", "client_id", "redirect_uri", "state", "scope")
            return _authorize(state, "linkedin", request.query, required, _oauth_error)
        case "POST", ["oauth", "v2", "accessToken"]:
            return _linkedin_token(state, request)
    if not _bearer_ok(request):
        return _li_error(401, "Invalid access token", _LI_INVALID_TOKEN)
    match request.method, request.segments:
        case "POST", ["rest", "posts"]:
            return _linkedin_create(state, request)
        case "GET", ["rest", "posts"]:
            return _linkedin_finder(state, request)
        case "DELETE", ["rest", "posts", urn]:
            if state.posts["linkedin"].pop(urn, None) is None:
                return _li_error(404, f"Post {urn} not found")
            return _Response(204)
        case "GET", ["rest", "networkSizes", _urn]:
            if request.query.get("edgeType") != "COMPANY_FOLLOWED_BY_MEMBER":
                return _li_error(400, "edgeType must be COMPANY_FOLLOWED_BY_MEMBER")
            return _Response(200, {"firstDegreeSize": state.followers["linkedin"]})
        case "GET", ["rest", "socialActions", urn]:
            if urn not in state.posts["linkedin"]:
                return _li_error(404, f"Entity {urn} not found")
            summary = {"likesSummary": {"totalLikes": 0}}
            return _Response(200, {**summary, "commentsSummary": {"aggregatedTotalComments": 0}})
    return _li_error(404, "Resource not found")


def _linkedin_create(state: _State, request: _Request) -> _Response:
    # Versioned endpoints refuse a request that does not say which version and protocol it speaks.
    if not re.fullmatch(r"\d{6}", request.headers.get("linkedin-version", "")):
        return _li_error(400, "The Linkedin-Version header (YYYYMM) is required")
    if request.headers.get("x-restli-protocol-version") != "2.0.0":
        return _li_error(400, "The X-Restli-Protocol-Version header must be 2.0.0")
    post = request.body
    if not isinstance(post, dict):
        return _li_error(400, "The body must be a JSON object")
    missing = [name for name in _LI_REQUIRED if post.get(name) is None]
    if missing:
        return _li_error(422, f"Required field(s) missing: {', '.join(missing)}")
    if not isinstance(post["commentary"], str):
        return _li_error(422, "commentary must be a string")
    if len(post["commentary"]) > _LI_MAX_COMMENTARY:
        return _li_error(422, f"commentary is longer than {_LI_MAX_COMMENTARY} characters")
    urn = f"urn:li:share:{state.next_id('linkedin')}"
    moment = int(time.time() * 1000)
    state.posts["linkedin"][urn] = {
        **post,
        "id": urn,
        "createdAt": moment,
        "lastModifiedAt": moment,
    }
    return _Response(201, None, {"x-restli-id": urn}, created=True)


def _linkedin_finder(state: _State, request: _Request) -> _Response:
    author = request.query.get("author")
    if request.query.get("q") != "author" or not isinstance(author, str) or not author:
        return _li_error(400, "The posts finder needs q=author and an author URN")
    count = _int_param(request.query, "count", default=10, low=1, high=100)
    start = _int_param(request.query, "start", default=0, low=0)
    if count is None or start is None:
        return _li_error(400, "count must be within 1..100 and start at least 0")
    # Nothing is ever edited here, so LAST_MODIFIED and CREATED both mean newest first.
    mine = [post for post in reversed(state.posts["linkedin"].values()) if post["author"] == author]
    return _Response(
        200, {"elements": mine[start : start + count], "paging": {"count": count, "start": start}}
    )


def _linkedin_token(state: _State, request: _Request) -> _Response:
    params = request.params()
    grant_type = params.get("grant_type")
    if grant_type == "refresh_token":
        if params.get("refresh_token") != SANDBOX_REFRESH_TOKEN:
            return _oauth_error("The refresh token is invalid")
        return _Response(200, dict(_LI_TOKEN))
    if grant_type != "authorization_code":
        return _oauth_error("grant_type must be authorization_code", "unsupported_grant_type")
    missing = [
        name
        for name in ("code", "redirect_uri", "client_id", "client_secret")
        if not params.get(name)
    ]
    if missing:
        return _oauth_error(f"Missing parameter(s): {', '.join(missing)}")
    problem = _redeem(state, "linkedin", params, params["client_id"])
    return _oauth_error(problem) if problem else _Response(200, dict(_LI_TOKEN))


# --- X: API v2 -----------------------------------------------------------------------------------

_X_USER = {"id": "2244994945", "name": "Sandbox", "username": "vivier_sandbox"}
_X_MAX_WEIGHTED_LENGTH = 280
# Code points that weigh 1 in X's counting (Latin, Greek, Cyrillic, Hebrew, Arabic... and some
# punctuation); every other code point, CJK and emoji included, weighs 2.
_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
_X_INVALID = "https://api.twitter.com/2/problems/invalid-request"
_X_NOT_FOUND = "https://api.twitter.com/2/problems/resource-not-found"
_X_TOKEN = {
    "token_type": "bearer",
    "access_token": SANDBOX_TOKEN,
    "refresh_token": SANDBOX_REFRESH_TOKEN,
    "expires_in": 7200,
    "scope": "tweet.read tweet.write users.read offline.access",
}


def _x_error(status: int, title: str, detail: str, kind: str = "about:blank") -> _Response:
    return _Response(status, {"title": title, "detail": detail, "type": kind, "status": status})


def _x_invalid(detail: str) -> _Response:
    return _x_error(400, "Invalid Request", detail, _X_INVALID)


def _x_weight(text: str) -> int:
    return sum(
        1 if any(low <= ord(char) <= high for low, high in _X_LIGHT_RANGES) else 2 for char in text
    )


def _x_weighted_length(text: str) -> int:
    """X's length: NFC code points weighted 1 or 2, and 23 for every link whatever its length.
    Computed here independently of the connectors, so that the two can disagree in a test."""
    text = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    for start, end in _url_spans(text):
        total += _x_weight(text[position:start]) + _URL_WEIGHT
        position = end
    return total + _x_weight(text[position:])


def _x_render(tweet: dict, fields: list[str]) -> dict:
    """A post as X shows it: links rewritten to t.co, the originals kept in entities.urls."""
    text, parts, urls, position = tweet["text"], [], [], 0
    for index, (start, end) in enumerate(_url_spans(text)):
        slug = hashlib.sha256(f"{tweet['id']}/{index}".encode()).hexdigest()[:10]
        short = f"https://t.co/{slug}"
        parts.append(text[position:start])
        offset = sum(len(part) for part in parts)
        parts.append(short)
        urls.append(
            {
                "start": offset,
                "end": offset + len(short),
                "url": short,
                "expanded_url": text[start:end],
            }
        )
        position = end
    parts.append(text[position:])
    shown = {"id": tweet["id"], "text": "".join(parts), "edit_history_tweet_ids": [tweet["id"]]}
    if "created_at" in fields:
        shown["created_at"] = tweet["created_at"]
    if "entities" in fields and urls:  # X leaves out `entities` when the post has none
        shown["entities"] = {"urls": urls}
    if "public_metrics" in fields:
        shown["public_metrics"] = dict.fromkeys(
            ("retweet_count", "reply_count", "like_count", "quote_count", "impression_count"), 0
        )
    return shown


def _x(state: _State, request: _Request) -> _Response:
    match request.method, request.segments:
        case "GET", ["i", "oauth2", "authorize"]:
            required = (
                "response_type",
                "client_id",
                "redirect_uri",
                "state",
                "scope",
                "code_challenge",
                "code_challenge_method",
            )
            return _authorize(state, "x", request.query, required, _oauth_error)
        case "POST", ["2", "oauth2", "token"]:
            return _x_token(state, request)
    if not _bearer_ok(request):
        return _x_error(401, "Unauthorized", "Unauthorized")
    match request.method, request.segments:
        case "POST", ["2", "tweets"]:
            return _x_create(state, request)
        case "DELETE", ["2", "tweets", tweet_id]:
            if state.posts["x"].pop(tweet_id, None) is None:
                return _x_error(
                    404,
                    "Not Found Error",
                    f"Could not find tweet with id: [{tweet_id}].",
                    _X_NOT_FOUND,
                )
            return _Response(200, {"data": {"deleted": True}})
        case "GET", ["2", "users", "me"]:
            user = dict(_X_USER)
            if "public_metrics" in _csv(request.query.get("user.fields")):
                user["public_metrics"] = {
                    "followers_count": state.followers["x"], "following_count": 0,
                    "tweet_count": len(state.posts["x"]), "listed_count": 0,
                }  # fmt: skip
            return _Response(200, {"data": user})
        case "GET", ["2", "users", user_id, "tweets"]:
            return _x_timeline(state, request, user_id)
        case "GET", ["2", "tweets"]:
            return _x_lookup(state, request)
    return _x_error(404, "Not Found Error", "No such endpoint", _X_NOT_FOUND)


def _x_create(state: _State, request: _Request) -> _Response:
    body = request.body
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str) or not text:
        return _x_invalid("The body must be a JSON object with a non-empty `text`")
    length = _x_weighted_length(text)
    if length > _X_MAX_WEIGHTED_LENGTH:
        return _x_invalid(
            f"text is {length} weighted characters long, above {_X_MAX_WEIGHTED_LENGTH}"
        )
    if any(tweet["text"] == text for tweet in state.posts["x"].values()):
        return _x_error(
            403, "Forbidden", "You are not allowed to create a Tweet with duplicate content."
        )
    tweet_id = str(state.next_id("x"))
    tweet = {**body, "id": tweet_id, "created_at": _iso_ms(_now())}
    state.posts["x"][tweet_id] = tweet
    return _Response(201, {"data": _x_render(tweet, [])}, created=True)


def _x_timeline(state: _State, request: _Request, user_id: str) -> _Response:
    if user_id != _X_USER["id"]:
        return _x_error(
            404, "Not Found Error", f"Could not find user with id: [{user_id}].", _X_NOT_FOUND
        )
    max_results = _int_param(request.query, "max_results", default=10, low=5, high=100)
    if max_results is None:
        return _x_invalid("max_results must be between 5 and 100")
    fields = _csv(request.query.get("tweet.fields"))
    tweets = list(reversed(state.posts["x"].values()))[:max_results]
    shown = [_x_render(tweet, fields) for tweet in tweets]
    if not shown:  # X leaves out `data` when there is nothing to show
        return _Response(200, {"meta": {"result_count": 0}})
    meta = {"result_count": len(shown), "newest_id": shown[0]["id"], "oldest_id": shown[-1]["id"]}
    return _Response(200, {"data": shown, "meta": meta})


def _x_lookup(state: _State, request: _Request) -> _Response:
    ids = _csv(request.query.get("ids"))
    if not 1 <= len(ids) <= 100:
        return _x_invalid("ids must list between 1 and 100 ids")
    fields = _csv(request.query.get("tweet.fields"))
    found, errors = [], []
    for tweet_id in ids:
        tweet = state.posts["x"].get(tweet_id)
        if tweet is not None:
            found.append(_x_render(tweet, fields))
            continue
        errors.append(
            {
                "value": tweet_id,
                "detail": f"Could not find tweet with ids: [{tweet_id}].",
                "title": "Not Found Error",
                "resource_type": "tweet",
                "parameter": "ids",
                "resource_id": tweet_id,
                "type": _X_NOT_FOUND,
            }
        )
    # Like X: 200 even when some (or all) ids are unknown; those are listed under `errors`.
    answer = {}
    if found:
        answer["data"] = found
    if errors:
        answer["errors"] = errors
    return _Response(200, answer)


def _x_token(state: _State, request: _Request) -> _Response:
    params = request.params()
    # Public clients send client_id as a field, confidential ones as HTTP Basic credentials.
    client_id = params.get("client_id") or _basic_client_id(request.headers)
    if not client_id:
        return _oauth_error("client_id is required, as a field or HTTP Basic credentials")
    grant_type = params.get("grant_type")
    if grant_type == "refresh_token":
        if params.get("refresh_token") != SANDBOX_REFRESH_TOKEN:
            return _oauth_error("Value passed for the token was invalid.")
        return _Response(200, dict(_X_TOKEN))
    if grant_type != "authorization_code":
        return _oauth_error("grant_type must be authorization_code or refresh_token")
    missing = [name for name in ("code", "redirect_uri", "code_verifier") if not params.get(name)]
    if missing:
        return _oauth_error(f"Missing parameter(s): {', '.join(missing)}")
    problem = _redeem(state, "x", params, client_id)
    return _oauth_error(problem) if problem else _Response(200, dict(_X_TOKEN))


# --- Facebook: Graph API -------------------------------------------------------------------------

_FB_VERSION = re.compile(r"v\d+\.\d+")
_FB_MAX_MESSAGE = 63206
_FB_TOKEN = {"access_token": SANDBOX_TOKEN, "token_type": "bearer", "expires_in": 5183944}
_FB_POST_FIELDS = ("message", "link", "created_time", "permalink_url")


def _fb_error(status: int, message: str, code: int, kind: str = "OAuthException") -> _Response:
    error = {"message": message, "type": kind, "code": code, "fbtrace_id": "sandbox"}
    return _Response(status, {"error": error})


def _fb_missing(object_id: str) -> _Response:
    return _fb_error(
        400, f"(#100) Object with ID '{object_id}' does not exist", 100, "GraphMethodException"
    )


def _fb_token_ok(request: _Request) -> bool:
    # The Graph API takes the token as a bearer header or as an access_token parameter.
    return _bearer_ok(request) or request.params().get("access_token") == SANDBOX_TOKEN


def _fb_field_names(value: Any) -> list[str]:
    """`a,b.summary(x,y){c}` -> ["a", "b"]: only the top-level names matter here."""
    names, depth, current = [], 0, ""
    for char in value if isinstance(value, str) else "":
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        if char == "," and depth == 0:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    return [re.split(r"[.({]", name.strip())[0] for name in names if name.strip()]


def _facebook(state: _State, request: _Request) -> _Response:
    # The version prefix is optional, as on the real Graph API (which then uses the app's default).
    segments = request.segments
    if segments and _FB_VERSION.fullmatch(segments[0]):
        segments = segments[1:]
    match request.method, segments:
        case "GET", ["dialog", "oauth"]:
            return _authorize(
                state,
                "facebook",
                request.query,
                ("client_id", "redirect_uri"),
                lambda message: _fb_error(400, message, 100),
            )
        case (("GET" | "POST"), ["oauth", "access_token"]):
            return _facebook_token(state, request)
    if not _fb_token_ok(request):
        # Facebook answers 400, not 401, when the token is missing or wrong.
        return _fb_error(400, "Invalid OAuth access token - Cannot parse access token", 190)
    match request.method, segments:
        case "POST", [page_id, "feed"]:
            return _facebook_create(state, request, page_id)
        case "GET", [page_id, "feed"]:
            return _facebook_feed(state, request, page_id)
        case "DELETE", [object_id]:
            if state.posts["facebook"].pop(object_id, None) is None:
                return _fb_missing(object_id)
            return _Response(200, {"success": True})
        case "GET", [object_id] if "_" in object_id:  # post ids are <page id>_<n>
            return _facebook_post(state, request, object_id)
        case "GET", [page_id]:
            fields = _fb_field_names(request.query.get("fields")) or ["name"]
            followers = state.followers["facebook"]
            page = {
                "id": page_id, "name": "Sandbox page", "access_token": SANDBOX_TOKEN,
                "followers_count": followers, "fan_count": followers,
            }  # fmt: skip
            return _Response(200, {name: page[name] for name in ["id", *fields] if name in page})
    return _fb_error(400, "(#2500) Unknown path components", 2500)


def _facebook_create(state: _State, request: _Request, page_id: str) -> _Response:
    params = request.params()
    message, link = params.get("message"), params.get("link")
    if not message and not link:
        return _fb_error(400, "(#100) Either message or link must be given", 100)
    if isinstance(message, str) and len(message) > _FB_MAX_MESSAGE:
        return _fb_error(400, f"(#100) message is longer than {_FB_MAX_MESSAGE} characters", 100)
    number = state.next_id("facebook")
    post = {"id": f"{page_id}_{number}"}
    if message:
        post["message"] = message
    if link:
        post["link"] = link
    post["created_time"] = _now().strftime("%Y-%m-%dT%H:%M:%S+0000")
    post["permalink_url"] = f"https://www.facebook.com/{page_id}/posts/{number}"
    state.posts["facebook"][post["id"]] = post
    return _Response(200, {"id": post["id"]}, created=True)


def _facebook_feed(state: _State, request: _Request, page_id: str) -> _Response:
    limit = _int_param(request.query, "limit", default=25, low=1, high=100)
    if limit is None:
        return _fb_error(400, "(#100) limit must be between 1 and 100", 100)
    fields = _fb_field_names(request.query.get("fields")) or ["message", "created_time"]
    page_posts = [
        post
        for post in reversed(state.posts["facebook"].values())
        if post["id"].startswith(f"{page_id}_")
    ]
    # Like the Graph API, a field the post does not have (no link, say) is left out.
    shown = [
        {name: post[name] for name in ["id", *fields] if name in post}
        for post in page_posts[:limit]
    ]
    return _Response(200, {"data": shown})


def _facebook_post(state: _State, request: _Request, post_id: str) -> _Response:
    post = state.posts["facebook"].get(post_id)
    if post is None:
        return _fb_missing(post_id)
    shown = {"id": post_id}
    for name in _fb_field_names(request.query.get("fields")) or ["message", "created_time"]:
        if name in ("reactions", "comments"):
            shown[name] = {"data": [], "summary": {"total_count": 0}}
        elif name in _FB_POST_FIELDS and name in post:
            shown[name] = post[name]
        # `shares` is left out: the Graph API omits it until the post has been shared.
    return _Response(200, shown)


def _facebook_token(state: _State, request: _Request) -> _Response:
    params = request.params()
    if params.get("grant_type") == "fb_exchange_token":  # short-lived user token -> long-lived
        if params.get("fb_exchange_token") != SANDBOX_TOKEN:
            return _fb_error(400, "Invalid OAuth access token - Cannot parse access token", 190)
        return _Response(200, dict(_FB_TOKEN))
    required = ("client_id", "redirect_uri", "client_secret", "code")
    missing = [name for name in required if not params.get(name)]
    if missing:
        return _fb_error(400, f"Missing parameter(s): {', '.join(missing)}", 100)
    problem = _redeem(state, "facebook", params, params["client_id"])
    return _fb_error(400, problem, 100) if problem else _Response(200, dict(_FB_TOKEN))


# --- Mastodon: REST API --------------------------------------------------------------------------

_MASTODON_VISIBILITIES = ("public", "unlisted", "private", "direct")
# A remote mention counts as its local part: "@ana@example.social" weighs as "@ana".
_MASTODON_MENTION = re.compile(r"(?<![\w/=])@(\w+)@\w+(?:[.-]+\w+)*")
_MASTODON_ACCOUNT = {"id": "1", "username": "sandbox", "acct": "sandbox", "display_name": "Sandbox"}


def _mastodon_length(text: str) -> int:
    parts, position = [], 0
    for start, end in _url_spans(text):
        parts += [text[position:start], "x" * _URL_WEIGHT]
        position = end
    parts.append(text[position:])
    return len(_MASTODON_MENTION.sub(r"@\1", "".join(parts)))


def _mastodon_html(text: str) -> str:
    """Mastodon's rendering of plain text: paragraphs on blank lines, <br /> on single ones."""
    paragraphs = re.split(r"\n\s*\n", html.escape(text, quote=True).strip())
    return "".join(f"<p>{paragraph.replace(chr(10), '<br />')}</p>" for paragraph in paragraphs)


def _mastodon(state: _State, request: _Request) -> _Response:
    match request.method, request.segments:
        case "GET", ["api", "v2", "instance"]:  # public: clients read the limits before login
            return _mastodon_instance(state)
    if not _bearer_ok(request):
        return _Response(401, {"error": "The access token is invalid"})
    match request.method, request.segments:
        case "GET", ["api", "v1", "accounts", "verify_credentials"]:
            account = {
                **_MASTODON_ACCOUNT,
                "url": f"{state.base_url('mastodon')}/@sandbox",
                "followers_count": state.followers["mastodon"],
            }
            return _Response(200, account)
        case "POST", ["api", "v1", "statuses"]:
            return _mastodon_create(state, request)
        case "GET", ["api", "v1", "statuses", status_id] if status_id in state.posts["mastodon"]:
            status = dict(state.posts["mastodon"][status_id])
            del status["text"]  # the source text is only given back on deletion
            return _Response(200, status)
        case "DELETE", ["api", "v1", "statuses", status_id] if status_id in state.posts["mastodon"]:
            return _Response(200, state.posts["mastodon"].pop(status_id))
    return _Response(404, {"error": "Record not found"})


def _mastodon_instance(state: _State) -> _Response:
    statuses = {
        "max_characters": state.mastodon_max_characters,
        "max_media_attachments": 4,
        "characters_reserved_per_url": _URL_WEIGHT,
    }
    return _Response(
        200,
        {
            "domain": "sandbox.local",
            "title": "Sandbox",
            "version": "4.3.0",
            "configuration": {"statuses": statuses},
        },
    )


def _mastodon_create(state: _State, request: _Request) -> _Response:
    # A retry carrying a known Idempotency-Key gets the first answer back and creates nothing.
    key = request.headers.get("idempotency-key")
    clock = time.monotonic()
    state.idempotency = {
        known: entry
        for known, entry in state.idempotency.items()
        if clock - entry[0] < _IDEMPOTENCY_TTL_S
    }
    if key and key in state.idempotency:
        return _Response(200, state.idempotency[key][1])
    fields = request.body if isinstance(request.body, dict) else {}
    text = fields.get("status")
    if not isinstance(text, str) or not text.strip():
        return _Response(422, {"error": "Validation failed: Text can't be blank"})
    visibility = fields.get("visibility") or "public"
    if visibility not in _MASTODON_VISIBILITIES:
        return _Response(
            422, {"error": "Validation failed: Visibility is not included in the list"}
        )
    spoiler_text = fields.get("spoiler_text") or ""
    limit = state.mastodon_max_characters
    # The content warning counts towards the limit too.
    if _mastodon_length(text) + _mastodon_length(str(spoiler_text)) > limit:
        return _Response(
            422, {"error": f"Validation failed: Text character limit of {limit} exceeded"}
        )
    status_id = str(state.next_id("mastodon"))
    base = state.base_url("mastodon")
    status = {
        "id": status_id,
        "created_at": _iso_ms(_now()),
        "content": _mastodon_html(text),
        "url": f"{base}/@sandbox/{status_id}",
        "uri": f"{base}/users/sandbox/statuses/{status_id}",
        "visibility": visibility,
        "language": fields.get("language") or None,
        "spoiler_text": spoiler_text,
        "sensitive": bool(spoiler_text),
        "reblogs_count": 0,
        "favourites_count": 0,
        "replies_count": 0,
        "account": {**_MASTODON_ACCOUNT, "url": f"{base}/@sandbox"},
    }
    state.posts["mastodon"][status_id] = {**status, "text": text}
    if key:
        state.idempotency[key] = (clock, status)
    return _Response(200, status, created=True)


# --- Webhook: a well-behaved generic receiver ----------------------------------------------------


def _webhook(state: _State, request: _Request) -> _Response:
    if request.method != "POST":
        return _Response(405, {"ok": False, "error": "Only POST is accepted"}, {"Allow": "POST"})
    body = request.body
    # Deduplicate on the body's id, as receivers are asked to: a retried delivery is stored once.
    if isinstance(body, dict) and "id" in body:
        key: Any = ("id", json.dumps(body["id"], sort_keys=True))
    else:
        key = ("delivery", state.next_id("webhook"))
    state.posts["webhook"].setdefault(key, body)
    return _Response(200, {"ok": True}, created=True)


_ROUTES: dict[str, Callable[[_State, _Request], _Response]] = {
    "linkedin": _linkedin,
    "x": _x,
    "facebook": _facebook,
    "mastodon": _mastodon,
    "webhook": _webhook,
}


def _injected_failure(network: str, status: int) -> _Response:
    """The answer fail_next() asked for, in the network's own error shape."""
    reason = _phrase(status)
    if network == "linkedin":
        return _li_error(status, reason)
    if network == "x":
        return _x_error(status, reason, reason)
    if network == "facebook":
        code = {429: 4, 401: 190}.get(status, 2 if status >= 500 else 100)
        return _fb_error(status, reason, code)
    if network == "mastodon":
        return _Response(status, {"error": reason})
    return _Response(status, {"ok": False, "error": reason})


# --- HTTP plumbing -------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, state: _State):
        super().__init__(address, _Handler)
        self.state = state
        self.stopping = threading.Event()  # releases the requests hang_next() holds

    def handle_error(self, request, client_address):
        # A client that gave up (its timeout, a killed worker) is expected here: stay quiet.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "VivierSandbox/1.0"
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that connects and never sends a request does not pin a thread

    def log_message(self, format, *args):
        pass  # the sandbox runs inside test runs and dev servers: keep stderr clean

    def do_GET(self):
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    def _handle(self) -> None:
        state = self.server.state
        try:
            raw_body = self._read_body()
        except (ValueError, OSError):
            self._send(_Response(400, {"error": "Malformed request body"}))
            return
        parts = urlsplit(self.path)
        raw_segments = parts.path.split("/")[1:]
        network = raw_segments[0] if raw_segments else ""
        if network == "_sandbox":
            self._control(raw_segments[1:])
            return
        if network not in NETWORKS:
            self._send(_Response(404, {"error": f"Unknown network; use one of {NETWORKS}"}))
            return
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        request = _Request(
            method=self.command,
            segments=[unquote(segment) for segment in raw_segments[1:] if segment],
            query=_fields(parts.query),
            headers=headers,
            body=_parse_body(raw_body, headers.get("content-type", "")),
        )
        path = self.path[len(network) + 1 :]
        entry = {
            "method": self.command,
            "path": path if path.startswith("/") else "/" + path,
            "headers": headers,
            "body": request.body,
            "status": None,  # stays None when no answer is given
            "at": _now().isoformat(),
        }
        with state.lock:
            state.received[network].append(entry)
            response = self._answer(state, network, request)
            faults = state.create_faults[network]
            fault = faults.popleft() if response.created and faults else None
            if fault is None:
                entry["status"] = response.status
            # Serialised under the lock: the body may share dicts with the stored posts.
            payload = self._encode(response)
        if fault is not None:
            kind, event = fault
            self.close_connection = True
            if kind == "hang":
                event.set()
                self.server.stopping.wait()
            return  # the post exists, but the client never hears about it
        self._send(response, payload)

    def _answer(self, state: _State, network: str, request: _Request) -> _Response:
        failures = state.failures[network]
        if failures and request.method in _WRITE_METHODS and not _is_oauth(request.segments):
            status, retry_after = failures.popleft()
            response = _injected_failure(network, status)
            if retry_after is not None:
                response.headers["Retry-After"] = str(retry_after)
            return response
        try:
            return _ROUTES[network](state, request)
        except Exception as error:  # a sandbox bug: tell the client rather than stderr
            return _Response(500, {"error": f"sandbox error: {error!r}"})

    def _control(self, segments: list[str]) -> None:
        """/_sandbox/…: the state as JSON, for a process other than the one running the sandbox."""
        state = self.server.state
        with state.lock:
            match self.command, segments:
                case "GET", ["received"]:
                    response = _Response(200, state.received)
                case "GET", ["posts"]:
                    response = _Response(200, {n: list(p.values()) for n, p in state.posts.items()})
                case "POST", ["reset"]:
                    state.clear()
                    response = _Response(200, {"ok": True})
                case _:
                    response = _Response(404, {"error": "Unknown sandbox endpoint"})
            payload = self._encode(response)
        self._send(response, payload)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()  # the CRLF after each chunk
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    @staticmethod
    def _encode(response: _Response) -> bytes:
        if response.body is None:
            return b""
        return json.dumps(response.body, ensure_ascii=False).encode()

    def _send(self, response: _Response, payload: bytes | None = None) -> None:
        if payload is None:
            payload = self._encode(response)
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        if response.status != 204:
            self.send_header("Content-Length", str(len(payload)))
        # One request per connection: stop() then never leaves an idle keep-alive socket behind.
        self.send_header("Connection", "close")
        self.end_headers()
        if payload and self.command != "HEAD":
            self.wfile.write(payload)


# --- The public face -----------------------------------------------------------------------------


class Sandbox:
    """The fake networks on one local port; see the module docstring."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, mastodon_max_characters: int = 500):
        self.host = host
        self.port = port
        self._state = _State(mastodon_max_characters)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # Lifecycle

    def start(self) -> Sandbox:
        if self._server is not None:
            raise RuntimeError("The sandbox is already running")
        self._server = _Server((self.host, self.port), self._state)
        self.port = self._server.server_address[1]  # the one chosen by the system for port 0
        with self._state.lock:
            self._state.url = self.url
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"vivier-sandbox-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.stopping.set()  # first, so that hung requests end and free their threads
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # Addresses

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError("Start the sandbox first: its port is not chosen yet")
        return f"http://{self.host}:{self.port}"

    def base_url(self, network: str) -> str:
        return f"{self.url}/{self._network(network)}"

    # What happened

    def received(self, network: str) -> list[dict]:
        with self._state.lock:
            return copy.deepcopy(self._state.received[self._network(network)])

    def posts(self, network: str) -> list[dict]:
        with self._state.lock:
            return copy.deepcopy(list(self._state.posts[self._network(network)].values()))

    # Faults

    def fail_next(
        self, network: str, status: int, *, retry_after: int | None = None, count: int = 1
    ) -> None:
        if not 400 <= status <= 599 or count < 1:
            raise ValueError(
                "fail_next needs an error status (4xx or 5xx) and a count of 1 or more"
            )
        with self._state.lock:
            self._state.failures[self._network(network)].extend([(status, retry_after)] * count)

    def lose_next_response(self, network: str) -> None:
        with self._state.lock:
            self._state.create_faults[self._network(network)].append(("lose", None))

    def hang_next(self, network: str) -> threading.Event:
        event = threading.Event()
        with self._state.lock:
            self._state.create_faults[self._network(network)].append(("hang", event))
        return event

    def reset(self) -> None:
        with self._state.lock:
            self._state.clear()

    def set_followers(self, network: str, count: int) -> None:
        """What the network will say the sandbox account's audience is."""
        with self._state.lock:
            self._state.followers[self._network(network)] = count

    @staticmethod
    def _network(network: str) -> str:
        if network not in NETWORKS:
            raise ValueError(f"Unknown network {network!r}; expected one of {NETWORKS}")
        return network
