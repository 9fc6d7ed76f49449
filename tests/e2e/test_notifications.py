"""A member's notifications in a browser: the unread count in the navigation, the list, and the
settings page, where choosing English switches the pages too; axe checks on both pages."""

import re

import pytest

from tests.factories import EmployerFactory, UserFactory

# serialized_rollback: see test_journey.py; every e2e module uses it, or flushes collide.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_member_reads_a_mention_and_chooses_what_she_hears_of(
    page, live_server, check_accessibility, screenshot
):
    from playwright.sync_api import expect

    from vivier.accounts.models import Role, User
    from vivier.community.hubs import discussions, services
    from vivier.community.hubs.models import Hub
    from vivier.notifications.models import NotificationPreference

    EmployerFactory()
    password = "un-mot-de-passe-solide"
    member = UserFactory(
        email="ines.morel@example.test",
        role=Role.EMPLOYEE,
        first_name="Inès",
        last_name="Morel",
        password=password,
    )
    author = UserFactory(role=Role.ALUMNUS, first_name="Yann", last_name="Le Gall")
    hub = Hub.objects.create(name="Le Port", slug="le-port", kind=Hub.Kind.PUBLIC)
    services.join_hub(hub=hub, user=member)
    thread = discussions.start_thread(
        hub=hub, author=author, title="Covoiturage vers Brest", body="@ines-morel tu viens ?"
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_login").fill(member.email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    notifications = page.get_by_role("link", name=re.compile(r"^Notifications"))
    expect(notifications).to_contain_text("1")  # the unread count, loaded after the page

    notifications.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notifications")
    item = page.get_by_role("link", name="Yann Le Gall vous a mentionné dans un message")
    expect(item).to_be_visible()
    expect(page.locator("#notifications")).to_contain_text(thread.title)
    check_accessibility(page, "notifications")
    screenshot(page, "notifications-list")

    page.get_by_role("link", name="Réglages des notifications").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Réglages des notifications")
    check_accessibility(page, "notification settings")
    replies = page.get_by_role("group", name="Réponses dans les fils que vous suivez")
    replies.get_by_label("Afficher dans Vivier").uncheck()
    replies.get_by_label("Par e-mail").select_option("never")
    page.get_by_label("Langue de mes e-mails").select_option("en")
    page.get_by_role("button", name="Enregistrer mes réglages").click()
    expect(page).to_have_url(re.compile(r"/en/communaute/notifications/reglages/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification settings")
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    screenshot(page, "notification-settings")

    assert User.objects.get(pk=member.pk).language == "en"
    choice = NotificationPreference.objects.get(user=member, verb="hubs.reply")
    assert (choice.in_app, choice.email) == (False, "never")

    page.get_by_role("link", name=re.compile(r"^Notifications")).first.click()
    page.get_by_role("link", name="Yann Le Gall mentioned you in a post").click()
    expect(page).to_have_url(re.compile(rf"/en/communaute/fil/{thread.pk}/#post-\d+$"))
