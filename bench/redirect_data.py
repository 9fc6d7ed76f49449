"""Data and the click flush for bench/redirect (run with the benchmark's environment).

`create OFFERS`: published offers, one channel per kind below and a tracked link for each offer
on each channel; prints the codes. `reset`: empties the click buffer and the queue's locks.
`flush`: what the worker runs every minute (the flush_clicks task), timed; prints name=value lines.
"""

import sys
import time

from careers_data import create as create_offers  # sets Django up

from vivier.distribution import clicks, services, tasks  # noqa: E402
from vivier.distribution.models import Channel, ChannelKind, Click  # noqa: E402
from vivier.jobs.models import JobOffer  # noqa: E402

# The channels a recruiter typically shares an offer on; the job board gives utm_source=its slug.
CHANNELS = [
    (ChannelKind.LINKEDIN, "LinkedIn de la Région", ""),
    (ChannelKind.FACEBOOK, "Page Facebook", ""),
    (ChannelKind.MASTODON, "Mastodon", ""),
    (ChannelKind.JOB_BOARD, "Emploi territorial", "emploi-territorial"),
]


def create(offers: int) -> None:
    create_offers(offers)
    channels = [
        Channel.objects.create(kind=kind, name=name, slug=slug) for kind, name, slug in CHANNELS
    ]
    for offer in JobOffer.objects.order_by("pk"):
        for channel in channels:
            print(services.tracked_link(offer=offer, channel=channel).code)


def reset() -> None:
    from huey.contrib.djhuey import HUEY

    clicks.click_buffer().redis.delete(clicks.CLICK_LIST_KEY)
    HUEY.flush()  # the queue, and a "flush-clicks" lock a killed run may have left
    HUEY.flush_locks()


def flush() -> None:
    pending = clicks.click_buffer().pending()
    start = time.perf_counter()
    written = tasks.flush_clicks.call_local()  # the periodic task itself, lock included
    elapsed = time.perf_counter() - start
    print(f"buffered={pending}")
    print(f"flushed={written}")
    print(f"flush_s={elapsed:.2f}")
    print(f"left_in_buffer={clicks.click_buffer().pending()}")
    print(f"clicks={Click.objects.count()}")
    print(f"bot_clicks={Click.objects.filter(is_bot=True).count()}")


if __name__ == "__main__":
    if sys.argv[1] == "create":
        create(int(sys.argv[2]))
    elif sys.argv[1] == "reset":
        reset()
    else:
        flush()
