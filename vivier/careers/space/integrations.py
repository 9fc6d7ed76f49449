"""What the space shows from hiring's sub-apps: the e-mail thread, interviews, offer letters.

Each sub-app owns its data and its operations: interviews.services.book_slot,
offer_letters.services.accept_offer and decline_offer, conversations.services'
record_candidate_reply, conversations.selectors.thread_for. The space reads their rows for the
candidate's own application and calls those services; it never writes their tables itself.
What the team writes for itself (scheduled drafts, interviewers' instructions, scorecards, the
reason of a decline as the team reads it) is not shown.
"""

from vivier.hiring.conversations.selectors import thread_for
from vivier.hiring.interviews.models import Interview, InterviewStatus
from vivier.hiring.interviews.services import open_slots
from vivier.hiring.offer_letters.models import LetterStatus, OfferLetter


def thread(application) -> list[dict]:
    """The e-mails sent to the candidate and their own replies, oldest first.

    Not the team's scheduled messages (not sent yet), nor e-mails still in the outbox.
    """
    entries = []
    for entry in thread_for(application):
        if entry.direction == "scheduled":
            continue
        if entry.direction == "out" and entry.record.sent_at is None:
            continue
        attachments = (
            [a.original_name for a in entry.record.attachments.all()]
            if entry.direction == "in"
            else []
        )
        entries.append(
            {
                "from_candidate": entry.direction == "in",
                "subject": entry.subject,
                "body": entry.body,
                "at": entry.at,
                "attachments": attachments,
            }
        )
    return entries


def can_reply(application) -> bool:
    return not application.stage.is_closed


def interviews(application) -> list[dict]:
    """The interviews proposed or booked, each with the slots still open to choose from."""
    rows = []
    for interview in Interview.objects.filter(application=application).exclude(
        status=InterviewStatus.CANCELLED
    ):
        rows.append(
            {
                "interview": interview,
                "slots": list(open_slots(interview))
                if interview.status == InterviewStatus.PROPOSED
                else [],
            }
        )
    return rows


def get_interview(application, interview_id) -> Interview | None:
    try:
        return Interview.objects.filter(application=application, pk=int(interview_id)).first()
    except (TypeError, ValueError):
        return None


def offer_letters(application) -> list[OfferLetter]:
    """The letters sent to the candidate (never a draft the team is still writing)."""
    return list(
        OfferLetter.objects.filter(application=application)
        .exclude(status=LetterStatus.DRAFT)
        .exclude(sent_at__isnull=True)
    )


def get_offer_letter(application, letter_id) -> OfferLetter | None:
    letters = {letter.pk: letter for letter in offer_letters(application)}
    try:
        return letters.get(int(letter_id))
    except (TypeError, ValueError):
        return None
