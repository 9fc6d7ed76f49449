"""Finding the job offer a report is filtered on, from what a recruiter typed."""

import re

from django.db.models import Q, QuerySet

from vivier.jobs.models import JobOffer

SUGGESTIONS = 20  # offers suggested as one types
# What ends a suggestion: the offer's reference, or its number when it has no reference yet.
LABEL_END = re.compile(r"\s*\((?P<key>[^()]+)\)\s*$")


def offer_label(offer: JobOffer) -> str:
    """What the offer filter shows and accepts: "Title (reference)"."""
    return f"{offer.title} ({offer.reference or f'#{offer.pk}'})"


def _number(text: str) -> int | None:
    """An offer's number, if text is one a database column can hold."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def matching_offers(text: str, offers: QuerySet | None = None) -> list[JobOffer]:
    """The offers `text` names, two at most (two: it is ambiguous): a suggestion's label, a
    reference, an offer's number (as links made before the search field have it), or a title."""
    offers = JobOffer.objects.all() if offers is None else offers
    text = text.strip()
    if end := LABEL_END.search(text):
        title, key = text[: end.start()], end["key"].strip()
        number = _number(key[1:]) if key[:1] == "#" else None
        by_key = Q(pk=number) if number is not None else Q(reference=key)
        if found := list(offers.filter(by_key, title__iexact=title)):
            return found
    number = _number(text)
    for names in (Q(reference__iexact=text), None if number is None else Q(pk=number),
                  Q(title__iexact=text)):  # fmt: skip
        if names is not None and (found := list(offers.filter(names)[:2])):
            return found
    return []


def suggested_offers(text: str, offers: QuerySet | None = None) -> list[JobOffer]:
    """The most recent offers whose title or reference contains what was typed."""
    offers = (JobOffer.objects.all() if offers is None else offers).order_by("-created_at")
    text = text.strip()
    if text:
        title = LABEL_END.sub("", text) or text
        offers = offers.filter(Q(title__icontains=title) | Q(reference__icontains=text))
    return list(offers.only("pk", "title", "reference")[:SUGGESTIONS])
