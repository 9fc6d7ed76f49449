"""The lease every outbox of Vivier sends its e-mails under (hiring's messages, interview
e-mails, notifications and their digests, job-alert digests).

A row is the e-mail. A worker takes it with one conditional UPDATE (the claim), so two workers
never send it at once; a failed send releases the claim at once for the task's retry; a worker
that dies leaves the row claimed, and once the lease is over the sweep of its app queues it
again. hiring.services.deliver_message says why the row is marked sent only after the mail
server has accepted it.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q, QuerySet


@dataclass(frozen=True)
class Lease:
    """The claim on rows with a claim column and an attempts column (names vary by table)."""

    claimed: str = "claimed_at"
    attempts: str = "send_attempts"
    seconds: int | None = None  # default: settings.MESSAGE_LEASE_S

    def over(self, now: dt.datetime) -> dt.datetime:
        """Claims made before this have run out."""
        return now - dt.timedelta(seconds=self.seconds or settings.MESSAGE_LEASE_S)

    def claim(self, rows: QuerySet, now: dt.datetime) -> bool:
        """Take the (unsent) row of `rows` unless a live claim holds it; one attempt more."""
        free = Q(**{f"{self.claimed}__isnull": True}) | Q(**{f"{self.claimed}__lt": self.over(now)})
        taken = {self.claimed: now, self.attempts: F(self.attempts) + 1}
        return bool(rows.filter(free).update(**taken))

    def release(self, model, pk: int, now: dt.datetime) -> None:
        """Give the row back after a failed send, unless another worker has taken it since."""
        model.objects.filter(pk=pk, **{self.claimed: now}).update(**{self.claimed: None})

    def abandoned(self, now: dt.datetime) -> Q:
        """Rows nobody is sending: never claimed for a lease's time (never queued, the process
        stopped between its commit and the queue), or claimed by a worker that stopped."""
        over = self.over(now)
        never_claimed = Q(**{f"{self.claimed}__isnull": True, "created_at__lt": over})
        return never_claimed | Q(**{f"{self.claimed}__lt": over})
