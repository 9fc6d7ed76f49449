"""manage.py demo: a fictional employer with offers and applications at every stage."""

import datetime as dt
import random
import secrets

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from vivier.accounts.models import STAFF_ROLES, User
from vivier.brand.models import (
    Department,
    Employer,
    EmployerValue,
    Location,
    SocialAccount,
    Video,
)
from vivier.careers.space.demo import DEMO_CANDIDATE, load_candidate
from vivier.community.hubs.demo import load_hubs
from vivier.community.referrals.demo import load_referrals
from vivier.core import demo_activity, demo_data
from vivier.core.documents import make_docx, make_pdf
from vivier.distribution.models import PUSH_KINDS, Channel, ChannelKind
from vivier.distribution.sandbox import SANDBOX_TOKEN
from vivier.distribution.services import tracked_link
from vivier.hiring import demo as hiring_demo
from vivier.hiring.conversations.demo import load_conversation
from vivier.hiring.interviews.demo import load_interviews
from vivier.hiring.models import Application, Message, PipelineStage, StageKind
from vivier.hiring.offer_letters.demo import load_offer_letters
from vivier.hiring.services import (
    ApplicantDetails,
    add_note,
    move_application,
    reject_application,
    submit_application,
)
from vivier.jobs import services as offer_services
from vivier.jobs.models import JobOffer

DEMO_DOMAIN = "region-armor-ocean.example"


class Command(BaseCommand):
    help = "Load the demo data: a fictional regional administration, its offers and applicants."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Do nothing if data exists; print the accounts."
        )
        parser.add_argument(
            "--force", action="store_true", help="Allow it with DEBUG off (not for production)."
        )
        parser.add_argument(
            "--days", type=int, default=365, help="Days of channel activity to generate."
        )

    def handle(self, *args, once=False, force=False, days=365, **options):
        self.activity_days = days
        if not settings.DEBUG and not force:
            raise CommandError("Demo data is for development: DEBUG is off (use --force).")
        password = demo_password()
        if (
            JobOffer.objects.exists()
            or Employer.objects.filter(name=demo_data.EMPLOYER["name"]).exists()
        ):
            if not once:
                self.stdout.write("Data exists already: nothing loaded.")
        else:
            with transaction.atomic():
                self.load(password)
                # Demo applicants are generated: their confirmation e-mails are not sent.
                Message.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_accounts(password)

    def load(self, password):
        employer = load_employer()
        team = load_team(password)
        departments = [
            Department.objects.create(employer=employer, name=name)
            for name in demo_data.DEPARTMENTS
        ]
        recruiters = [user for user in team if user.role == "recruiter"]
        managers = {index: user for index, user in enumerate(team)}
        randomness = random.Random(2026)
        hiring_demo.prepare_pipelines()
        channels = load_channels()
        offers = []
        for number, spec in enumerate(demo_data.OFFERS):
            offer = load_offer(spec, departments, recruiters[number % len(recruiters)], managers)
            if spec["status"] != "draft":
                offers.append(offer)
            if spec["status"] in {"published", "closed"}:
                load_applications(offer, recruiters[0], randomness)
                load_visits(offer, channels, randomness)
            if spec["status"] == "closed":
                offer_services.close_offer(offer=offer)
            elif spec["status"] == "archived":
                offer_services.close_offer(offer=offer)
                offer_services.archive_offer(offer=offer)
        candidate = load_candidate(by=recruiters[0])
        load_interviews(randomness)
        hiring_demo.load_collaboration()
        load_offer_letters(pending=candidate.get(StageKind.OFFER))
        load_conversation(application=candidate.get(StageKind.SCREENING))
        load_referrals(password=password, domain=DEMO_DOMAIN)
        load_hubs(password=password, domain=DEMO_DOMAIN)
        demo_activity.load_year(offers, randomness, days=self.activity_days)

    def print_accounts(self, password):
        accounts = User.objects.filter(email__endswith="@" + DEMO_DOMAIN).order_by("role")
        lines = [f"Demo accounts' password: {password}", "", TWO_FACTOR_HELP, ""]
        for user in accounts:
            lines.append(f"{user.email:<45} {user.get_role_display()}")
            if user.role in STAFF_ROLES:
                otpauth, codes = second_factor_of(user)
                lines += [f"  {otpauth}", f"  recovery codes: {' '.join(codes)}"]
        values = {"email": DEMO_CANDIDATE["email"], "site": settings.SITE_URL}
        lines += ["", *(CANDIDATE_HELP % values).splitlines()]
        write_credentials("\n".join(lines) + "\n")
        self.stdout.write("")
        self.stdout.write(f"Sign in at {settings.SITE_URL}/accounts/login/ with:")
        self.stdout.write("\n".join("  " + line for line in lines))
        self.stdout.write(f"(kept in {credentials_path()})")


TWO_FACTOR_HELP = (
    "Staff accounts have two-factor authentication: after the password, type the code of an\n"
    "authenticator app (FreeOTP, Aegis, Google or Microsoft Authenticator...) to which you added\n"
    "the account's otpauth:// address (most apps take it pasted, or as a QR code made from it),\n"
    "or one of the account's recovery codes (each works once)."
)


CANDIDATE_HELP = (
    "The demo's candidate, %(email)s, has no password: ask for a sign-in link at\n"
    "%(site)s/espace-candidat/connexion/ and the worker prints the e-mail with the link."
)


def credentials_path():
    return settings.VAR_DIR / "demo-credentials.txt"


def write_credentials(text: str) -> None:
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)


def demo_password() -> str:
    """One generated password for the demo accounts, kept so that it stays the same."""
    path = credentials_path()
    if path.exists():
        return path.read_text().splitlines()[0].split()[-1]
    password = secrets.token_urlsafe(9)
    write_credentials(f"Demo accounts' password: {password}\n")
    return password


def second_factor_of(user) -> tuple[str, list[str]]:
    """The account's authenticator app (made if missing) as an otpauth:// address, and its
    unused recovery codes."""
    app = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if app is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    else:
        secret = decrypt(app.data["secret"])
    codes = RecoveryCodes.activate(user).get_unused_codes()
    return get_mfa_adapter().build_totp_url(user, secret), codes


def demo_second_factor(email: str) -> tuple[str, list[str]]:
    """(otpauth:// address, recovery codes) of a demo account, read from the credentials file."""
    lines = credentials_path().read_text().splitlines()
    start = next(index for index, line in enumerate(lines) if line.split()[:1] == [email])
    otpauth = lines[start + 1].strip()
    codes = lines[start + 2].split(":", 1)[1].split()
    return otpauth, codes


def load_employer() -> Employer:
    employer = Employer.current()
    for field, value in demo_data.EMPLOYER.items():
        setattr(employer, field, value)
    employer.save()
    for position, (title, text) in enumerate(demo_data.VALUES):
        EmployerValue.objects.create(employer=employer, title=title, text=text, position=position)
    for position, (name, street, postcode, city, region) in enumerate(demo_data.LOCATIONS):
        Location.objects.create(
            employer=employer, name=name, street_address=street, postcode=postcode, city=city,
            region=region, position=position,
        )  # fmt: skip
    for position, (network, url) in enumerate(demo_data.SOCIAL_ACCOUNTS):
        SocialAccount.objects.create(employer=employer, network=network, url=url, position=position)
    for position, (title, url) in enumerate(demo_data.VIDEOS):
        Video.objects.create(employer=employer, title=title, url=url, position=position)
    return employer


def load_channels() -> list[Channel]:
    """One sandbox account per network, so offers can be published without credentials."""
    channels = []
    for kind, name, extra in demo_data.CHANNELS:
        channel = Channel(kind=kind, name=name, is_sandbox=kind in PUSH_KINDS, **extra)
        if kind in (ChannelKind.LINKEDIN, ChannelKind.FACEBOOK):
            channel.account_id = "urn:li:organization:1000" if kind == "linkedin" else "1000"
        if kind == ChannelKind.WEBHOOK:
            channel.credentials = {"secret": secrets.token_hex(16)}
        elif kind == ChannelKind.EMAIL:
            channel.email_recipients = "\n".join(
                f"{school}@{DEMO_DOMAIN}" for school in ("lycee-maritime", "iut-lannion", "ensta")
            )
        elif kind in PUSH_KINDS:
            channel.credentials = {"access_token": SANDBOX_TOKEN}
        channel.save()
        channels.append(channel)
    return channels


def load_visits(offer, channels, randomness) -> None:
    """The channel each of the offer's current applicants came through (a few came by none)."""
    links = [tracked_link(offer=offer, channel=channel) for channel in channels]
    for application in offer.applications.all():
        if randomness.random() < 0.7:
            link = randomness.choice(links)
            touched = application.submitted_at - dt.timedelta(hours=randomness.randint(1, 72))
            Application.objects.filter(pk=application.pk).update(
                last_touch=link, last_touch_at=touched, first_touch=link, first_touch_at=touched
            )


def load_team(password) -> list[User]:
    team = []
    for first_name, last_name, role in demo_data.TEAM:
        email = f"{first_name}.{last_name}".lower().replace(" ", "-")
        email = email.translate(str.maketrans("ïéèëàç", "ieeeac")) + "@" + DEMO_DOMAIN
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name, role=role
        )
        team.append(user)
    return team


def load_offer(spec, departments, recruiter, team) -> JobOffer:
    fields = {
        key: value
        for key, value in spec.items()
        if key not in {"status", "department", "managers", "days_left"}
    }
    today = timezone.localdate()
    offer = JobOffer(
        **fields,
        department=departments[spec["department"]],
        recruiter=recruiter,
        region="Bretagne",
        pipeline_template=hiring_demo.pipeline_for(spec),
        closing_date=today + dt.timedelta(days=spec["days_left"]),
        start_date=today + dt.timedelta(days=spec["days_left"] + 30),
    )
    offer = offer_services.create_offer(
        offer=offer, hiring_managers=[team[index] for index in spec["managers"]], by=recruiter
    )
    if spec["status"] != "draft":
        offer = offer_services.publish_offer(offer=offer, by=recruiter)
        published = timezone.now() - dt.timedelta(days=60 - spec["days_left"] // 2)
        JobOffer.objects.filter(pk=offer.pk).update(published_at=published)
    return offer


def load_applications(offer, recruiter, randomness) -> None:
    stages = {kind: PipelineStage.for_offer(offer, kind) for kind in StageKind.values}
    plan = demo_data.STAGE_PLAN[: randomness.randint(3, len(demo_data.STAGE_PLAN))]
    for kind in plan:
        details = applicant(randomness)
        cv = demo_cv(details, randomness)
        application, _created = submit_application(offer=offer, details=details, cv=cv)
        if kind == StageKind.REJECTED:
            reject_application(
                application=application, reason="profile", by=recruiter, send_email=False
            )
        else:
            for step in ["screening", "interview", "offer", "hired"]:
                if kind == StageKind.NEW or (kind == StageKind.WITHDRAWN and step == "interview"):
                    break
                application = move_application(
                    application=application, stage=stages[step], by=recruiter
                )
                if step == kind:
                    break
            if kind == StageKind.WITHDRAWN:
                move_application(application=application, stage=stages[kind], by=None)
        if kind in demo_data.NOTES:
            add_note(application=application, body=demo_data.NOTES[kind], by=recruiter)
        days_ago = randomness.randint(1, 40)
        when = timezone.now() - dt.timedelta(days=days_ago, hours=randomness.randint(0, 10))
        Application.objects.filter(pk=application.pk).update(
            submitted_at=when, last_submitted_at=when, stage_changed_at=when + dt.timedelta(days=1)
        )


def applicant(randomness) -> ApplicantDetails:
    first_name = randomness.choice(demo_data.FIRST_NAMES)
    last_name = randomness.choice(demo_data.LAST_NAMES)
    handle = f"{first_name}.{last_name}.{randomness.randint(10, 9999)}".lower().replace(" ", "")
    return ApplicantDetails(
        first_name=first_name,
        last_name=last_name,
        email=handle.translate(str.maketrans("ïéèëàçö", "ieeeaco")) + "@example.test",
        phone=f"06 {randomness.randint(10, 99)} {randomness.randint(10, 99)} "
        f"{randomness.randint(10, 99)} {randomness.randint(10, 99)}",
        cover_letter=demo_data.COVER_LETTER if randomness.random() < 0.6 else "",
        declared_source=randomness.choice(demo_data.DECLARED_SOURCES),
        talent_pool_consent=randomness.random() < 0.4,
        consent_text="Consentement au vivier de talents (données de démonstration)",
    )


def demo_cv(details, randomness) -> SimpleUploadedFile:
    lines = [
        f"{details.first_name} {details.last_name}",
        details.email,
        "",
        "Expérience",
        f"{2026 - randomness.randint(2, 12)} - aujourd'hui : poste en collectivité territoriale",
        "Formation",
        "Master, université de Rennes",
        "",
        "Document généré pour la démonstration de Vivier : personne fictive.",
    ]
    if randomness.random() < 0.8:
        return SimpleUploadedFile("cv.pdf", make_pdf(lines), content_type="application/pdf")
    return SimpleUploadedFile("cv.docx", make_docx(lines))
