"""What can be notified: each part of Vivier registers its verbs here, from its AppConfig.ready().

A verb is one thing a person may be told of ("a colleague mentioned you in a note"), and one line
of the preferences page, where each person chooses, per verb, whether it shows in Vivier and
whether it comes by e-mail at once, in the daily digest, or not at all. A verb may have variants
(the outcomes of a moderation decision, the steps of a referral), which change the sentence shown
but share the verb's preference.

Sentences are translated when shown (in the interface's language) or e-mailed (in the
recipient's), never stored: a notification keeps data only (verb, variant, a short text).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailChoice(models.TextChoices):
    IMMEDIATELY = "immediately", _("At once")
    DAILY = "daily", _("In the daily digest")
    NEVER = "never", _("Never")


@dataclass(frozen=True)
class Area:
    code: str
    label: str
    order: int


@dataclass(frozen=True)
class Verb:
    """One kind of notification. `sentences` maps a variant ("" when there is one) to its
    sentence, where `%(actor)s` stands for who did it; what it is about is shown under it."""

    code: str
    area: str
    label: str  # the preferences page's line: "Mentions in notes"
    help_text: str  # "A colleague mentions you in a note on an application."
    sentences: dict
    # Who may receive it: the preferences page shows the verb to them only.
    audience: Callable = field(default=lambda user: True)
    in_app: bool = True
    email: str = EmailChoice.IMMEDIATELY
    # Checked before an e-mail goes out: False when the notification no longer holds (the post
    # was hidden, the recipient lost access to it). Takes the notification.
    is_current: Callable | None = None
    # Extra lines for the immediate e-mail (an excerpt of the post). Takes the notification and
    # is called in the recipient's language.
    email_details: Callable | None = None

    def sentence(self, variant: str = "") -> str:
        return self.sentences.get(variant) or next(iter(self.sentences.values()))


@dataclass(frozen=True)
class Target:
    """A kind of object notifications are about whose description is read live when shown
    (an application: the candidate's current name, gone once they are erased; a post: its
    thread's current title), rather than copied into each notification.

    `queryset(user)` gives the objects of that kind the user may see, ready for `describe`;
    a notification about one the user no longer sees shows its stored text instead. E-mails
    use the live description only where `in_emails` says so (never a candidate's name: their
    e-mails say the offer, from the stored text)."""

    model: type
    queryset: Callable
    describe: Callable
    in_emails: bool = False


AREAS: dict[str, Area] = {}
VERBS: dict[str, Verb] = {}
TARGETS: dict[str, Target] = {}


def register_area(code: str, label: str, order: int) -> None:
    AREAS.setdefault(code, Area(code=code, label=label, order=order))


def register_verb(verb: Verb) -> None:
    if verb.area not in AREAS:
        raise ValueError(f"Register the area {verb.area!r} before its verbs.")
    if not verb.sentences:
        raise ValueError(f"The verb {verb.code!r} needs at least one sentence.")
    VERBS.setdefault(verb.code, verb)


def register_target(target: Target) -> None:
    TARGETS.setdefault(target.model._meta.label_lower, target)


def get_verb(code: str) -> Verb:
    try:
        return VERBS[code]
    except KeyError:
        raise LookupError(f"No notification verb {code!r} is registered.") from None


def verbs_for(user) -> list[Verb]:
    """The verbs this user may receive, by area then in the order they were registered."""
    order = {code: index for index, code in enumerate(VERBS)}
    mine = [verb for verb in VERBS.values() if verb.audience(user)]
    return sorted(mine, key=lambda verb: (AREAS[verb.area].order, order[verb.code]))
