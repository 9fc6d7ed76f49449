"""Demo referrals for `manage.py demo`, made through the services: members with their links,
applications through them, a direct referral, a hire with its bonus, an offer shared with a
partner organisation."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.community.hubs.models import PartnerOrganisation
from vivier.community.referrals import services
from vivier.community.referrals.models import BonusRule
from vivier.core.documents import make_pdf
from vivier.hiring import services as hiring
from vivier.hiring.models import PipelineStage, StageKind
from vivier.jobs.models import JobOffer

MEMBERS = [
    ("Morgane", "Le Bihan", Role.EMPLOYEE),
    ("Ronan", "Le Corre", Role.ALUMNUS),
    ("Élodie", "Quéré", Role.PARTNER),
]
PARTNER = "IUT de Lannion"
REFERRED = [
    ("Maïwenn", "Jaouen", 0),  # (first name, last name, index of the referrer in MEMBERS)
    ("Tristan", "Le Du", 0),
    ("Anne", "Prigent", 1),
]


def _member(first_name, last_name, role, password, domain) -> User:
    email = f"{first_name}.{last_name}".lower().replace(" ", "-")
    email = email.translate(str.maketrans("éèëïç", "eeeic")) + "@" + domain
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, first_name=first_name, last_name=last_name, role=role
        )
    return user


def _cv(first_name, last_name) -> SimpleUploadedFile:
    lines = [f"{first_name} {last_name}", "Expérience : cinq ans", "Formation : BUT"]
    return SimpleUploadedFile("cv.pdf", make_pdf(lines), content_type="application/pdf")


def _apply_through(link, offer, first_name, last_name) -> object:
    email = f"{first_name}.{last_name}@example.test".lower().replace(" ", "-")
    email = email.translate(str.maketrans("ïéèç", "ieec"))
    now = timezone.now()
    details = hiring.ApplicantDetails(
        first_name=first_name,
        last_name=last_name,
        email=email,
        declared_source="referral",
        touches={"first_touch": link, "first_touch_at": now, "last_touch": link,
                 "last_touch_at": now},
    )  # fmt: skip
    application, _created = hiring.submit_application(
        offer=offer, details=details, cv=_cv(first_name, last_name)
    )
    return application


def load_referrals(*, password: str, domain: str) -> None:
    offers = list(JobOffer.objects.open().order_by("pk")[:3])
    if not offers:
        return
    members = [_member(*spec, password, domain) for spec in MEMBERS]
    organisation = PartnerOrganisation.objects.filter(name=PARTNER).first()
    if organisation is None:
        organisation = PartnerOrganisation.objects.create(
            name=PARTNER, kind=PartnerOrganisation.Kind.SCHOOL, contact_name="Service des stages"
        )
    organisation.members.add(members[2])
    BonusRule.objects.get_or_create(
        offer=None, defaults={"amount": Decimal("500.00"), "days_after_start": 180}
    )
    BonusRule.objects.get_or_create(
        offer=offers[0], defaults={"amount": Decimal("800.00"), "days_after_start": 90}
    )
    for member in members:
        services.personal_links(referrer=member, offers=offers)
    services.set_leaderboard_choice(user=members[0], show=True)

    applications = []
    for first_name, last_name, referrer in REFERRED:
        link = services.personal_link(referrer=members[referrer], offer=offers[0]).link
        applications.append(_apply_through(link, offers[0], first_name, last_name))
    # One hire through Morgane's link: the bonus falls due after the offer's rule's delay.
    hired = PipelineStage.for_offer(offers[0], StageKind.HIRED)
    hiring.move_application(application=applications[0], stage=hired, by=None)
    screening = PipelineStage.for_offer(offers[0], StageKind.SCREENING)
    if screening is not None:
        hiring.move_application(application=applications[1], stage=screening, by=None)

    services.refer_directly(
        referrer=members[0],
        offer=offers[-1],
        name="Paul Le Meur",
        email="paul.le-meur@example.test",
        reason="Paul a monté le festival étudiant de Brest : il saura animer ce réseau.",
    )
    share = services.share_with_partner(
        organisation=organisation,
        offer=offers[-1],
        by=None,
        message="Pour vos étudiants de licence professionnelle.",
    )
    _apply_through(share.link, offers[-1], "Nolwenn", "Cadiou")
    partner_link = services.personal_link(referrer=members[2], offer=offers[-1]).link
    _apply_through(partner_link, offers[-1], "Yann", "Guéguen")
