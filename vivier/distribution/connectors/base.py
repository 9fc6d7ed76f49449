"""What every connector offers, and the HTTP handling they share.

A connector turns a `Post` into a network post. Its answers are either a reference (`ExternalRef`)
or one of two errors: `RetryLater` (429, 5xx, no answer) and `Refused` (the network said no;
retrying would not help). `RetryLater.outcome_known` is False when the network may have made the
post anyway (a timeout, a 5xx, a closed connection): the next try first asks the network (`find`)
unless the connector sends an idempotency key the network honours.
"""

import email.utils
import time
from dataclasses import dataclass, field

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

DETAIL_KEPT_CHARS = 2000


@dataclass
class Post:
    """What is published: the text already contains the tracked link."""

    text: str
    link: str
    title: str
    offer_url: str
    idempotency_key: str
    publication_id: int | None = None
    extra: dict = field(default_factory=dict)


@dataclass
class ExternalRef:
    id: str
    url: str = ""


class ConnectorError(Exception):
    def __init__(self, message: str, *, http_status: int | None = None, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.detail = detail


class RetryLater(ConnectorError):
    def __init__(self, message, *, retry_after: float | None = None, outcome_known=True, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after
        self.outcome_known = outcome_known


class Refused(ConnectorError):
    """A final answer: bad credentials, a text the network refuses, a removed post."""


class NotSupported(ConnectorError):
    """The network has no such operation (withdrawing an e-mail, metrics of a webhook)."""


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait, from either form of Retry-After (seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class Connector:
    """One network. Subclasses set `kind` and `max_length`, and implement the operations."""

    kind = ""
    # The network deduplicates on our idempotency key: a retry after a lost answer is safe as is.
    is_idempotent = False
    can_withdraw = True
    default_api_url = ""

    def __init__(self, channel, client: httpx.Client | None = None):
        self.channel = channel
        self.client = client or httpx.Client(timeout=settings.DISTRIBUTION_TIMEOUT_S)
        self.last_status: int | None = None
        self.last_detail = ""

    # --- the interface -------------------------------------------------------------------
    def max_length(self) -> int:
        raise NotImplementedError

    def length(self, text: str) -> int:
        return len(text)

    def validate(self, post: Post) -> list[str]:
        """Problems that would make the network refuse the post, in the recruiter's words."""
        errors = []
        if not post.text.strip():
            errors.append(_("The text is empty."))
        if post.link not in post.text:
            errors.append(
                _("The tracked link %(link)s must stay in the text.") % {"link": post.link}
            )
        length, limit = self.length(post.text), self.max_length()
        if length > limit:
            errors.append(
                _("%(length)s characters: %(network)s accepts at most %(limit)s.")
                % {"length": length, "limit": limit, "network": self.channel.get_kind_display()}
            )
        return errors

    def check(self) -> str:
        """Ask the network who we are; returns a label of the account. Raises ConnectorError."""
        raise NotImplementedError

    def publish(self, post: Post) -> ExternalRef:
        raise NotImplementedError

    def find(self, post: Post) -> ExternalRef | None:
        """The post if the network already has it (made by an attempt whose answer was lost)."""
        return None

    def withdraw(self, ref: ExternalRef) -> None:
        raise NotSupported(_("This network does not allow withdrawing a post."))

    def metrics(self, ref: ExternalRef) -> dict:
        raise NotSupported(_("This network does not give figures."))

    def followers(self) -> int:
        """How many people follow the account, where the network says."""
        raise NotSupported(_("This network does not give figures."))

    # --- shared HTTP handling --------------------------------------------------------------
    @property
    def api_url(self) -> str:
        if self.channel.is_sandbox:
            if not settings.SANDBOX_URL:
                raise Refused(_("This is a sandbox channel and the sandbox is off here."))
            return f"{settings.SANDBOX_URL}/{self.kind}"
        return (self.channel.api_url or self.default_api_url).rstrip("/")

    def token(self) -> str:
        token = self.channel.credentials.get("access_token", "")
        if not token:
            raise Refused(_("No access token: connect the account or paste a token."))
        return token

    def error_message(self, response: httpx.Response) -> str:
        """The network's own explanation, from its error body."""
        return response.text[:300]

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        """Send one request; map every failure onto RetryLater or Refused."""
        self.last_status, self.last_detail = None, ""
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.ConnectError as error:  # nothing reached the network
            self.last_detail = str(error)
            raise RetryLater(_("The network could not be reached."), detail=str(error)) from error
        except (httpx.TimeoutException, httpx.TransportError) as error:
            self.last_detail = str(error) or type(error).__name__
            raise RetryLater(
                _("The network did not answer in time."),
                outcome_known=method in ("GET", "HEAD"),
                detail=self.last_detail,
            ) from error
        self.last_status = response.status_code
        self.last_detail = response.text[:DETAIL_KEPT_CHARS]
        if response.status_code == 429:
            raise RetryLater(
                _("The network asks us to slow down."),
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                http_status=429,
                detail=self.last_detail,
            )
        if response.status_code >= 500:
            raise RetryLater(
                _("The network had an error (%(status)s).") % {"status": response.status_code},
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                outcome_known=method in ("GET", "HEAD"),
                http_status=response.status_code,
                detail=self.last_detail,
            )
        if response.status_code in (401, 403) and not self.is_content_refusal(response):
            raise Refused(
                _("The network refused the credentials: reconnect the account. (%(reason)s)")
                % {"reason": self.error_message(response)},
                http_status=response.status_code,
                detail=self.last_detail,
            )
        if response.status_code >= 400:
            raise Refused(
                _("The network refused the post: %(reason)s")
                % {"reason": self.error_message(response)},
                http_status=response.status_code,
                detail=self.last_detail,
            )
        if response.status_code >= 300:
            # Redirects are not followed (a POST would turn into a GET): nothing was delivered.
            raise Refused(
                _("The address redirects to %(location)s: correct the channel's address.")
                % {"location": response.headers.get("Location") or response.status_code},
                http_status=response.status_code,
                detail=self.last_detail,
            )
        return response

    def is_content_refusal(self, response: httpx.Response) -> bool:
        """A 403 about the content (X's duplicate text) rather than the credentials."""
        return False

    def bearer(self) -> dict:
        return {"Authorization": f"Bearer {self.token()}"}
