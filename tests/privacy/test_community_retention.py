"""The community's records in privacy's retention run: each rule lists in the dry run (the
command and the administrators' page) exactly what the run then deletes, on time, not before."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from tests.factories import JobOfferFactory, UserFactory
from vivier.accounts.models import Role
from vivier.community.alerts.models import Alert, Digest, Subscriber
from vivier.community.hubs import discussions, moderation, services
from vivier.community.hubs.models import (
    Hub,
    HubInvitation,
    JoinRequest,
    ModerationAction,
    PostReport,
)
from vivier.community.referrals import services as referrals
from vivier.community.referrals.models import Referral
from vivier.privacy import retention
from vivier.privacy.models import AuditAction, AuditEntry

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def due(key: str, now=None) -> list:
    (planned,) = [planned for planned in retention.plan(now).rules if planned.rule.key == key]
    return planned.records


@pytest.fixture
def people(db, employer):
    return {
        "bob": UserFactory(email="bob@example.test", role=Role.RECRUITER),
        "carla": UserFactory(email="carla@example.test", role=Role.EMPLOYEE),
        "cyril": UserFactory(email="cyril@example.test", role=Role.CANDIDATE),
    }


@pytest.fixture
def hub(db):
    return Hub.objects.create(
        name="Anciens", slug="anciens", kind=Hub.Kind.PRIVATE, accepts_join_requests=True
    )


def test_every_community_rule_is_in_the_plan():
    keys = {planned.rule.key for planned in retention.plan().rules}
    assert {
        "alerts.unconfirmed", "alerts.addresses_without_alert", "alerts.sent_digests",
        "hubs.invitations", "hubs.join_requests", "hubs.post_reports", "hubs.moderation_audit",
        "referrals.unfollowed",
    } <= keys  # fmt: skip


def test_unconfirmed_alerts_go_after_their_days_and_their_address_with_them(employer, settings):
    settings.RETENTION_UNCONFIRMED_ALERTS_DAYS = 30
    with time_machine.travel(START, tick=False):
        never = Subscriber.objects.create(email="never@example.test")
        old = Alert.objects.create(subscriber=never, keywords="voile")
        kept = Subscriber.objects.create(email="kept@example.test", confirmed_at=START)
        confirmed = Alert.objects.create(subscriber=kept, keywords="data", confirmed_at=START)
        waiting = Alert.objects.create(subscriber=kept, keywords="rh")  # a second, unconfirmed
        empty = Subscriber.objects.create(email="empty@example.test")  # its alert was removed
    with time_machine.travel(START + 29 * DAY, tick=False):
        assert due("alerts.unconfirmed") == [] and due("alerts.addresses_without_alert") == []
    with time_machine.travel(START + 31 * DAY, tick=False):
        assert due("alerts.unconfirmed") == [old, waiting]
        assert due("alerts.addresses_without_alert") == [empty]
        retention.run()
    assert list(Alert.objects.all()) == [confirmed]
    assert list(Subscriber.objects.all()) == [kept]  # "never" went with its only alert
    entries = AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="alert")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(
        [str(old.pk), str(waiting.pk)]
    )
    assert all("never@" not in entry.detail for entry in entries)


def test_the_setting_moves_the_deadline(employer, settings):
    with time_machine.travel(START, tick=False):
        alert = Alert.objects.create(subscriber=Subscriber.objects.create(email="a@example.test"))
    settings.RETENTION_UNCONFIRMED_ALERTS_DAYS = 10
    with time_machine.travel(START + 11 * DAY, tick=False):
        assert due("alerts.unconfirmed") == [alert]
    settings.RETENTION_UNCONFIRMED_ALERTS_DAYS = 60
    with time_machine.travel(START + 11 * DAY, tick=False):
        assert due("alerts.unconfirmed") == []


def test_sent_digests_go_after_ninety_days_unsent_ones_stay(employer):
    subscriber = Subscriber.objects.create(email="lou@example.test", confirmed_at=START)
    sent = Digest.objects.create(subscriber=subscriber, period="weekly:2026-W10", sent_at=START)
    unsent = Digest.objects.create(subscriber=subscriber, period="weekly:2026-W11")
    assert due("alerts.sent_digests", START + 89 * DAY) == []
    assert due("alerts.sent_digests", START + 91 * DAY) == [sent]
    retention.run(START + 91 * DAY)
    assert list(Digest.objects.all()) == [unsent]
    # A digest is itself the record of a sending: its deletion is not logged row by row.
    assert not AuditEntry.objects.filter(object_type="digest").exists()


def test_hub_invitations_go_ninety_days_after_they_stopped_being_usable(hub, people):
    with time_machine.travel(START, tick=False):
        expired, _token = services.invite_to_hub(
            hub=hub, email="a@example.test", by=people["bob"], validity=DAY
        )
        used, _token = services.invite_to_hub(hub=hub, email="carla@example.test", by=people["bob"])
        services.accept_invitation(invitation=used, user=people["carla"])
        revoked, _token = services.invite_to_hub(hub=hub, email="b@example.test", by=people["bob"])
        services.revoke_invitation(invitation=revoked, by=people["bob"])
    with time_machine.travel(START + 60 * DAY, tick=False):
        valid, _token = services.invite_to_hub(hub=hub, email="c@example.test", by=people["bob"])
    assert due("hubs.invitations", START + 90 * DAY) == []
    assert due("hubs.invitations", START + 92 * DAY) == [expired, used, revoked]
    retention.run(START + 92 * DAY)
    assert list(HubInvitation.objects.all()) == [valid]
    assert AuditEntry.objects.filter(object_type="hubinvitation").count() == 3


def test_decided_join_requests_go_pending_ones_stay(hub, people):
    with time_machine.travel(START, tick=False):
        declined = services.request_to_join(hub=hub, user=people["carla"], message="Bonjour")
        services.decide_join_request(join_request=declined, accept=False, by=people["bob"])
        pending = services.request_to_join(hub=hub, user=people["cyril"], message="Moi aussi")
    assert due("hubs.join_requests", START + 89 * DAY) == []
    assert due("hubs.join_requests", START + 91 * DAY) == [declined]
    retention.run(START + 91 * DAY)
    assert list(JoinRequest.objects.all()) == [pending]


def test_reports_go_a_year_after_the_moderators_dealt_with_them(people, settings):
    public = Hub.objects.create(name="Tous", slug="tous")
    thread = discussions.start_thread(hub=public, author=people["cyril"], title="T", body="x")
    post = thread.posts.get()
    with time_machine.travel(START, tick=False):
        dealt = moderation.report_post(post=post, by=people["carla"], reason="Hors sujet")
        moderation.dismiss_reports(post=post, by=people["bob"])
        still_open = moderation.report_post(post=post, by=people["carla"], reason="Encore")
    assert due("hubs.post_reports", START + 364 * DAY) == []
    assert due("hubs.post_reports", START + 366 * DAY) == [dealt]
    settings.AUDIT_LOG_DAYS = 10_000  # the moderation audit is not the subject here
    retention.run(START + 366 * DAY)
    assert list(PostReport.objects.all()) == [still_open]


def test_the_moderation_audit_is_kept_as_long_as_privacys(people, settings):
    settings.AUDIT_LOG_DAYS = 365
    public = Hub.objects.create(name="Tous", slug="tous")
    thread = discussions.start_thread(hub=public, author=people["cyril"], title="T", body="x")
    with time_machine.travel(START, tick=False):
        moderation.pin_thread(thread=thread, by=people["bob"], pinned=True)
    recent = ModerationAction.objects.create(
        hub=public, actor=people["bob"], action="unpin", target="T", created_at=START + 300 * DAY
    )
    assert due("hubs.moderation_audit", START + 366 * DAY) == [
        ModerationAction.objects.get(action="pin")
    ]
    retention.run(START + 366 * DAY)
    assert list(ModerationAction.objects.all()) == [recent]


def test_direct_referrals_nobody_applied_after_go(people, settings):
    settings.RETENTION_UNSUCCESSFUL_DAYS = 90
    offer = JobOfferFactory(published=True)
    with time_machine.travel(START, tick=False):
        old = referrals.refer_directly(
            referrer=people["carla"], offer=offer, name="Old", email="old@example.test", reason="x"
        )
    with time_machine.travel(START + 80 * DAY, tick=False):
        recent = referrals.refer_directly(
            referrer=people["carla"], offer=offer, name="New", email="new@example.test", reason="x"
        )
    assert due("referrals.unfollowed", START + 89 * DAY) == []
    assert due("referrals.unfollowed", START + 91 * DAY) == [old]
    retention.run(START + 91 * DAY)
    assert list(Referral.objects.all()) == [recent]
    entry = AuditEntry.objects.get(object_type="referral")
    assert entry.object_id == str(old.pk) and entry.actor is None and entry.via == "worker"
    assert "Old" not in entry.detail and "old@" not in entry.detail


def test_the_dry_run_lists_the_rules_and_changes_nothing(hub, people, alice, client, settings):
    with time_machine.travel(START - 200 * DAY, tick=False):
        invitation, _token = services.invite_to_hub(
            hub=hub, email="someone@example.test", by=people["bob"], validity=DAY
        )
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    printed = out.getvalue()
    assert "would delete 1: Hub invitations used, withdrawn or expired" in printed
    assert "(RETENTION_HUB_INVITATIONS_DAYS=90)" in printed
    assert f"Invitation #{invitation.pk} to Anciens" in printed
    assert "someone@example.test" not in printed  # the dry run names nobody
    assert HubInvitation.objects.filter(pk=invitation.pk).exists()
    client.force_login(alice)
    page = client.get(reverse("privacy:retention")).content.decode()
    assert "Invitations aux espaces utilisées, retirées ou expirées" in page
    assert f"Invitation n° {invitation.pk} à Anciens" in page
    assert "RETENTION_HUB_INVITATIONS_DAYS" in page
    dashboard = client.get(reverse("privacy:dashboard")).content.decode()
    assert "Invitations aux espaces utilisées, retirées ou expirées : 1" in dashboard
    assert HubInvitation.objects.filter(pk=invitation.pk).exists()
    settings.RETENTION_HUB_INVITATIONS_DAYS = 1000
    assert due("hubs.invitations") == []
