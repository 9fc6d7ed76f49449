"""notify(): each recipient's choices per channel, who is never told, what is stored."""

import pytest
from django.core import mail

from tests.factories import UserFactory
from vivier.accounts.models import Role
from vivier.community.hubs import discussions, moderation, services
from vivier.hiring.services import add_note
from vivier.notifications.models import Notification, NotificationPreference
from vivier.notifications.registry import VERBS, EmailChoice, verbs_for
from vivier.notifications.services import notify, preferences_of, save_preferences

pytestmark = pytest.mark.django_db


def choose(user, verb, *, in_app=True, email=EmailChoice.IMMEDIATELY):
    NotificationPreference.objects.create(user=user, verb=verb, in_app=in_app, email=email)


def mention_hana(bob, application, capture):
    mail.outbox.clear()
    with capture(execute=True):
        add_note(application=application, body="@hana un avis ?", by=bob)
    return Notification.objects.filter(recipient__email="hana@example.test")


def test_by_default_a_mention_shows_in_vivier_and_comes_by_e_mail_at_once(
    bob, hana, application, django_capture_on_commit_callbacks
):
    (notification,) = mention_hana(bob, application, django_capture_on_commit_callbacks)
    assert notification.is_shown and notification.email == EmailChoice.IMMEDIATELY
    assert notification.emailed_at is not None
    assert [message.to for message in mail.outbox] == [[hana.email]]


def test_in_vivier_only_writes_no_e_mail(
    bob, hana, application, django_capture_on_commit_callbacks
):
    choose(hana, "hiring.mention", email=EmailChoice.NEVER)
    (notification,) = mention_hana(bob, application, django_capture_on_commit_callbacks)
    assert notification.is_shown and notification.email == EmailChoice.NEVER
    assert mail.outbox == []


def test_e_mail_only_is_sent_but_not_shown_in_the_list(
    client, bob, hana, application, django_capture_on_commit_callbacks
):
    choose(hana, "hiring.mention", in_app=False)
    (notification,) = mention_hana(bob, application, django_capture_on_commit_callbacks)
    assert not notification.is_shown
    assert [message.to for message in mail.outbox] == [[hana.email]]
    client.force_login(hana)
    page = client.get("/app/notifications/")
    assert list(page.context["notifications"]) == []
    assert page.context["unread"] == 0


def test_the_daily_digest_choice_sends_nothing_at_once(
    bob, hana, application, django_capture_on_commit_callbacks
):
    choose(hana, "hiring.mention", email=EmailChoice.DAILY)
    (notification,) = mention_hana(bob, application, django_capture_on_commit_callbacks)
    assert notification.email == EmailChoice.DAILY and notification.digest is None
    assert mail.outbox == []


def test_neither_in_vivier_nor_by_e_mail_keeps_nothing(
    bob, hana, application, django_capture_on_commit_callbacks
):
    choose(hana, "hiring.mention", in_app=False, email=EmailChoice.NEVER)
    assert not mention_hana(bob, application, django_capture_on_commit_callbacks).exists()
    assert mail.outbox == []


def test_one_persons_choice_does_not_change_anothers(
    public_hub, thread, carla, cyril, alan, django_capture_on_commit_callbacks
):
    discussions.set_following(thread=thread, user=alan, following=True)
    choose(alan, "hubs.reply", in_app=False, email=EmailChoice.NEVER)
    with django_capture_on_commit_callbacks(execute=True):
        discussions.reply(thread=thread, author=cyril, body="Moi !")
    told = Notification.objects.filter(verb="hubs.reply")
    assert list(told.values_list("recipient", flat=True)) == [carla.pk]


def test_the_actor_and_inactive_accounts_are_never_told(bob, hana, carla):
    hana.is_active = False
    hana.save()
    made = notify([bob, hana, carla], "hubs.mention", actor=bob, target_url="/communaute/")
    assert [notification.recipient for notification in made] == [carla]


def test_hiring_verbs_go_to_the_recruiting_team_only(bob, carla):
    made = notify([bob, carla], "hiring.review_given", target_url="/app/reviews/1/")
    assert [notification.recipient for notification in made] == [bob]


def test_an_unknown_verb_is_a_programming_error(bob):
    with pytest.raises(LookupError):
        notify(bob, "hiring.nothing", target_url="/app/")


def test_moderation_outcomes_tell_the_author_with_the_variant(
    public_hub, thread, carla, bob, cyril, django_capture_on_commit_callbacks
):
    post = discussions.reply(thread=thread, author=cyril, body="Publicité")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(post=post, by=bob, reason="hors sujet")
        moderation.restore_post(post=post, by=bob)
    told = Notification.objects.filter(recipient=cyril, verb="hubs.moderation")
    assert sorted(told.values_list("variant", flat=True)) == ["post_hidden", "post_restored"]
    assert sorted(message.subject for message in mail.outbox if message.to == [cyril.email]) == [
        "Un modérateur a masqué votre message : Covoiturage vers Brest",
        "Un modérateur a rétabli votre message : Covoiturage vers Brest",
    ]


def test_a_join_request_answer_tells_the_member(bob, carla, django_capture_on_commit_callbacks):
    from vivier.community.hubs.models import Hub

    private = Hub.objects.create(
        name="Club privé", slug="club", kind=Hub.Kind.PRIVATE, accepts_join_requests=True
    )
    request = services.request_to_join(hub=private, user=carla)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_join_request(join_request=request, accept=False, by=bob)
    told = Notification.objects.get(recipient=carla)
    assert (told.verb, told.variant, told.text) == (
        "hubs.moderation",
        "join_declined",
        "Club privé",
    )


def test_the_text_never_holds_the_candidates_name(bob, hana, application):
    add_note(application=application, body="@hana", by=bob)
    notification = Notification.objects.get()
    assert notification.text == application.offer.title
    assert "Lou" not in notification.text and "Secret" not in notification.text


def test_preferences_default_to_each_verbs_defaults_and_ignore_verbs_not_for_the_user(carla):
    assert preferences_of(carla)["hubs.reply"] == (True, EmailChoice.DAILY)
    assert "hiring.mention" not in preferences_of(carla)
    save_preferences(
        user=carla,
        choices={"hiring.mention": (False, "never"), "hubs.reply": (False, "immediately")},
    )
    assert list(NotificationPreference.objects.values_list("verb", "in_app", "email")) == [
        ("hubs.reply", False, "immediately")
    ]


def test_every_role_is_offered_the_verbs_it_can_receive(db):
    codes = {
        role: {verb.code for verb in verbs_for(UserFactory(role=role))} for role in Role.values
    }
    community = {"hubs.reply", "hubs.mention", "hubs.moderation"}
    hiring = {"hiring.mention", "hiring.review_requested", "hiring.review_given"}
    assert codes[Role.RECRUITER] == community | hiring
    assert codes[Role.EMPLOYEE] == community | {"referrals.progress"}
    assert codes[Role.CANDIDATE] == community
    assert set(VERBS) == community | hiring | {"referrals.progress"}
