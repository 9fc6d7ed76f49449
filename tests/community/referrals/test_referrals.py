"""Referrals: personal links credited at application, direct referrals, what referrers see, the
leaderboard, bonuses and their payroll export, partners' shares in the reports."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.careers.test_apply import apply_url, form_data
from tests.factories import JobOfferFactory, UserFactory, pdf_upload
from vivier.accounts.models import Role
from vivier.api.models import WebhookDelivery, WebhookEndpoint
from vivier.community.referrals import selectors, services
from vivier.community.referrals.models import (
    BonusRule,
    Referral,
    ReferralBonus,
    ReferralKind,
    ReferralLink,
    ReferralStatus,
)
from vivier.distribution.models import ChannelKind, TrackedLink
from vivier.hiring import services as hiring
from vivier.hiring.models import Application, PipelineStage, StageKind

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"

pytestmark = pytest.mark.django_db


def apply(client, offer, **overrides):
    response = client.post(apply_url(offer), {**form_data(**overrides), "cv": pdf_upload()})
    assert response.status_code == 302, response.content[:500]
    return Application.objects.select_related("stage").get(
        offer=offer, candidate__email=form_data(**overrides)["email"]
    )


def move(application, kind, by):
    return hiring.move_application(
        application=application, stage=PipelineStage.for_offer(application.offer, kind), by=by
    )


def referral_statuses(client, referrer) -> list[str]:
    client.force_login(referrer)
    page = client.get(reverse("referrals:mine")).content.decode()
    return [
        status
        for status in ReferralStatus.values
        if f'data-status="{status}"' in page  # the tag each row carries
    ]


# --- Links and attribution ---------------------------------------------------------------------
def test_each_member_gets_their_own_link_to_every_open_offer(client, offer, carla, alex):
    closed = JobOfferFactory(published=True, title="Fermée")
    closed.status = "closed"
    closed.save()
    client.force_login(carla)
    page = client.get(reverse("referrals:home")).content.decode()
    link = ReferralLink.objects.select_related("link__channel").get(referrer=carla, offer=offer)
    assert link.link.url in page
    assert f'data-referral-copy="{link.link.url}"' in page
    assert link.link.is_personal and link.link.channel.kind == ChannelKind.REFERRAL
    assert not ReferralLink.objects.filter(offer=closed).exists()
    client.get(reverse("referrals:home"))  # a second visit makes no new link
    assert ReferralLink.objects.filter(referrer=carla).count() == 1
    client.force_login(alex)
    client.get(reverse("referrals:home"))
    other = ReferralLink.objects.get(referrer=alex, offer=offer)
    assert other.link.code != link.link.code
    assert other.link.channel_id == link.link.channel_id  # one "referrals" channel for both


def test_a_partner_members_links_count_for_their_organisation(offer, pat, organisation):
    link = services.personal_link(referrer=pat, offer=offer).link
    assert link.channel.kind == ChannelKind.PARTNER
    assert link.channel.partner.organisation == organisation


def test_the_channel_shared_link_stays_one_per_offer_beside_personal_links(offer, carla, alex):
    from vivier.distribution.services import tracked_link

    mine = services.personal_link(referrer=carla, offer=offer).link
    services.personal_link(referrer=alex, offer=offer)
    shared = tracked_link(channel=mine.channel, offer=offer)
    assert not shared.is_personal
    assert tracked_link(channel=mine.channel, offer=offer) == shared
    assert TrackedLink.objects.filter(offer=offer, channel=mine.channel).count() == 3


def test_an_application_through_a_members_link_is_theirs_until_hired(client, offer, carla, bob):
    endpoint = WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/hook", events=["referral.hired"], secret="s"
    )
    link = services.personal_link(referrer=carla, offer=offer).link
    visitor = type(client)()
    assert visitor.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER).status_code == 302
    application = apply(visitor, offer)
    assert application.last_touch == link
    referral = Referral.objects.get(application=application)
    assert (referral.referrer, referral.kind) == (carla, ReferralKind.LINK)
    assert referral_statuses(client, carla) == [ReferralStatus.APPLIED]

    move(application, StageKind.INTERVIEW, bob)
    assert referral_statuses(client, carla) == [ReferralStatus.IN_PROCESS]
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "Entretien" not in page and "Camille" not in page  # no stage name, no person

    assert not WebhookDelivery.objects.filter(event="referral.hired").exists()
    move(application, StageKind.HIRED, bob)
    assert referral_statuses(client, carla) == [ReferralStatus.HIRED]
    delivery = WebhookDelivery.objects.get(endpoint=endpoint, event="referral.hired")
    assert delivery.payload["referral"] == referral.pk
    assert delivery.payload["referrer"] == carla.pk
    assert delivery.payload["application"] == application.pk
    assert "email" not in str(delivery.payload) and "Camille" not in str(delivery.payload)


def test_the_last_touch_wins_and_an_old_click_credits_nobody(client, offer, carla, alex, settings):
    carla_link = services.personal_link(referrer=carla, offer=offer).link
    alex_link = services.personal_link(referrer=alex, offer=offer).link
    visitor = type(client)()
    visitor.get(f"/r/{carla_link.code}", HTTP_USER_AGENT=BROWSER)
    visitor.get(f"/r/{alex_link.code}", HTTP_USER_AGENT=BROWSER)
    application = apply(visitor, offer)
    assert Referral.objects.get(application=application).referrer == alex

    late = type(client)()
    with time_machine.travel(
        timezone.now() - dt.timedelta(days=settings.ATTRIBUTION_WINDOW_DAYS + 1)
    ):
        late.get(f"/r/{carla_link.code}", HTTP_USER_AGENT=BROWSER)
    application = apply(late, offer, email="late@example.test")
    assert application.last_touch is None
    assert not Referral.objects.filter(application=application).exists()


def test_a_member_applying_through_their_own_link_refers_nobody(client, offer, carla):
    link = services.personal_link(referrer=carla, offer=offer).link
    client.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    application = apply(client, offer, email=carla.email)
    assert application.last_touch == link
    assert not Referral.objects.exists()


# --- Direct referrals --------------------------------------------------------------------------
def test_a_direct_referral_invites_the_person_and_says_what_is_kept(
    client, offer, carla, settings, django_capture_on_commit_callbacks
):
    carla.first_name, carla.last_name = "Carla", "Martin"
    carla.save()
    client.force_login(carla)
    url = reverse("referrals:refer", kwargs={"pk": offer.pk})
    data = {
        "name": "Sam Durand",
        "email": "Sam.Durand@example.test",
        "reason": "Sam a mené ce type de projet pendant trois ans.",
        "consent": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.kind, referral.email, referral.status) == (
        ReferralKind.DIRECT,
        "sam.durand@example.test",
        ReferralStatus.INVITED,
    )
    (message,) = mail.outbox
    assert message.to == ["sam.durand@example.test"]
    assert "Carla Martin" in message.subject and offer.title in message.subject
    body = message.body
    link = ReferralLink.objects.get(referrer=carla, offer=offer).link
    assert link.url in body
    assert "Sam a mené ce type de projet pendant trois ans." in body
    assert "Carla Martin travaille avec" in body
    assert "Ce que nous gardons sur vous" in body
    assert "supprimés après 90 jours" in body
    assert settings.SITE_URL + reverse("privacy:notice") in body

    # Applying later (here without the link) still credits the referrer.
    visitor = type(client)()
    application = apply(visitor, offer, email="sam.durand@example.test")
    referral.refresh_from_db()
    assert referral.application == application
    assert referral_statuses(client, carla) == [ReferralStatus.APPLIED]


def test_a_direct_referral_refuses_bad_input_and_keeps_what_was_typed(
    client, offer, carla, django_capture_on_commit_callbacks
):
    client.force_login(carla)
    url = reverse("referrals:refer", kwargs={"pk": offer.pk})
    response = client.post(url, {"name": "Sam", "email": "not-an-address", "reason": "Bien"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saisissez une adresse de courriel valide" in page
    assert 'value="Sam"' in page
    assert not Referral.objects.exists() and not mail.outbox

    good = {"name": "Sam", "email": "sam@example.test", "reason": "Bien", "consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, good).status_code == 302
        again = client.post(url, good)
    assert again.status_code == 200
    assert "déjà été recommandée" in again.content.decode()
    assert Referral.objects.count() == 1 and len(mail.outbox) == 1

    yourself = {**good, "email": carla.email}
    assert "vous recommander vous-même" in client.post(url, yourself).content.decode()


def test_an_existing_application_is_not_revealed_by_a_later_referral(client, offer, carla):
    apply(type(client)(), offer, email="lou@example.test")
    services.refer_directly(
        referrer=carla, offer=offer, name="Lou", email="lou@example.test", reason="x"
    )
    assert referral_statuses(client, carla) == [ReferralStatus.INVITED]


# --- Who sees what -----------------------------------------------------------------------------
def test_candidates_staff_and_partners_without_organisation_cannot_refer(client, offer, hana, bob):
    candidate = UserFactory(role=Role.CANDIDATE)
    lonely_partner = UserFactory(role=Role.PARTNER)
    for user in (candidate, hana, bob, lonely_partner):
        client.force_login(user)
        for name in ("referrals:home", "referrals:mine", "referrals:leaderboard"):
            assert client.get(reverse(name)).status_code == 404, (user.role, name)
        assert client.get(reverse("referrals:refer", kwargs={"pk": offer.pk})).status_code == 404
    client.logout()
    assert client.get(reverse("referrals:mine")).status_code == 302


def test_a_hiring_manager_and_a_candidate_see_no_referral_screen(client, offer, hana, carla):
    services.refer_directly(
        referrer=carla, offer=offer, name="Sam", email="s@example.test", reason="x"
    )
    candidate = UserFactory(role=Role.CANDIDATE)
    for user in (hana, candidate, carla):
        client.force_login(user)
        for name in (
            "referrals:list",
            "referrals:payroll",
            "referrals:bonus_rules",
            "referrals:partners",
        ):
            response = client.get(reverse(name))
            assert response.status_code == 404, (user.role, name)


def test_referrers_see_only_their_own_referrals(client, offer, carla, alex):
    services.refer_directly(
        referrer=carla, offer=offer, name="Sam", email="s@example.test", reason="x"
    )
    client.force_login(alex)
    page = client.get(reverse("referrals:mine")).content.decode()
    assert "Sam" not in page


def test_the_team_lists_referrals_by_status(client, offer, carla, bob):
    services.refer_directly(
        referrer=carla, offer=offer, name="Sam Invité", email="s@example.test", reason="x"
    )
    link = services.personal_link(referrer=carla, offer=offer).link
    visitor = type(client)()
    visitor.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    apply(visitor, offer)
    client.force_login(bob)
    everything = client.get(reverse("referrals:list")).content.decode()
    assert "Sam Invité" in everything and "Camille Exemple" in everything
    invited = client.get(reverse("referrals:list"), {"status": "invited"}).content.decode()
    assert "Sam Invité" in invited and "Camille Exemple" not in invited


# --- Leaderboard -------------------------------------------------------------------------------
def referral_on(referrer, offer, when, *, hired=False):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(offer=offer)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=when, hired_at=when if hired else None
    )
    return Referral.objects.create(
        referrer=referrer,
        offer=offer,
        kind=ReferralKind.LINK,
        application=application,
        applied_at=when,
    )


def test_the_leaderboard_names_only_who_chose_it_and_counts_the_others(client, offer, carla, alex):
    now = timezone.now()
    other = UserFactory(role=Role.EMPLOYEE, first_name="Dominique", last_name="Privé")
    for _ in range(3):
        referral_on(alex, offer, now)
    referral_on(carla, offer, now, hired=True)
    referral_on(other, offer, now)
    referral_on(other, offer, now - dt.timedelta(days=400))  # another year
    services.set_leaderboard_choice(user=alex, show=True)
    services.set_leaderboard_choice(user=carla, show=True)

    board = selectors.leaderboard(period="year", viewer=carla)
    assert [(line.name, line.referrals, line.hires) for line in board.named] == [
        (carla.get_full_name(), 1, 1),
        (alex.get_full_name(), 3, 0),
    ]
    assert board.named[0].is_me and not board.named[1].is_me
    assert (board.anonymous_members, board.anonymous_referrals) == (1, 1)
    assert selectors.leaderboard(period="all").anonymous_referrals == 2

    client.force_login(carla)
    page = client.get(reverse("referrals:leaderboard"), {"period": "year"}).content.decode()
    assert "Alex" in page and "Dominique" not in page and "Privé" not in page
    assert "1 membre qui garde son nom privé" in page


def test_a_member_chooses_to_appear_on_the_leaderboard(client, carla):
    client.force_login(carla)
    client.post(reverse("referrals:leaderboard_choice"), {"show_on_leaderboard": "on"})
    assert carla.referrer_settings.show_on_leaderboard
    client.post(reverse("referrals:leaderboard_choice"), {})
    carla.referrer_settings.refresh_from_db()
    assert not carla.referrer_settings.show_on_leaderboard


def test_the_leaderboard_periods(carla, offer):
    today = dt.date(2026, 8, 20)
    assert selectors.period_bounds("month", today) == (dt.date(2026, 8, 1), today)
    assert selectors.period_bounds("quarter", today) == (dt.date(2026, 7, 1), today)
    assert selectors.period_bounds("year", today) == (dt.date(2026, 1, 1), today)
    assert selectors.period_bounds("all", today) == (None, today)


# --- Bonuses and payroll -----------------------------------------------------------------------
def hired_through(client, referrer, offer, bob, email="camille.exemple@example.test"):
    link = services.personal_link(referrer=referrer, offer=offer).link
    visitor = type(client)()
    visitor.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    application = apply(visitor, offer, email=email)
    return move(application, StageKind.HIRED, bob)


def test_a_hire_earns_the_offers_rule_or_else_the_default(client, offer, carla, alex, bob):
    BonusRule.objects.create(offer=None, amount=Decimal("300"), days_after_start=90)
    other = JobOfferFactory(published=True)
    BonusRule.objects.create(offer=other, amount=Decimal("1000.50"), days_after_start=180)
    first = hired_through(client, carla, offer, bob)
    second = hired_through(client, alex, other, bob, email="lea@example.test")
    hired_on = timezone.localdate(first.hired_at)
    bonus = ReferralBonus.objects.get(application=first)
    assert (bonus.referrer, bonus.amount, bonus.starts_on) == (carla, Decimal("300"), hired_on)
    assert bonus.due_on == hired_on + dt.timedelta(days=90)
    bonus = ReferralBonus.objects.get(application=second)
    assert (bonus.referrer, bonus.amount) == (alex, Decimal("1000.50"))
    assert bonus.due_on == bonus.starts_on + dt.timedelta(days=180)


def test_the_bonus_falls_due_after_the_offer_letters_start_date(client, offer, carla, bob):
    from vivier.hiring.offer_letters.models import LetterStatus, OfferLetter

    BonusRule.objects.create(offer=None, amount=Decimal("500"), days_after_start=60)
    link = services.personal_link(referrer=carla, offer=offer).link
    visitor = type(client)()
    visitor.get(f"/r/{link.code}", HTTP_USER_AGENT=BROWSER)
    application = apply(visitor, offer)
    OfferLetter.objects.create(
        application=application,
        status=LetterStatus.ACCEPTED,
        language="fr",
        salary="38 000 € brut par an",
        start_date=dt.date(2027, 3, 1),
        contract_type=offer.contract_type,
        answer_by=dt.date(2027, 1, 15),
        email_subject="Notre proposition",
        email_body="Bonjour",
        letter="Lettre",
        version=1,
    )
    move(application, StageKind.HIRED, bob)
    bonus = ReferralBonus.objects.get(application=application)
    assert (bonus.starts_on, bonus.due_on) == (dt.date(2027, 3, 1), dt.date(2027, 4, 30))


def test_no_rule_no_bonus_but_the_hire_is_still_an_event(client, offer, carla, bob):
    WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/", events=["referral.hired"], secret="s"
    )
    application = hired_through(client, carla, offer, bob)
    assert not ReferralBonus.objects.exists()
    assert WebhookDelivery.objects.get(event="referral.hired").payload["bonus"] is None
    assert application.referral.status == ReferralStatus.HIRED


def test_the_payroll_export_and_marking_bonuses_paid(client, offer, carla, bob):
    carla.first_name, carla.last_name = "Carla", "Martin"
    carla.save()
    BonusRule.objects.create(offer=None, amount=Decimal("300"), days_after_start=90)
    application = hired_through(client, carla, offer, bob)
    client.force_login(bob)
    response = client.get(reverse("referrals:payroll"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    hired_on = timezone.localdate(application.hired_at)
    assert rows[0][:3] == ["referrer", "referrer_email", "referred"]
    assert rows[1] == [
        "Carla Martin",
        carla.email,
        "Camille Exemple",
        offer.title,
        offer.reference or "",
        hired_on.isoformat(),
        hired_on.isoformat(),
        (hired_on + dt.timedelta(days=90)).isoformat(),
        "300.00",
        "",
    ]
    bonus = ReferralBonus.objects.get()
    assert client.post(reverse("referrals:mark_paid"), {"bonuses": [bonus.pk]}).status_code == 302
    bonus.refresh_from_db()
    assert bonus.is_paid and bonus.paid_by == bob
    paid_at = bonus.paid_at
    client.post(reverse("referrals:mark_paid"), {"bonuses": [bonus.pk]})  # already paid: refused
    bonus.refresh_from_db()
    assert bonus.paid_at == paid_at
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("referrals:payroll"), {"format": "csv"}).content.decode()
            )
        )
    )
    assert rows[1][-1] == timezone.localdate(paid_at).isoformat()
    unpaid = client.get(
        reverse("referrals:payroll"), {"format": "csv", "unpaid": "1"}
    ).content.decode()
    assert len(list(csv.reader(io.StringIO(unpaid)))) == 1  # the header alone


def test_a_bonus_rule_form_refuses_a_second_default_and_a_negative_amount(client, bob):
    client.force_login(bob)
    url = reverse("referrals:bonus_rule_new")
    assert (
        client.post(url, {"offer": "", "amount": "300", "days_after_start": "90"}).status_code
        == 302
    )
    again = client.post(url, {"offer": "", "amount": "200", "days_after_start": "30"})
    assert again.status_code == 200 and "Il existe déjà une règle" in again.content.decode()
    negative = client.post(url, {"offer": "", "amount": "-5", "days_after_start": "30"})
    assert negative.status_code == 200
    assert BonusRule.objects.count() == 1


# --- Partners ----------------------------------------------------------------------------------
def test_an_offer_shared_with_a_partner_brings_applications_counted_as_its_channel(
    client, offer, organisation, pat, bob
):
    from vivier.analytics import counting, reports

    client.force_login(bob)
    url = reverse("referrals:partner", kwargs={"pk": organisation.pk})
    assert client.post(url, {"offer": offer.pk, "message": "Pour vos étudiants"}).status_code == 302
    share = organisation.shared_offers.get()
    assert share.link.channel.kind == ChannelKind.PARTNER and not share.link.is_personal
    visitor = type(client)()
    visitor.get(f"/r/{share.link.code}", HTTP_USER_AGENT=BROWSER)
    through_share = apply(visitor, offer)
    member_link = services.personal_link(referrer=pat, offer=offer).link
    other = type(client)()
    other.get(f"/r/{member_link.code}", HTTP_USER_AGENT=BROWSER)
    through_member = apply(other, offer, email="noa@example.test")
    assert member_link.channel_id == share.link.channel_id
    assert Referral.objects.get(application=through_member).referrer == pat
    assert not Referral.objects.filter(application=through_share).exists()

    page = client.get(url).content.decode()
    assert "Camille Exemple" in page and share.link.url in page
    listing = client.get(reverse("referrals:partners")).content.decode()
    assert "École des Mines" in listing

    counting.refresh_stale()
    today = timezone.localdate()
    lines = reports.funnel_by_channel(reports.Filters(start=today, end=today))
    by_channel = {line.channel.pk if line.channel else None: line for line in lines}
    line = by_channel[share.link.channel_id]
    assert (line.name, line.applications, line.clicks_people) == (
        "Partenaire : École des Mines",
        2,
        2,
    )


def test_the_channel_screens_leave_the_communitys_channels_out(client, offer, carla, bob):
    channel = services.personal_link(referrer=carla, offer=offer).link.channel
    client.force_login(bob)
    listing = client.get(reverse("distribution:channels")).content.decode()
    assert reverse("distribution:channel", kwargs={"pk": channel.pk}) not in listing
    for kind in ("referral", "partner"):  # no button to add one by hand
        assert reverse("distribution:channel_create", kwargs={"kind": kind}) not in listing
    assert client.get(reverse("distribution:channel", kwargs={"pk": channel.pk})).status_code == 404
    assert (
        client.get(reverse("distribution:channel_create", kwargs={"kind": "referral"})).status_code
        == 404
    )
    distribution_page = client.get(reverse("distribution:offer", kwargs={"pk": offer.pk}))
    assert distribution_page.status_code == 200


# --- Privacy -----------------------------------------------------------------------------------
def test_a_referral_is_in_the_export_and_goes_with_the_erasure(client, offer, carla, alice):
    from vivier.privacy import rights

    services.refer_directly(
        referrer=carla, offer=offer, name="Sam Durand", email="sam@example.test", reason="Très bien"
    )
    exported = rights.collect("sam@example.test")
    assert "referrals.referral" in exported["tables"], exported["tables"].keys()
    row = exported["tables"]["referrals.referral"]["rows"][0]
    assert row["name"]["value"] == "Sam Durand" and row["reason"]["value"] == "Très bien"
    rights.erase_person(email="sam@example.test", by=alice)
    assert not Referral.objects.exists()


def test_an_applicants_referral_is_exported_and_erased_with_the_applicant(client, offer, carla):
    from vivier.privacy import rights
    from vivier.privacy.personal_data import anonymise_candidate

    services.refer_directly(
        referrer=carla, offer=offer, name="Sam", email="sam@example.test", reason="Bien"
    )
    application = apply(type(client)(), offer, email="sam@example.test")
    assert "referrals.referral" in rights.collect("sam@example.test")["tables"]
    anonymise_candidate(application.candidate)
    assert not Referral.objects.exists()
    assert Application.objects.filter(pk=application.pk).exists()  # the statistics stay


def test_a_referral_nobody_applied_after_is_deleted_after_the_retention_delay(
    offer, carla, settings
):
    from vivier.privacy import retention
    from vivier.privacy.models import AuditEntry

    with time_machine.travel(
        timezone.now() - dt.timedelta(days=settings.RETENTION_UNSUCCESSFUL_DAYS + 1)
    ):
        old = services.refer_directly(
            referrer=carla, offer=offer, name="Old", email="old@example.test", reason="x"
        )
    recent = services.refer_directly(
        referrer=carla, offer=offer, name="New", email="new@example.test", reason="x"
    )
    retention.run()  # privacy's nightly run applies the referrals' rule
    assert list(Referral.objects.all()) == [recent]
    entry = AuditEntry.objects.get(object_type="referral")
    assert entry.object_id == str(old.pk) and "Old" not in entry.detail


# --- Query counts ------------------------------------------------------------------------------
def queries_for(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_cost_the_same_for_one_referral_or_many(client, offer, carla, bob):
    referral_on(carla, offer, timezone.now())
    JobOfferFactory(published=True)
    client.force_login(carla)
    client.get(reverse("referrals:home"))  # makes the links
    member_pages = [reverse(name) for name in ("referrals:home", "referrals:mine")]
    before = [queries_for(client, url) for url in member_pages]
    client.force_login(bob)
    before.append(queries_for(client, reverse("referrals:list")))
    for _ in range(4):
        referral_on(carla, JobOfferFactory(published=True), timezone.now())
    client.force_login(carla)
    client.get(reverse("referrals:home"))
    after = [queries_for(client, url) for url in member_pages]
    client.force_login(bob)
    after.append(queries_for(client, reverse("referrals:list")))
    assert after == before
