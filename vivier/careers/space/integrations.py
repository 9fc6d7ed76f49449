"""What the space shows from hiring's sub-apps: the e-mail thread, interviews, offer letters.

Each sub-app owns its data and its operations (interviews.services.book_slot,
offer_letters.services.accept_offer and decline_offer, conversations' record_candidate_reply);
the space reads their rows for the candidate's own application and calls those services.
"""

from vivier.hiring.models import Message


def thread(application) -> list[dict]:
    """The e-mails sent to the candidate about the application, oldest first."""
    sent = Message.objects.filter(application=application, sent_at__isnull=False).order_by(
        "sent_at", "pk"
    )
    return [
        {"from_candidate": False, "subject": m.subject, "body": m.body, "at": m.sent_at}
        for m in sent
    ]


def can_reply(application) -> bool:
    return False


def interviews(application) -> list:
    return []


def offer_letters(application) -> list:
    return []
