"""Every change to the talent pool goes through these functions."""

import datetime as dt
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.talent.documents import sha256_of, store_document
from vivier.talent.models import (
    LegalBasis,
    Network,
    NetworkKind,
    Profile,
    ProfileLink,
    Source,
    SourceKind,
)
from vivier.talent.search import index_profile

INFORM_WITHIN_DAYS = 30  # RGPD art. 14: a person whose data was not collected from them


class PrivateSphereRefused(Exception):
    """A recruiter tried to attach a personal network to a profile: the message says why."""


def network_of(url: str) -> Network | None:
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.").removeprefix("m.")
    for network in Network.objects.all():
        if any(host == domain or host.endswith("." + domain) for domain in network.domains):
            return network
    return None


def private_sphere_message(network: Network) -> str:
    return _(
        "%(network)s is a personal network: a recruiter may not use it to find out about a "
        "candidate, whose private life it belongs to (Code du travail, article L1221-6: only "
        "information with a direct and necessary link to the job; CNIL, recruitment guide, "
        "2023). Only the candidate can give such a link."
    ) % {"network": network.name}


@transaction.atomic
def create_profile(*, fields: dict, source_kind: str, legal_basis: str, by=None,
                   supplied_by_candidate=False, detail="") -> Profile:  # fmt: skip
    """A new profile and the source its fields came from; a recruiter's entry must be told."""
    profile = Profile(**fields)
    if not supplied_by_candidate:
        profile.must_be_informed_by = timezone.localdate() + dt.timedelta(days=INFORM_WITHIN_DAYS)
    profile.save()
    source = Source.objects.create(
        profile=profile, kind=source_kind, legal_basis=legal_basis, by=by, detail=detail,
        supplied_by_candidate=supplied_by_candidate,
    )  # fmt: skip
    for name, value in fields.items():
        if value not in ("", None, []):
            profile.field_sources.create(field=name, source=source)
    index_profile(profile)
    return profile


@transaction.atomic
def update_profile(*, profile: Profile, fields: dict, by, detail="") -> Profile:
    """Change identity fields; each changed one now comes from this edit (its source)."""
    changed = {name: value for name, value in fields.items() if getattr(profile, name) != value}
    if not changed:
        return profile
    source = Source.objects.create(
        profile=profile, kind=SourceKind.MANUAL, legal_basis=LegalBasis.LEGITIMATE_INTEREST,
        by=by, detail=detail,
    )  # fmt: skip
    for name, value in changed.items():
        setattr(profile, name, value)
        profile.field_sources.update_or_create(field=name, defaults={"source": source})
    profile.save(update_fields=[*changed, "updated_at"])
    index_profile(profile)
    return profile


def profile_for_applicant(*, candidate) -> Profile | None:
    """An applicant who agreed to stay in the talent pool gets a profile, from their own data."""
    if candidate.talent_pool_consent_at is None:
        return None
    profile = Profile.objects.filter(
        Q(candidate=candidate) | Q(merged_applicants__candidate=candidate)
    ).first()
    if profile is None:
        profile = create_profile(
            fields={
                "first_name": candidate.first_name, "last_name": candidate.last_name,
                "email": candidate.email, "phone": candidate.phone,
            },
            source_kind=SourceKind.APPLICATION,
            legal_basis=LegalBasis.CONSENT,
            supplied_by_candidate=True,
            detail=candidate.talent_pool_consent_text[:300],
        )  # fmt: skip
        profile.candidate = candidate
        profile.save(update_fields=["candidate"])
        from vivier.talent.duplicates import flag_possible_duplicates  # it imports this module

        flag_possible_duplicates(profile=profile)
    _keep_application_cvs(profile, candidate)
    return profile


def _keep_application_cvs(profile: Profile, candidate) -> None:
    """The CVs the person sent with their applications go onto their pool profile too (once
    each: store_document keeps one copy of a file), so that the pool's search reads them."""
    from vivier.hiring.models import Document  # hiring's services import this module

    source = None
    for sent in Document.objects.filter(application__candidate=candidate).order_by("uploaded_at"):
        with sent.file.open("rb") as file:
            data = file.read()
        if profile.documents.filter(sha256=sha256_of(data)).exists():
            continue
        if source is None:
            source = Source.objects.create(
                profile=profile, kind=SourceKind.APPLICATION, legal_basis=LegalBasis.CONSENT,
                supplied_by_candidate=True, detail=_("CV sent with an application"),
            )  # fmt: skip
        store_document(profile=profile, source=source, data=data, name=sent.original_name)


@transaction.atomic
def add_link(*, profile: Profile, url: str, by=None, supplied_by_candidate=False,
             source: Source | None = None) -> ProfileLink:  # fmt: skip
    """Attach a link to the person's profile elsewhere; recruiters get no personal networks.

    `source`: the file the link came in, if any; otherwise the link is its own source.
    """
    network = network_of(url)
    if network and network.kind == NetworkKind.PERSONAL and not supplied_by_candidate:
        raise PrivateSphereRefused(private_sphere_message(network))
    if source is None:
        source = Source.objects.create(
            profile=profile,
            kind=SourceKind.PROFESSIONAL_URL if supplied_by_candidate else SourceKind.MANUAL,
            url=url,
            network=network,
            supplied_by_candidate=supplied_by_candidate,
            legal_basis=(
                LegalBasis.CONSENT if supplied_by_candidate else LegalBasis.LEGITIMATE_INTEREST
            ),
            by=by,
        )
    return ProfileLink.objects.create(profile=profile, source=source, url=url, network=network)


def qualify(*, profile: Profile, tags: list[str] | None = None, rating: int | None = None,
            by=None) -> Profile:  # fmt: skip
    if tags is not None:
        profile.tags = sorted({tag.strip() for tag in tags if tag.strip()})
    profile.rating = rating
    profile.save(update_fields=["tags", "rating", "updated_at"])
    index_profile(profile)
    return profile


def shortlist(*, profile: Profile, offer, by=None):
    from vivier.talent.models import ShortlistEntry

    entry, _created = ShortlistEntry.objects.get_or_create(
        profile=profile, offer=offer, defaults={"added_by": by}
    )
    return entry


@transaction.atomic
def invite_to_apply(*, entry, by=None) -> None:
    """E-mail the person the offer's address: they apply themselves, if they wish."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.utils import translation

    from vivier.privacy.notices import footer

    profile, offer = entry.profile, entry.offer
    if not profile.email:
        raise ValueError(_("This profile has no e-mail address."))
    with translation.override(offer.language):
        url = settings.SITE_URL + offer.get_absolute_url()
        subject = _("An offer that may interest you: %(title)s") % {"title": offer.title}
        body = _(
            "Hello %(name)s,\n\nWe thought of you for this offer: %(title)s.\n%(url)s\n\n"
            "If it interests you, apply on that page. You are receiving this message because "
            "you are in our talent pool; you can ask us to remove you at any time by "
            "answering this e-mail."
        ) % {"name": profile.first_name, "title": offer.title, "url": url}
        body += footer(offer.language)
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [profile.email], fail_silently=False)
    )
    entry.invited_at = timezone.now()
    entry.save(update_fields=["invited_at"])
