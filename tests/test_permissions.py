"""Every back-office URL against every persona: forbidden answers 404, like missing."""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, pdf_upload
from vivier.campaigns.models import Campaign
from vivier.distribution.models import Channel
from vivier.hiring.models import Document, PipelineStage
from vivier.notifications.models import Notification
from vivier.privacy.models import RightsRequest
from vivier.talent.models import Profile

pytestmark = pytest.mark.django_db

ALLOWED, HIDDEN, LOGIN = 200, 404, "login"
ADMINISTRATORS = {"alice": 200, "bob": 404, "hana": 404, "hugo": 404, "carla": 404}
RECRUITERS = {"alice": 200, "bob": 200, "hana": 404, "hugo": 404, "carla": 404}
# The team of one offer: recruiters and its hiring manager, not another offer's manager.
OFFER_TEAM = {"alice": 200, "bob": 200, "hana": 200, "hugo": 404, "carla": 404}
EVERYONE_SIGNED_IN = {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 200}
# The employer's network: employees (carla), alumni and partner members.
REFERRERS = {"alice": 404, "bob": 404, "hana": 404, "hugo": 404, "carla": 200}

# url name, kwargs builder, {persona: expected}. "hana" manages the offer; "hugo" manages none.
MATRIX = [
    ("hiring:dashboard", None, {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 404}),
    ("jobs:list", None, {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 404}),
    ("jobs:create", None, {"alice": 200, "bob": 200, "hana": 404, "hugo": 404, "carla": 404}),
    ("jobs:detail", "offer", {"alice": 200, "bob": 200, "hana": 200, "hugo": 404, "carla": 404}),
    ("jobs:edit", "offer", {"alice": 200, "bob": 200, "hana": 404, "hugo": 404, "carla": 404}),
    ("hiring:board", "offer", {"alice": 200, "bob": 200, "hana": 200, "hugo": 404, "carla": 404}),
    (
        "hiring:application",
        "application",
        {"alice": 200, "bob": 200, "hana": 200, "hugo": 404, "carla": 404},
    ),
    (
        "hiring:reject",
        "application",
        {"alice": 200, "bob": 200, "hana": 200, "hugo": 404, "carla": 404},
    ),
    (
        "hiring:document",
        "document",
        {"alice": 200, "bob": 200, "hana": 200, "hugo": 404, "carla": 404},
    ),
    ("brand:edit", None, {"alice": 200, "bob": 200, "hana": 404, "hugo": 404, "carla": 404}),
    ("brand:departments", None, {"alice": 200, "bob": 200, "hana": 404, "hugo": 404, "carla": 404}),
    ("hiring:templates", None, {"alice": 200, "bob": 200, "hana": 404, "hugo": 404, "carla": 404}),
    ("hiring:stages", None, {"alice": 302, "bob": 404, "hana": 404, "hugo": 404, "carla": 404}),
    ("hiring:pipelines", None, ADMINISTRATORS),
    ("hiring:pipeline", "pipeline", ADMINISTRATORS),
    ("hiring:stage_edit", "stage", ADMINISTRATORS),
    ("hiring:tasks", None, {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 404}),
    ("hiring:task_badge", None, {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 404}),
    (
        "notifications:staff_list",
        None,
        {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 404},
    ),
    ("notifications:staff_preferences", None, OFFER_TEAM | {"hugo": 200}),
    ("hiring:reviews", None, {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 404}),
    # Asked by bob of hana: hugo, not on the offer, cannot open it.
    ("hiring:review", "review", {"alice": 200, "bob": 200, "hana": 200, "hugo": 404, "carla": 404}),
    # Each notification is its recipient's only (hana's here).
    (
        "notifications:staff_open",
        "notification",
        {"alice": 404, "bob": 404, "hana": 302, "hugo": 404, "carla": 404},
    ),
    (
        "notifications:open",
        "notification",
        {"alice": 404, "bob": 404, "hana": 302, "hugo": 404, "carla": 404},
    ),
    ("distribution:channels", None, RECRUITERS),
    ("distribution:channel_create", "kind", RECRUITERS),
    ("distribution:channel", "channel", RECRUITERS),
    ("distribution:offer", "offer", RECRUITERS),
    ("distribution:sandbox", None, RECRUITERS),
    ("analytics:dashboard", None, RECRUITERS),
    ("campaigns:list", None, RECRUITERS),
    ("campaigns:create", None, RECRUITERS),
    ("campaigns:detail", "campaign", RECRUITERS),
    ("campaigns:edit", "campaign", RECRUITERS),
    ("campaigns:report", "campaign", RECRUITERS),
    ("talent:list", None, RECRUITERS),
    ("talent:create", None, RECRUITERS),
    ("talent:detail", "profile", RECRUITERS),
    ("talent:csv_import", None, RECRUITERS),
    # Without a file uploaded first, the columns step sends recruiters back to the first step.
    (
        "talent:csv_columns",
        None,
        {"alice": 302, "bob": 302, "hana": 404, "hugo": 404, "carla": 404},
    ),
    ("talent:duplicates", None, RECRUITERS),
    ("talent:duplicate", "pair", RECRUITERS),
    ("talent:add_document", "profile", RECRUITERS),
    ("talent:document", "profile_document", RECRUITERS),
    ("privacy:dashboard", None, ADMINISTRATORS),
    ("privacy:audit", None, ADMINISTRATORS),
    ("privacy:retention", None, ADMINISTRATORS),
    ("privacy:request", "rights_request", ADMINISTRATORS),
    ("interviews:schedule", "application", OFFER_TEAM),
    ("interviews:panel", "application", OFFER_TEAM),
    ("interviews:detail", "interview", OFFER_TEAM),
    ("interviews:edit", "interview", OFFER_TEAM),
    # Only the interview's own panel (bob and hana) has a scorecard to fill.
    (
        "interviews:scorecard",
        "interview",
        {"alice": 404, "bob": 200, "hana": 200, "hugo": 404, "carla": 404},
    ),
    (
        "interviews:calendar",
        None,
        {"alice": 200, "bob": 200, "hana": 200, "hugo": 200, "carla": 404},
    ),
    ("interviews:criteria", "offer", RECRUITERS),
    ("interviews:kits", None, RECRUITERS),
    ("interviews:kit_edit", "kit_stage", RECRUITERS),
    # Offer letters: the offer's team reads them, recruiters write them.
    # The application has a letter in progress already: recruiters are sent to it.
    (
        "offer_letters:create",
        "application",
        {"alice": 302, "bob": 302, "hana": 404, "hugo": 404, "carla": 404},
    ),
    ("offer_letters:detail", "letter", OFFER_TEAM),
    ("offer_letters:edit", "letter", RECRUITERS),
    ("offer_letters:pdf", "letter", OFFER_TEAM),
    ("offer_letters:close_others", "accepted_letter", RECRUITERS),
    ("offer_letters:templates", None, RECRUITERS),
    ("offer_letters:template_edit", "language", RECRUITERS),
    # Conversations: the offer's team; the quarantine (no application yet) to recruiters.
    ("conversations:thread", "application", OFFER_TEAM),
    ("conversations:attachment", "attachment", OFFER_TEAM),
    ("conversations:attachment", "quarantined_attachment", RECRUITERS),
    ("conversations:original", "quarantined", RECRUITERS),
    ("conversations:quarantine", None, RECRUITERS),
    ("conversations:quarantined", "quarantined", RECRUITERS),
    ("conversations:templates", None, RECRUITERS),
    ("conversations:template_create", None, RECRUITERS),
    ("conversations:template_edit", "reply_template", RECRUITERS),
    ("alerts:staff_overview", None, RECRUITERS),
    ("alerts:staff_questions", None, RECRUITERS),
    ("alerts:staff_question", "question", RECRUITERS),
    # Referrals: the back office to recruiters; the members' pages to employees (carla), alumni
    # and partner members, never to the team nor to candidates.
    ("referrals:list", None, RECRUITERS),
    ("referrals:bonus_rules", None, RECRUITERS),
    ("referrals:bonus_rule_new", None, RECRUITERS),
    ("referrals:bonus_rule", "referral_bonus_rule", RECRUITERS),
    ("referrals:payroll", None, RECRUITERS),
    ("referrals:partners", None, RECRUITERS),
    ("referrals:partner", "referral_partner", RECRUITERS),
    ("referrals:home", None, REFERRERS),
    ("referrals:mine", None, REFERRERS),
    ("referrals:leaderboard", None, REFERRERS),
    ("referrals:refer", "offer", REFERRERS),
    # Hubs: the back office to recruiters; each hub to whom its kind lets in (carla is an
    # employee: the internal hub; the team: every hub but private ones, which recruiters run).
    ("hubs:staff_hubs", None, RECRUITERS),
    ("hubs:staff_hub_create", None, RECRUITERS),
    ("hubs:staff_hub", "hub_private_id", RECRUITERS),
    ("hubs:staff_hub_edit", "hub_private_id", RECRUITERS),
    ("hubs:staff_moderation", None, RECRUITERS),
    ("hubs:staff_review_offer", "member_offer", RECRUITERS),
    ("hubs:staff_audit", None, RECRUITERS),
    ("hubs:staff_partners", None, RECRUITERS),
    ("hubs:staff_partner_create", None, RECRUITERS),
    ("hubs:staff_partner", "hub_partner_organisation", RECRUITERS),
    ("hubs:staff_partner_edit", "hub_partner_organisation", RECRUITERS),
    ("hubs:hub", "hub_internal", EVERYONE_SIGNED_IN),
    ("hubs:hub", "hub_alumni", {**EVERYONE_SIGNED_IN, "carla": 404}),
    ("hubs:hub", "hub_private", RECRUITERS),
    ("hubs:members", "hub_private", RECRUITERS),
    ("hubs:member_offers", "hub_private", RECRUITERS),
    ("hubs:new_thread", "hub_private", RECRUITERS),
    ("hubs:thread", "hub_thread", RECRUITERS),
    ("hubs:report", "hub_post", RECRUITERS),
    ("hubs:moderation", "hub_public", RECRUITERS),
    ("hubs:moderation", "hub_internal", RECRUITERS),
]


def profile_document(by) -> dict:
    from vivier.core.documents import make_pdf
    from vivier.talent.documents import store_document

    profile = Profile.objects.create(first_name="R", last_name="S")
    source = profile.sources.create(kind="cv", legal_basis="consent", by=by)
    document, _is_new = store_document(
        profile=profile, source=source, data=make_pdf(["R S"]), name="cv.pdf", by=by, text=""
    )
    return {"pk": profile.pk, "document_id": document.pk}


def possible_duplicates() -> int:
    from vivier.talent.duplicates import flag_possible_duplicates

    Profile.objects.create(first_name="Lou", last_name="Exemple", city="Brest")
    second = Profile.objects.create(first_name="LOU", last_name="exemple", city="Brest")
    return flag_possible_duplicates(profile=second)[0].pk


def an_interview(application, interviewers):
    import datetime as dt

    from django.utils import timezone

    from vivier.hiring.interviews.services import SlotTimes, schedule_interview

    start = timezone.now() + dt.timedelta(days=3)
    return schedule_interview(
        application=application, interviewers=interviewers, location="Salle 1",
        new_slots=[SlotTimes(start, start + dt.timedelta(minutes=45))], by=interviewers[0],
    )  # fmt: skip


def letters_and_mail(application, offer, by) -> dict:
    """An offer letter (a draft), an accepted one, a reply with its file, a quarantined one."""
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile

    from vivier.core.documents import make_pdf
    from vivier.hiring.conversations.models import ReplyTemplate
    from vivier.hiring.conversations.services import receive_raw_message, record_candidate_reply
    from vivier.hiring.offer_letters.services import create_offer_letter, initial_values

    def letter_for(target):
        values = initial_values(target) | {"salary": "1", "start_date": dt.date(2031, 1, 1)}
        return create_offer_letter(application=target, by=by, **values)

    accepted = letter_for(ApplicationFactory(offer=offer))
    type(accepted).objects.filter(pk=accepted.pk).update(status="accepted")
    pdf = SimpleUploadedFile("a.pdf", make_pdf(["A"]))
    reply = record_candidate_reply(application, "Bonjour", [pdf])
    raw = b"From: x@example.test\r\nTo: y@example.test\r\nSubject: ?\r\n\r\nHello\r\n"
    stray = receive_raw_message(raw)
    stray.attachments.create(file=reply.attachments.get().file.name, original_name="b.pdf",
                             content_type="application/pdf", size=1)  # fmt: skip
    template = ReplyTemplate.objects.create(name="T", language="fr", subject="S", body="B")
    return {
        "letter": {"pk": letter_for(application).pk},
        "accepted_letter": {"pk": accepted.pk},
        "language": {"language": "fr"},
        "attachment": {"pk": reply.attachments.get().pk},
        "quarantined": {"pk": stray.pk},
        "quarantined_attachment": {"pk": stray.attachments.get().pk},
        "reply_template": {"pk": template.pk},
    }


def a_question(offer) -> int:
    from vivier.community.alerts.questions import ask_question

    return ask_question(
        offer=offer, author_name="Lou", author_email="lou@example.test", body="Quand ?",
        language="fr",
    ).pk  # fmt: skip


def referral_objects() -> dict:
    from vivier.community.hubs.models import PartnerOrganisation
    from vivier.community.referrals.models import BonusRule

    return {
        "referral_bonus_rule": {"pk": BonusRule.objects.create(amount=300, days_after_start=90).pk},
        "referral_partner": {"pk": PartnerOrganisation.objects.create(name="Lycée Test").pk},
    }


def hub_objects(author) -> dict:
    from vivier.community.hubs.discussions import start_thread
    from vivier.community.hubs.models import Hub, MemberOffer, PartnerOrganisation

    hubs = {kind: Hub.objects.create(name=kind, slug=f"h-{kind}", kind=kind) for kind in Hub.Kind}
    thread = start_thread(hub=hubs["private"], author=author, title="T", body="B")
    offer = MemberOffer.objects.create(
        hub=hubs["public"], proposed_by=author, title="O", city="Brest", description="D"
    )
    return {
        **{f"hub_{kind}": {"slug": hub.slug} for kind, hub in hubs.items()},
        "hub_private_id": {"pk": hubs["private"].pk},
        "hub_thread": {"pk": thread.pk},
        "hub_post": {"pk": thread.posts.get().pk},
        "member_offer": {"pk": offer.pk},
        "hub_partner_organisation": {"pk": PartnerOrganisation.objects.create(name="École T").pk},
    }


@pytest.fixture
def world(offer, alice, bob, hana, hugo, carla):
    from vivier.hiring.collaboration import request_review
    from vivier.hiring.services import ApplicantDetails, submit_application

    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Lou", last_name="Test", email="lou@example.test"),
        cv=pdf_upload(),
    )
    document = Document.objects.get(application=application)
    review = request_review(by=bob, offer=offer, application_ids=[application.pk], reviewer=hana)
    return {
        "pipeline": {"pk": offer.pipeline_template_id},
        "stage": {"pk": PipelineStage.for_kind("interview").pk},
        "review": {"pk": review.pk},
        "notification": {"pk": Notification.objects.get(recipient=hana).pk},
        "people": {"alice": alice, "bob": bob, "hana": hana, "hugo": hugo, "carla": carla},
        "offer": {"pk": offer.pk},
        "application": {"pk": application.pk},
        "document": {"pk": application.pk, "document_id": document.pk},
        "kind": {"kind": "mastodon"},
        "profile": {"pk": Profile.objects.create(first_name="P", last_name="Q").pk},
        "profile_document": profile_document(bob),
        "campaign": {
            "pk": Campaign.objects.create(
                name="C",
                objective="o",
                starts_on="2026-01-01",
                ends_on="2026-02-01",
                landing_title="C",
            ).pk
        },
        "channel": {"pk": Channel.objects.create(kind="mastodon", name="Mastodon").pk},
        "pair": {"pk": possible_duplicates()},
        "rights_request": {
            "pk": RightsRequest.objects.create(kind="access", email="lou@example.test").pk
        },
        **letters_and_mail(application, offer, bob),
        "interview": {"pk": an_interview(application, [bob, hana]).pk},
        "kit_stage": {"stage_pk": PipelineStage.for_kind("interview").pk},
        "question": {"pk": a_question(offer)},
        **referral_objects(),
        **hub_objects(bob),
    }


@pytest.mark.parametrize(("name", "target", "expected"), MATRIX)
def test_each_persona_sees_only_what_is_theirs(client, world, name, target, expected):
    url = reverse(name, kwargs=world[target] if target else None)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for persona, status in expected.items():
        client.force_login(world["people"][persona])
        assert client.get(url).status_code == status, (persona, url)


def test_a_candidate_gets_404_on_every_back_office_page(client, world, cleo):
    """cleo's column, the same on every row: 404. She applied to the offer, and still sees none
    of the team's pages about it. The candidate space's own URLs against every persona:
    tests/careers/test_space_permissions.py."""
    ApplicationFactory(offer_id=world["offer"]["pk"], candidate__email=cleo.email)
    client.force_login(cleo)
    for name, target, _expected in MATRIX:
        url = reverse(name, kwargs=world[target] if target else None)
        assert client.get(url).status_code == 404, (name, url)


# Community pages open to anyone signed in, candidates included: not in MATRIX, on each row of
# which a candidate gets 404.
OPEN_TO_EVERYONE_SIGNED_IN = [
    ("hubs:my_hubs", None),
    ("hubs:hub", "hub_public"),
    # Each person's own notifications and settings, in the members' pages.
    ("notifications:list", None),
    ("notifications:badge", None),
    ("notifications:preferences", None),
]


@pytest.mark.parametrize(("name", "target"), OPEN_TO_EVERYONE_SIGNED_IN)
def test_community_pages_open_to_anyone_signed_in(client, world, cleo, name, target):
    url = reverse(name, kwargs=world[target] if target else None)
    assert client.get(url).status_code == 302
    for user in [*world["people"].values(), cleo]:
        client.force_login(user)
        assert client.get(url).status_code == 200, (user.email, url)


def test_a_hiring_manager_cannot_reach_another_offers_application_by_id(client, world, hugo):
    other = ApplicationFactory()
    client.force_login(world["people"]["hana"])
    assert client.get(reverse("hiring:application", kwargs={"pk": other.pk})).status_code == 404
    stage = PipelineStage.for_kind("interview")
    response = client.post(reverse("hiring:move", kwargs={"pk": other.pk}), {"stage": stage.pk})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.stage.kind == "new"


def test_a_hiring_manager_cannot_publish_or_close(client, world):
    client.force_login(world["people"]["hana"])
    for action in ["publish", "close", "archive"]:
        url = reverse("jobs:transition", kwargs={"pk": world["offer"]["pk"], "action": action})
        assert client.post(url).status_code == 404
