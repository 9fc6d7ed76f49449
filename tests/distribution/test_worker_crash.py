"""A worker killed after the network accepted a post, before the database knew: exactly one post.

The sandbox stores the post and then never answers, so the worker is killed while it waits for
the answer: the network has the post, the database still says "sending". A worker started
afterwards must find the post (LinkedIn: in the organisation's latest posts) or resend it under
the same idempotency key (Mastodon), and never make a second one.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from tests.factories import make_channel
from vivier.distribution import services
from vivier.distribution.models import AttemptOutcome, Publication, PublicationStatus

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 60  # upper bound on waiting for the worker to reach the network; not a sleep


def worker_environment() -> dict:
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{database['NAME']}"
    else:
        url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CREDENTIALS_KEYS": ",".join(settings.CREDENTIALS_KEYS),
        "SANDBOX_URL": settings.SANDBOX_URL,
        "SITE_URL": settings.SITE_URL,
        "VIVIER_VAR_DIR": str(settings.VAR_DIR),
        # No other worker is alive: the second one may take over at once.
        "DISTRIBUTION_LEASE_S": "0",
    }


def run_worker(**kwargs):
    return subprocess.Popen(
        [sys.executable, "manage.py", "distribute"],
        cwd=ROOT,
        env=worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["linkedin", "mastodon"])
def test_a_worker_killed_after_the_network_accepted_leaves_exactly_one_post(
    kind, sandbox, offer, bob
):
    channel = make_channel(kind)
    draft = services.draft_for(offer=offer, channel=channel)
    now = timezone.now()
    # Queued directly: no worker of this process must pick it up.
    publication = Publication.objects.create(
        offer=offer, channel=channel, link=draft.link, text=draft.text,
        status=PublicationStatus.SCHEDULED, scheduled_at=now, next_attempt_at=now,
    )  # fmt: skip
    accepted = sandbox.hang_next(kind)

    first = run_worker()
    assert accepted.wait(WAIT_S), first.communicate(timeout=WAIT_S)
    first.send_signal(signal.SIGKILL)
    first.wait(WAIT_S)

    publication.refresh_from_db()
    assert publication.status == PublicationStatus.SENDING
    assert publication.attempts.get().outcome == AttemptOutcome.PENDING
    assert len(sandbox.posts(kind)) == 1

    second = run_worker()
    out, err = second.communicate(timeout=WAIT_S)
    assert second.returncode == 0, err.decode()

    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED, publication.last_error
    posts = sandbox.posts(kind)
    assert len(posts) == 1
    assert publication.external_id in str(posts[0])
