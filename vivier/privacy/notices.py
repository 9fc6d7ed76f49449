"""The e-mails that keep people informed of what happens to their data.

Each is sent by the worker, at most once: the row that records it is claimed by a conditional
UPDATE before the send and released if the send fails, so two workers never both send it and a
failed send is tried again.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vivier.brand.models import Employer
from vivier.privacy import audit
from vivier.privacy.models import AuditAction, RenewalNotice
from vivier.talent.models import Profile, SourceKind

RENEWAL_SALT = "vivier.privacy.renewal"
RENEWAL_LINK_DAYS = 60  # longer than the warning period: the link works until the deletion


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def rights_url(language: str) -> str:
    with translation.override(language):
        return absolute(reverse("privacy:notice"))


def footer(language: str) -> str:
    """The line every e-mail to a candidate ends with (RGPD art. 12: rights easy to exercise)."""
    with translation.override(language):
        return "\n\n--\n" + _(
            "Your personal data: what we keep, for how long, and how to get a copy or have it "
            "erased: %(url)s"
        ) % {"url": rights_url(language)}


def _claimed_send(model, pk, field: str, subject: str, body: str, to: str) -> bool:
    claimed = model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
        **{field: timezone.now()}
    )
    if not claimed:
        return False
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
    except Exception:
        model.objects.filter(pk=pk).update(**{field: None})
        raise
    return True


# --- Renewal before deletion -------------------------------------------------------------------


def renewal_token(profile: Profile) -> str:
    return signing.dumps({"profile": profile.pk}, salt=RENEWAL_SALT)


def profile_for_renewal(token: str) -> Profile | None:
    try:
        data = signing.loads(token, salt=RENEWAL_SALT, max_age=RENEWAL_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    return Profile.objects.filter(pk=data.get("profile")).first()


@transaction.atomic
def queue_renewal_notice(*, profile: Profile, deletion_due_on: dt.date) -> None:
    from vivier.privacy.tasks import send_renewal_notice

    notice, _created = RenewalNotice.objects.update_or_create(
        profile=profile, defaults={"deletion_due_on": deletion_due_on, "sent_at": None}
    )
    transaction.on_commit(lambda: send_renewal_notice(notice.pk))


def send_renewal(notice: RenewalNotice) -> bool:
    profile = notice.profile
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        url = absolute(reverse("privacy:renew", kwargs={"token": renewal_token(profile)}))
        subject = _("Do you want to stay in our talent pool?")
        body = _(
            "Hello %(name)s,\n\n"
            "You are in the talent pool of %(employer)s. Unless you tell us you wish to stay, "
            "your profile and everything in it will be deleted on %(date)s.\n\n"
            "To stay for another period, follow this link:\n%(url)s\n\n"
            "If you do nothing, we delete your data on that date."
        ) % {
            "name": profile.first_name,
            "employer": Employer.current().name,
            "date": notice.deletion_due_on.strftime("%d/%m/%Y"),
            "url": url,
        }
        body += footer(language)
    return _claimed_send(RenewalNotice, notice.pk, "sent_at", subject, body, profile.email)


# --- Art. 14: people added by a recruiter -----------------------------------------------------


def profiles_to_inform():
    """Profiles added by a recruiter (not by the person) who have not been told yet."""
    return Profile.objects.filter(must_be_informed_by__isnull=False, informed_at__isnull=True)


def send_collection_notice(profile: Profile) -> bool:
    """Tell a person that their profile is in the pool, where it came from and their rights."""
    employer = Employer.current()
    language = settings.LANGUAGE_CODE
    sources = list(profile.sources.order_by("at"))
    with translation.override(language):
        origins = "\n".join(
            f"- {SourceKind(source.kind).label}"
            + (f" ({source.detail})" if source.detail else "")
            + f", {source.at:%d/%m/%Y}"
            for source in sources
        )
        subject = _("%(employer)s has added you to its talent pool") % {"employer": employer.name}
        body = _(
            "Hello %(name)s,\n\n"
            "%(employer)s has added your professional profile to its talent pool, to contact "
            "you about job offers that match it. We collected it from:\n%(origins)s\n\n"
            "Legal basis: our legitimate interest in recruiting. We keep it %(months)s months "
            "after our last contact with you, then delete it. We never look at your personal "
            "social networks.\n\n"
            "You may object, get a copy of your data, have it corrected or erased at any time: "
            "%(url)s"
        ) % {
            "name": profile.first_name,
            "employer": employer.name,
            "origins": origins,
            "months": settings.RETENTION_TALENT_POOL_DAYS // 30,
            "url": rights_url(language),
        }
        if employer.privacy_contact:
            body += "\n\n" + _("Data protection contact: %(contact)s") % {
                "contact": employer.privacy_contact
            }
    sent = _claimed_send(Profile, profile.pk, "informed_at", subject, body, profile.email)
    if sent:
        audit.record(
            actor=None, action=AuditAction.INFORM, obj=profile, via="worker",
            detail="RGPD art. 14",
        )  # fmt: skip
    return sent
