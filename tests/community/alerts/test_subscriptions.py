"""Saving a job alert: double opt-in, the subscriber's page, unsubscribing, privacy."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.community.alerts.conftest import link_in
from tests.factories import DepartmentFactory, human_fields
from vivier.community.alerts import services
from vivier.community.alerts.models import Alert, Subscriber
from vivier.privacy.models import ConsentPurpose, ConsentRecord
from vivier.privacy.rights import build_export, erase_person

pytestmark = pytest.mark.django_db


def test_a_saved_alert_waits_for_the_link_which_works_once(client, employer, save_alert):
    response = save_alert(keywords="Infirmière", contract_type="cdi")
    assert response.status_code == 200
    assert "lou@example.test" in response.content.decode()
    alert = Alert.objects.get()
    assert alert.confirmed_at is None and alert.subscriber.confirmed_at is None
    (message,) = mail.outbox
    assert message.to == ["lou@example.test"]
    assert "Infirmière" in message.body
    assert "/donnees-personnelles/" in message.body or "privacy" in message.body.lower()
    link = link_in(message.body, "/alertes/confirmer/")

    assert client.get(link).status_code == 200  # a mail scanner following it confirms nothing
    alert.refresh_from_db()
    assert alert.confirmed_at is None

    response = client.post(link)
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.confirmed_at is not None and alert.subscriber.confirmed_at is not None
    assert response["Location"] == reverse(
        "alerts:manage", kwargs={"token": alert.subscriber.token}
    )

    again = client.post(link)
    assert again.status_code == 410  # used: it works once
    assert client.get(link).status_code == 410


def test_an_expired_link_confirms_nothing(client, employer, save_alert):
    save_alert()
    link = link_in(mail.outbox[0].body, "/alertes/confirmer/")
    long_ago = timezone.now() - dt.timedelta(days=services.CONFIRMATION_DAYS, hours=1)
    Alert.objects.update(created_at=long_ago, confirmation_sent_at=long_ago)
    response = client.post(link)
    assert response.status_code == 410
    assert "7" in response.content.decode()  # says how long a link works
    assert Alert.objects.get().confirmed_at is None
    assert not ConsentRecord.objects.exists()


def test_a_forged_link_is_refused(client, employer):
    assert client.post(reverse("alerts:confirm", kwargs={"token": "forged"})).status_code == 410


def test_the_consent_is_recorded_with_its_text_when_confirmed_and_its_withdrawal(
    client, employer, confirmed_alert
):
    alert = confirmed_alert()
    (record,) = ConsentRecord.objects.all()
    assert record.email == "lou@example.test" and record.purpose == ConsentPurpose.JOB_ALERTS
    assert record.is_given and "unsubscribe" in record.text.lower() or "désinscrire" in record.text
    assert record.text_version
    token = services.unsubscribe_token(alert.subscriber)
    client.post(reverse("alerts:unsubscribe", kwargs={"token": token}))
    latest = ConsentRecord.objects.order_by("-pk").first()
    assert latest.is_given is False and latest.purpose == ConsentPurpose.JOB_ALERTS


def test_asking_again_sends_the_link_again_and_does_not_duplicate(client, employer, save_alert):
    save_alert(keywords="data")
    save_alert(keywords="DATA")
    assert Alert.objects.count() == 1
    assert len(mail.outbox) == 2
    first = link_in(mail.outbox[0].body, "/alertes/confirmer/")
    second = link_in(mail.outbox[1].body, "/alertes/confirmer/")
    assert client.post(first).status_code == 410  # replaced by the second
    assert client.post(second).status_code == 302


def test_someone_else_cannot_change_a_confirmed_subscription(client, employer, confirmed_alert,
                                                             save_alert):  # fmt: skip
    alert = confirmed_alert(keywords="data")
    Subscriber.objects.update(frequency="weekly")
    save_alert(keywords="data", frequency="daily")
    alert.refresh_from_db()
    assert alert.subscriber.frequency == "weekly"
    assert Alert.objects.count() == 1 and not mail.outbox  # already confirmed: nothing to do


def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(client, employer, save_alert):
    response = save_alert(email="not-an-address", keywords="data", consent="")
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors and "consent" in form.errors
    assert form["keywords"].value() == "data"
    assert not Alert.objects.exists() and not mail.outbox


def test_a_robot_is_refused(client, employer):
    data = {"email": "robot@example.test", "frequency": "daily", "consent": "on"}
    response = client.post(reverse("alerts:subscribe"), {**data, "leave_empty": "x"})
    assert response.context["form"].non_field_errors()
    response = client.post(reverse("alerts:subscribe"), data)  # no ticket
    assert response.context["form"].non_field_errors()
    assert not Alert.objects.exists() and not mail.outbox


def test_one_address_cannot_be_flooded_with_confirmation_links(client, employer, settings,
                                                               save_alert):  # fmt: skip
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "alerts-email": "2/h"}
    assert save_alert(email="target@example.test", keywords="a").status_code == 200
    assert save_alert(email="Target@example.test", keywords="b").status_code == 200
    response = save_alert(email="target@example.test", keywords="c")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response.context["form"]["keywords"].value() == "c"  # nothing lost
    assert len(mail.outbox) == 2


def test_one_connection_is_limited(client, employer, settings, save_alert):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "alerts-address": "2/h"}
    statuses = [save_alert(email=f"p{n}@example.test").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_the_careers_search_carries_its_criteria_to_the_alert_form(client, employer):
    department = DepartmentFactory()
    url = reverse("alerts:subscribe") + f"?q=data&contract=cdd&department={department.pk}"
    form = client.get(url).context["form"]
    assert form["keywords"].value() == "data"
    assert form["contract_type"].value() == "cdd"
    assert form["department"].value() == str(department.pk)
    results = client.get(reverse("careers:offers") + "?q=data").content.decode()
    assert reverse("alerts:subscribe") + "?q=data" in results


def test_too_many_alerts_for_one_address_are_refused_with_a_reason(employer, save_alert,
                                                                   settings):  # fmt: skip
    rates = {"alerts-address": "100/h", "alerts-email": "100/h"}
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, **rates}
    for number in range(10):
        assert save_alert(keywords=f"word{number}").status_code == 200
    response = save_alert(keywords="one-more")
    assert response.context["form"].non_field_errors()
    assert Alert.objects.count() == 10


def test_the_subscriber_page_changes_frequency_removes_alerts_and_links_feeds(
    client, employer, confirmed_alert
):
    first = confirmed_alert(keywords="data")
    confirmed_alert(keywords="nurse")
    subscriber = first.subscriber
    url = reverse("alerts:manage", kwargs={"token": subscriber.token})
    page = client.get(url).content.decode()
    assert reverse("alerts:feed", kwargs={"token": first.feed_token}) in page
    client.post(url, {"frequency": "weekly"})
    subscriber.refresh_from_db()
    assert subscriber.frequency == "weekly"
    client.post(url, {"delete_alert": first.pk})
    assert list(subscriber.alerts.values_list("keywords", flat=True)) == ["nurse"]
    assert client.get(reverse("alerts:manage", kwargs={"token": "wrong"})).status_code == 404


def test_one_click_unsubscribe_needs_no_csrf_token_and_deletes_everything(
    employer, confirmed_alert
):
    alert = confirmed_alert()
    url = reverse(
        "alerts:unsubscribe", kwargs={"token": services.unsubscribe_token(alert.subscriber)}
    )
    mail_client = Client(enforce_csrf_checks=True)  # as a mail program posts it (RFC 8058)
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not Alert.objects.exists()
    assert mail_client.post(url).status_code == 200  # twice: still done, no error


def test_the_unsubscribe_page_asks_before_doing_it(client, employer, confirmed_alert):
    alert = confirmed_alert()
    url = reverse(
        "alerts:unsubscribe", kwargs={"token": services.unsubscribe_token(alert.subscriber)}
    )
    response = client.get(url)
    assert response.status_code == 200 and "lou@example.test" in response.content.decode()
    assert Subscriber.objects.exists()  # a GET changes nothing
    client.post(url)
    assert not Subscriber.objects.exists()
    assert client.get(reverse("alerts:unsubscribe", kwargs={"token": "forged"})).status_code == 404


def test_alerts_are_in_the_privacy_export_and_go_with_an_erasure(employer, confirmed_alert):
    confirmed_alert(keywords="data")
    export = zipfile.ZipFile(io.BytesIO(build_export("lou@example.test", "fr")))
    data = json.loads(export.read("data.json"))
    text = json.dumps(data, ensure_ascii=False)
    assert "alerts.subscriber" in text or "abonn" in text.lower()
    assert '"data"' in text  # the alert's keywords
    erase_person(email="lou@example.test", by=None)
    assert not Subscriber.objects.exists() and not Alert.objects.exists()


def test_unconfirmed_alerts_are_deleted_after_thirty_days(employer, save_alert, confirmed_alert):
    confirmed_alert(email="kept@example.test")
    save_alert(email="never@example.test")
    old = timezone.now() - dt.timedelta(days=31)
    Alert.objects.filter(subscriber__email="never@example.test").update(created_at=old)
    Subscriber.objects.filter(email="never@example.test").update(created_at=old)
    Alert.objects.filter(subscriber__email="kept@example.test").update(created_at=old)
    from vivier.privacy import retention

    retention.run()  # privacy's nightly run applies the alerts' rules
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["kept@example.test"]
    assert Alert.objects.count() == 1


def test_the_form_fields_are_translated(client, employer):
    page = client.get(reverse("alerts:subscribe")).content.decode()
    assert "Alertes" in page or "alerte" in page
    english = client.get("/en" + reverse("alerts:subscribe")).content.decode()
    assert "Job alerts" in english
    assert human_fields()  # the form carries the anti-bot fields
    assert 'name="ticket"' in page
