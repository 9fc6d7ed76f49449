"""The list, the badge and the settings page, in the back office and the members' pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vivier.accounts.models import User
from vivier.notifications.models import Notification, NotificationPreference
from vivier.notifications.services import notify

pytestmark = pytest.mark.django_db


def tell(user, count=1, **fields):
    """`count` notifications for `user`, a minute apart, the newest last."""
    made = []
    for index in range(count):
        (notification,) = notify(
            user, "hubs.mention", target_url=f"/communaute/?n={index}", text=f"Fil {index}"
        )
        Notification.objects.filter(pk=notification.pk).update(
            created_at=timezone.now() - dt.timedelta(minutes=count - index), **fields
        )
        made.append(notification)
    return made


# --- Who sees what ----------------------------------------------------------------------------


def test_each_person_sees_only_their_own_notifications_and_others_answer_404(
    client, carla, cyril, hana
):
    (mine,) = tell(carla)
    (theirs,) = tell(cyril)
    client.force_login(carla)
    page = client.get(reverse("notifications:list"))
    assert [n.pk for n in page.context["notifications"]] == [mine.pk]
    for name in ("notifications:open", "notifications:staff_open"):
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404
    assert client.post(reverse("notifications:read", kwargs={"pk": theirs.pk})).status_code == 404
    assert client.get(reverse("notifications:open", kwargs={"pk": 999999})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    # carla is not in the recruiting team: the back office's pages are not hers.
    assert client.get(reverse("notifications:staff_list")).status_code == 404
    client.force_login(hana)
    assert client.get(reverse("notifications:staff_list")).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_notification_only_e_mailed_cannot_be_opened_from_the_list(client, carla):
    (hidden,) = tell(carla, is_shown=False)
    client.force_login(carla)
    assert client.get(reverse("notifications:open", kwargs={"pk": hidden.pk})).status_code == 404


# --- The list ---------------------------------------------------------------------------------


def test_the_list_is_newest_first_and_paginated(client, carla):
    made = tell(carla, count=30)
    client.force_login(carla)
    first = client.get(reverse("notifications:list"))
    shown = [n.pk for n in first.context["notifications"]]
    assert shown == [n.pk for n in reversed(made)][:25]
    second = client.get(reverse("notifications:list") + "?page=2")
    assert [n.pk for n in second.context["notifications"]] == [n.pk for n in reversed(made)][25:]
    # A page out of range or not a number gives the last or the first page, never an error.
    assert client.get(reverse("notifications:list") + "?page=99").status_code == 200
    assert client.get(reverse("notifications:list") + "?page=abc").status_code == 200


def test_opening_one_marks_it_read_and_follows_its_link_in_the_pages_language(client, carla):
    (notification,) = tell(carla)
    client.force_login(carla)
    response = client.get("/en" + reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response.status_code == 302 and response["Location"] == "/en/communaute/?n=0"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_to_another_site_is_not_followed(client, carla):
    (notification,) = notify(carla, "hubs.mention", target_url="https://ailleurs.example/")
    client.force_login(carla)
    response = client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response["Location"] == reverse("notifications:list")


def test_mark_one_read_then_all_read(client, carla, cyril):
    first, second, third = tell(carla, count=3)
    (not_hers,) = tell(cyril)
    client.force_login(carla)
    assert client.get(reverse("notifications:read", kwargs={"pk": first.pk})).status_code == 405
    response = client.post(reverse("notifications:read", kwargs={"pk": first.pk}), {"page": "1"})
    assert response["Location"] == reverse("notifications:list") + "?page=1"
    assert Notification.objects.filter(recipient=carla, read_at__isnull=True).count() == 2
    badge = client.get(reverse("notifications:badge")).content.decode()
    assert ">2<" in badge
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=carla, read_at__isnull=True).exists()
    assert client.get(reverse("notifications:badge")).content.decode().strip() == ""
    not_hers.refresh_from_db()
    assert not_hers.read_at is None


def test_the_lists_queries_do_not_grow_with_its_rows(client, bob, hana, offer):
    from tests.factories import ApplicationFactory
    from vivier.hiring.services import add_note

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("notifications:staff_list")).status_code == 200
        return len(queries)

    client.force_login(hana)
    add_note(application=ApplicationFactory(offer=offer), body="@hana", by=bob)
    tell(hana)
    count_queries()  # content types and the session, cached after the first page
    few = count_queries()
    for _index in range(10):
        add_note(application=ApplicationFactory(offer=offer), body="@hana", by=bob)
    tell(hana, count=10)
    assert count_queries() == few


def test_a_mention_shows_the_applications_current_name_in_vivier_only(
    client, bob, hana, application
):
    from vivier.hiring.services import add_note
    from vivier.privacy.personal_data import anonymise_candidate

    add_note(application=application, body="@hana", by=bob)
    client.force_login(hana)
    page = client.get(reverse("notifications:staff_list")).content.decode()
    assert "Lou Secret" in page and application.offer.title in page
    anonymise_candidate(application.candidate)
    page = client.get(reverse("notifications:staff_list")).content.decode()
    assert "Lou Secret" not in page and "Candidat anonymisé" in page
    # Taken off the offer, hana no longer reads the name, only the offer.
    offer = application.offer
    offer.hiring_managers.remove(hana)
    (item,) = client.get(reverse("notifications:staff_list")).context["notifications"]
    assert item.about == offer.title


def test_both_headers_carry_the_unread_badge_and_the_settings_link(client, hana, carla):
    client.force_login(hana)
    staff = client.get(reverse("hiring:dashboard")).content.decode()
    assert f'hx-get="{reverse("notifications:staff_badge")}"' in staff
    assert f'href="{reverse("notifications:staff_preferences")}"' in staff
    client.force_login(carla)
    member = client.get(reverse("hubs:my_hubs")).content.decode()
    assert f'hx-get="{reverse("notifications:badge")}"' in member
    assert f'href="{reverse("notifications:preferences")}"' in member
    referrals = client.get(reverse("referrals:home")).content.decode()
    assert f'hx-get="{reverse("notifications:badge")}"' in referrals


# --- Settings ---------------------------------------------------------------------------------


def form_data(user, **changes) -> dict:
    """What the settings page posts for the user as things are, with `changes`."""
    from vivier.notifications.services import preferences_of

    data = {"language": user.language}
    for code, (in_app, email) in preferences_of(user).items():
        if in_app:
            data[f"{code}-in_app"] = "on"
        data[f"{code}-email"] = email
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_settings_page_lists_what_each_role_may_receive(client, hana, carla, cyril):
    client.force_login(hana)
    staff = client.get(reverse("notifications:staff_preferences")).content.decode()
    assert "Mentions dans les notes" in staff and "Réponses dans les fils" in staff
    assert "Avancement de mes recommandations" not in staff
    client.force_login(carla)
    member = client.get(reverse("notifications:preferences")).content.decode()
    assert "Avancement de mes recommandations" in member and "Mentions dans les notes" not in member
    client.force_login(cyril)
    candidate = client.get(reverse("notifications:preferences")).content.decode()
    assert "Réponses dans les fils" in candidate and "recommandations" not in candidate


def test_saving_the_settings_records_each_choice(client, carla):
    client.force_login(carla)
    data = form_data(carla, **{"hubs.reply-in_app": None, "hubs.reply-email": "never"})
    data["hubs.mention-email"] = "daily"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=carla).values_list("verb", "email"))
    assert saved["hubs.reply"] == "never" and saved["hubs.mention"] == "daily"
    assert not NotificationPreference.objects.get(user=carla, verb="hubs.reply").in_app
    assert NotificationPreference.objects.get(user=carla, verb="hubs.mention").in_app


def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(client, carla):
    client.force_login(carla)
    data = form_data(carla, **{"hubs.reply-email": "weekly", "language": "de"})
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["hubs.reply-email"] == [
        "Sélectionnez un choix valide. weekly n’en fait pas partie."
    ]
    assert "language" in errors
    assert not NotificationPreference.objects.exists()
    carla.refresh_from_db()
    assert carla.language == "fr"
    # An empty form, or fields of a verb that is not hers, changes nothing either.
    assert client.post(reverse("notifications:preferences"), {}).status_code == 400
    client.post(
        reverse("notifications:preferences"),
        form_data(carla, **{"hiring.mention-email": "never"}),
    )
    assert not NotificationPreference.objects.filter(verb="hiring.mention").exists()


def test_choosing_english_switches_the_e_mails_and_the_interface(client, carla):
    client.force_login(carla)
    response = client.post(reverse("notifications:preferences"), form_data(carla, language="en"))
    assert response.status_code == 302
    assert response["Location"] == "/en/communaute/notifications/reglages/"
    assert User.objects.get(pk=carla.pk).language == "en"
    page = client.get(response["Location"])
    assert "Your notification settings are saved." in page.content.decode()
    assert page.context["form"]["language"].initial == "en"


def test_what_the_settings_say_applies_to_the_next_notification(client, carla):
    client.force_login(carla)
    client.post(
        reverse("notifications:preferences"),
        form_data(carla, **{"hubs.mention-in_app": None, "hubs.mention-email": "never"}),
    )
    assert notify(carla, "hubs.mention", target_url="/communaute/") == []


def test_the_administration_lists_notifications_digests_and_choices(client, alice, carla):
    notify(carla, "hubs.mention", target_url="/communaute/", text="Fil du port")
    NotificationPreference.objects.create(user=carla, verb="hubs.reply", email="never")
    client.force_login(alice)
    for model in ("notification", "notificationpreference", "digest"):
        response = client.get(reverse(f"admin:notifications_{model}_changelist"))
        assert response.status_code == 200, model
    page = client.get(reverse("admin:notifications_notification_changelist")).content.decode()
    assert "hubs.mention" in page
