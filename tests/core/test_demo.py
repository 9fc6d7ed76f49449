import pytest
from django.core.management import CommandError, call_command

from vivier.accounts.models import User
from vivier.core.management.commands.demo import demo_password, demo_second_factor
from vivier.hiring.models import Application, Candidate, Message, StageKind
from vivier.jobs.jsonld import job_posting, missing_required_properties
from vivier.jobs.models import JobOffer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, capsys):
    settings.DEBUG = True
    call_command("demo", "--days", "30")  # a month of channel activity is enough here
    return capsys.readouterr().out


def test_the_demo_has_offers_of_every_kind_and_status(demo):
    offers = JobOffer.objects.all()
    assert offers.count() >= 12
    assert set(offers.values_list("status", flat=True)) == {
        "draft", "published", "closed", "archived"
    }  # fmt: skip
    contracts = set(offers.values_list("contract_type", flat=True))
    assert {"cdi", "cdd", "internship", "apprenticeship", "civil_servant", "public_contract"} <= (
        contracts
    )
    assert set(offers.exclude(public_service_category="").values_list(
        "public_service_category", flat=True
    )) == {"A", "B", "C"}  # fmt: skip


def test_every_published_demo_offer_has_a_valid_job_posting(demo):
    from vivier.brand.models import Employer

    employer = Employer.current()
    for offer in JobOffer.objects.open():
        posting = job_posting(offer, employer=employer, absolute_uri=lambda path: path)
        assert missing_required_properties(posting) == [], offer


def test_the_demo_has_applications_at_every_stage_from_generated_people(demo):
    kinds = set(Application.objects.values_list("stage__kind", flat=True))
    assert kinds == set(StageKind.values)
    emails = Candidate.objects.values_list("email", flat=True)
    assert all(email.endswith("@example.test") for email in emails)
    # Nobody real is e-mailed: the demo's messages are marked as sent without sending.
    assert not Message.objects.filter(sent_at__isnull=True).exists()


def test_the_demo_prints_working_credentials(demo, settings):
    password = demo_password()
    assert password in demo
    assert password in (settings.VAR_DIR / "demo-credentials.txt").read_text()
    staff = User.objects.filter(role__in=["administrator", "recruiter", "hiring_manager"])
    assert staff.count() == 5
    assert all(user.check_password(password) for user in staff)


def test_each_demo_staff_account_signs_in_with_the_printed_second_factor(demo, client):
    from urllib.parse import parse_qs, urlsplit

    from tests.two_factor import totp_code

    staff = User.objects.filter(role__in=["administrator", "recruiter", "hiring_manager"])
    for user in staff:
        otpauth, codes = demo_second_factor(user.email)
        assert otpauth in demo and all(code in demo for code in codes)
        secret = parse_qs(urlsplit(otpauth).query)["secret"][0]
        assert urlsplit(otpauth).scheme == "otpauth" and len(codes) == 10
        client.post("/accounts/login/", {"login": user.email, "password": demo_password()})
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
        assert response.status_code == 302, user.email
        assert client.get("/app/").status_code == 200
        client.post("/accounts/logout/")
    # A recovery code works as well, instead of the app's code.
    user = staff.first()
    client.post("/accounts/login/", {"login": user.email, "password": demo_password()})
    code = demo_second_factor(user.email)[1][0]
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/app/").status_code == 200


def test_once_changes_nothing_when_data_exists(demo, capsys):
    before = (JobOffer.objects.count(), Application.objects.count(), User.objects.count())
    call_command("demo", "--once")
    assert (JobOffer.objects.count(), Application.objects.count(), User.objects.count()) == before


def test_it_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo")
    assert JobOffer.objects.count() == 0


def test_the_demo_has_a_sandbox_channel_of_each_kind_and_tracked_visits(demo):
    from vivier.distribution.models import PUSH_KINDS, Channel, Click

    push = Channel.objects.filter(kind__in=PUSH_KINDS)
    assert set(push.values_list("kind", flat=True)) == set(PUSH_KINDS)
    assert all(push.values_list("is_sandbox", flat=True))
    assert (
        Click.objects.filter(is_bot=False).exists() and Click.objects.filter(is_bot=True).exists()
    )
    assert Application.objects.filter(last_touch__isnull=False).exists()


def test_a_newcomer_publishes_a_demo_offer_everywhere_without_credentials(
    demo, settings, django_capture_on_commit_callbacks
):
    from vivier.distribution import services
    from vivier.distribution.models import PublicationStatus
    from vivier.distribution.sandbox import Sandbox

    offer = JobOffer.objects.open().first()
    recruiter = User.objects.filter(role="recruiter").first()
    with Sandbox() as sandbox:
        settings.SANDBOX_URL = sandbox.url
        drafts = [
            services.draft_for(offer=offer, channel=channel) for channel in services.push_channels()
        ]
        assert [d.errors for d in drafts if d.errors] == []
        with django_capture_on_commit_callbacks(execute=True):
            publications = services.publish_channels(offer=offer, drafts=drafts, by=recruiter)
        for publication in publications:
            publication.refresh_from_db()
            assert publication.status == PublicationStatus.PUBLISHED, publication.last_error
        for network in ("linkedin", "x", "facebook", "mastodon", "webhook"):
            assert len(sandbox.posts(network)) == 1
