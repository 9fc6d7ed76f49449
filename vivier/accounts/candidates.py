"""Candidates' accounts: who may have one, and the account of a verified address.

A candidate applies without an account (careers' apply form); their space opens with an address
they proved is theirs, by a sign-in link (sign_in_links.py) or a provider's verified e-mail
(adapter.SocialAccountAdapter). Staff and community accounts never open this way: they sign in
with their password (and, for staff, a second factor).
"""

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction

from vivier.accounts.models import Role, User
from vivier.hiring.models import Candidate


def normalise(email: str) -> str:
    return email.strip().lower()


def may_open_a_candidate_space(email: str) -> bool:
    """An address the space may open for: a candidate's account, or a person who applied."""
    email = normalise(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        return user.is_active and user.role == Role.CANDIDATE
    return Candidate.objects.filter(email=email, anonymised_at__isnull=True).exists()


def mark_email_verified(user: User, email: str) -> None:
    email = normalise(email)
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user,
            email=email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def candidate_account(*, email: str, first_name: str = "", last_name: str = "") -> User:
    """The candidate account of a verified address, made on first use; its address verified.

    The caller has checked may_open_a_candidate_space: this never returns a staff account.
    """
    email = normalise(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        applicant = Candidate.objects.filter(email=email).first()
        user = User(
            email=email,
            role=Role.CANDIDATE,
            first_name=first_name or (applicant.first_name if applicant else ""),
            last_name=last_name or (applicant.last_name if applicant else ""),
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # two links of the same address used at the same moment
            user = User.objects.get(email__iexact=email)
    if user.role != Role.CANDIDATE:
        raise ValueError("Only a candidate's account opens without a password.")
    mark_email_verified(user, email)
    return user


def verified_emails(user: User) -> list[str]:
    """The addresses the person proved are theirs: their applications are matched on these."""
    if not user.is_authenticated:
        return []
    emails = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return sorted({normalise(email) for email in emails})


def is_candidate(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.CANDIDATE)


def records_of_address(email: str) -> list:
    """A candidate's account and what hangs from it, for vivier.privacy's export and erasure.

    Parents first (privacy deletes in reverse). Team and community accounts are not personal
    data of an applicant: they stay, and are managed in the administration.
    """
    from allauth.socialaccount.models import SocialAccount

    from vivier.accounts.models import SignInLink

    email = normalise(email)
    records: list = []
    for user in User.objects.filter(email__iexact=email, role=Role.CANDIDATE):
        records.append(user)
        records += list(EmailAddress.objects.filter(user=user))
        records += list(SocialAccount.objects.filter(user=user))
    records += list(SignInLink.objects.filter(email=email))
    return records


def purge_idle_candidate_accounts(*, now=None) -> int:
    """Delete the candidate accounts that no longer serve: no application left under their
    addresses (erased or anonymised by the retention job), unused for RETENTION_UNSUCCESSFUL_DAYS.

    An account is only a key to the person's applications; without them it is just their name
    and address, kept for nothing.
    """
    import datetime as dt

    from django.conf import settings
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from vivier.privacy.personal_data import erase_account_traces

    now = now or timezone.now()
    idle_since = now - dt.timedelta(days=settings.RETENTION_UNSUCCESSFUL_DAYS)
    idle = (
        User.objects.filter(role=Role.CANDIDATE)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=idle_since)
    )
    count = 0
    for user in idle.iterator():
        emails = [
            normalise(e)
            for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        ]
        if Candidate.objects.filter(email__in=emails, anonymised_at__isnull=True).exists():
            continue
        erase_account_traces(user.email)  # their hub posts and referral links, for instance
        for record in reversed(records_of_address(user.email)):
            type(record)._base_manager.filter(pk=record.pk).delete()
        count += 1
    return count
