"""Generated test data: every name and address here is made up."""

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from vivier.accounts.models import Role, User
from vivier.brand.models import Department, Employer
from vivier.core.documents import make_docx, make_pdf
from vivier.distribution.models import Channel, ChannelKind
from vivier.distribution.sandbox import SANDBOX_TOKEN
from vivier.hiring.models import Application, Candidate, PipelineStage, StageKind
from vivier.jobs.models import ContractType, JobOffer, OfferStatus


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    role = Role.RECRUITER
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = "Région Armor-Océan"
    tagline = "Servir le territoire, ensemble"
    description = "Une **collectivité** au service de ses habitants."
    website = "https://region-armor-ocean.example"
    is_public_sector = True


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    employer = factory.LazyFunction(Employer.current)
    name = factory.Sequence(lambda n: f"Direction {n}")


class JobOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOffer

    title = factory.Sequence(lambda n: f"Chargé de mission numérique {n}")
    reference = factory.Sequence(lambda n: f"TEST-{n:04d}")
    department = factory.SubFactory(DepartmentFactory)
    summary = "Piloter des projets numériques au service des habitants."
    description = "## Contexte\nLa direction du numérique recrute."
    missions = "- Piloter les projets\n- Animer les équipes"
    profile = "Vous aimez le travail en équipe."
    contract_type = ContractType.CDI
    city = "Rennes"
    postcode = "35000"
    region = "Bretagne"
    status = OfferStatus.DRAFT

    class Params:
        published = factory.Trait(
            status=OfferStatus.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2)),
        )
        closed = factory.Trait(
            status=OfferStatus.CLOSED,
            published_at=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30)),
            closed_at=factory.LazyFunction(timezone.now),
        )


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    email = factory.Sequence(lambda n: f"candidat{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    offer = factory.SubFactory(JobOfferFactory, published=True)
    candidate = factory.SubFactory(CandidateFactory)
    stage = factory.LazyFunction(lambda: PipelineStage.for_kind(StageKind.NEW))
    declared_source = "linkedin"


def pdf_upload(name="cv.pdf", lines=("Camille Exemple", "Développeuse")):
    return SimpleUploadedFile(name, make_pdf(list(lines)), content_type="application/pdf")


def docx_upload(name="cv.docx", paragraphs=("Camille Exemple", "Développeuse")):
    return SimpleUploadedFile(
        name,
        make_docx(list(paragraphs)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


# Channels: sandbox accounts by default (see the `sandbox` fixture).
ACCOUNTS = {ChannelKind.LINKEDIN: "urn:li:organization:2414183", ChannelKind.FACEBOOK: "1234567"}


def make_channel(kind, **fields) -> Channel:
    channel = Channel(
        kind=kind,
        name=fields.pop("name", f"{kind} test"),
        is_sandbox=fields.pop("is_sandbox", True),
        account_id=fields.pop("account_id", ACCOUNTS.get(kind, "")),
        **fields,
    )
    if kind == ChannelKind.WEBHOOK:
        channel.credentials = {"secret": "webhook-test-secret"}
    elif kind in (ChannelKind.LINKEDIN, ChannelKind.X, ChannelKind.FACEBOOK, ChannelKind.MASTODON):
        channel.credentials = {"access_token": SANDBOX_TOKEN}
    channel.save()
    return channel


def human_fields() -> dict:
    """The anti-bot fields of a public form as a browser running its script sends them."""
    from django.conf import settings

    from vivier.core import antibot

    ticket = antibot.issue_ticket()
    return {"ticket": ticket, "proof": antibot.solve(ticket, settings.ANTI_BOT_PROOF_BITS)}
