"""Bulk actions on the board: move, reject, e-mail, each application checked like one by one."""

import pytest
from django.urls import reverse

from tests.factories import JobOfferFactory, pdf_upload
from vivier.api.models import WebhookDelivery, WebhookEndpoint
from vivier.hiring.models import (
    Message,
    PipelineStage,
    PipelineTemplate,
    StageChange,
    StageKind,
)
from vivier.hiring.services import ApplicantDetails, submit_application

pytestmark = pytest.mark.django_db


def apply(offer, first_name, language="fr"):
    details = ApplicantDetails(
        first_name=first_name, last_name="Test", email=f"{first_name.lower()}@example.test",
        language=language,
    )  # fmt: skip
    return submit_application(offer=offer, details=details, cv=pdf_upload())[0]


@pytest.fixture
def trio(offer):
    return [apply(offer, "Lou"), apply(offer, "Sam", language="en"), apply(offer, "Noa")]


def bulk_url(offer):
    return reverse("hiring:bulk", kwargs={"pk": offer.pk})


def stage(kind):
    return PipelineStage.for_kind(kind)


def test_moving_several_with_htmx_records_each_change_and_returns_the_board(
    client, bob, offer, trio, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(
        owner=bob, url="http://127.0.0.1:9/hook", secret="s",
        events=["application.stage_changed"],
    )  # fmt: skip
    client.force_login(bob)
    chosen = [trio[0].pk, trio[2].pk]
    response = client.post(
        bulk_url(offer),
        {"action": "move", "stage": stage("interview").pk, "applications": chosen},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "2 candidatures" in page or "2 applications" in page
    moved = StageChange.objects.filter(to_stage=stage("interview"), by=bob)
    assert sorted(moved.values_list("application_id", flat=True)) == sorted(chosen)
    trio[1].refresh_from_db()
    assert trio[1].stage.kind == "new"  # not selected, not moved
    assert WebhookDelivery.objects.filter(event="application.stage_changed").count() == 2


def test_bulk_actions_work_without_javascript(client, bob, offer, trio):
    client.force_login(bob)
    response = client.post(
        bulk_url(offer),
        {"action": "move", "stage": stage("screening").pk, "applications": [trio[0].pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("hiring:board", kwargs={"pk": offer.pk})
    trio[0].refresh_from_db()
    assert trio[0].stage.kind == "screening"


def test_the_board_has_a_checkbox_per_card_tied_to_the_bulk_form(client, bob, offer, trio):
    client.force_login(bob)
    page = client.get(reverse("hiring:board", kwargs={"pk": offer.pk})).content.decode()
    assert page.count('name="applications"') == 3
    assert f'value="{trio[1].pk}" form="bulk-form"' in page
    assert 'id="bulk-form"' in page


def test_nothing_selected_or_no_stage_changes_nothing(client, bob, offer, trio):
    client.force_login(bob)
    before = StageChange.objects.count()
    response = client.post(bulk_url(offer), {"action": "move", "stage": stage("interview").pk})
    assert response.status_code == 302
    response = client.post(bulk_url(offer), {"action": "move", "applications": [trio[0].pk]})
    assert response.status_code == 302
    assert StageChange.objects.count() == before


def test_a_stage_of_another_template_is_refused_for_all(client, bob, offer, trio):
    client.force_login(bob)
    other = PipelineTemplate.objects.get(name="Internship").stages.get(kind="screening")
    client.post(
        bulk_url(offer), {"action": "move", "stage": other.pk, "applications": [trio[0].pk]}
    )
    trio[0].refresh_from_db()
    assert trio[0].stage.kind == "new"


def test_a_hiring_manager_cannot_touch_an_offer_not_theirs(client, hana, hugo, offer, trio):
    elsewhere = JobOfferFactory(published=True)
    stranger = apply(elsewhere, "Eli")
    move = {"action": "move", "stage": stage("interview").pk}
    client.force_login(hugo)  # manages no offer
    assert client.post(bulk_url(offer), move | {"applications": [trio[0].pk]}).status_code == 404
    client.force_login(hana)
    assert (
        client.post(bulk_url(elsewhere), move | {"applications": [stranger.pk]}).status_code == 404
    )
    # An id from another offer slipped into her own offer's form is left alone.
    client.post(bulk_url(offer), move | {"applications": [stranger.pk, trio[0].pk]})
    stranger.refresh_from_db()
    trio[0].refresh_from_db()
    assert (stranger.stage.kind, trio[0].stage.kind) == ("new", "interview")


def test_a_hiring_manager_bulk_moves_on_their_own_offer(client, hana, offer, trio):
    client.force_login(hana)
    client.post(
        bulk_url(offer),
        {"action": "move", "stage": stage("screening").pk, "applications": [a.pk for a in trio]},
    )
    assert StageChange.objects.filter(by=hana, to_stage=stage("screening")).count() == 3


def test_bulk_rejection_asks_first_then_sends_each_the_template_in_their_language(
    client, bob, offer, trio, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    chosen = {"action": "reject", "applications": [trio[0].pk, trio[1].pk]}
    form = client.post(bulk_url(offer), chosen)
    assert form.status_code == 200
    assert "Lou Test" in form.content.decode() and "Noa Test" not in form.content.decode()
    trio[0].refresh_from_db()
    assert trio[0].stage.kind == "new"  # nothing done before confirming
    before = Message.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            bulk_url(offer),
            chosen
            | {"confirm": "1", "reason": "filled", "send_email": "on", "subject": "", "body": ""},
        )
    assert done.status_code == 302
    for application in trio[:2]:
        application.refresh_from_db()
        assert (application.stage.kind, application.rejection_reason) == ("rejected", "filled")
    assert Message.objects.count() == before + 2
    english = trio[1].messages.first()
    assert "we will not take your application further" in english.body
    assert "Hello Sam" in english.body
    assert "Bonjour Lou" in trio[0].messages.first().body
    trio[2].refresh_from_db()
    assert trio[2].stage.kind == "new"


def test_bulk_rejection_with_a_text_fills_it_for_each_candidate(
    client, bob, offer, trio, django_capture_on_commit_callbacks
):
    client.force_login(bob)
    data = {
        "action": "move", "stage": stage(StageKind.REJECTED).pk, "confirm": "1",
        "applications": [trio[0].pk, trio[2].pk], "reason": "another", "send_email": "on",
        "subject": "{offer_title}", "body": "Bonjour {candidate_first_name}, merci.",
    }  # fmt: skip
    # "Move to Rejected" is a rejection: it goes through the rejection form.
    data["action"] = "reject"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url(offer), data)
    assert trio[0].messages.first().body == "Bonjour Lou, merci."
    assert trio[2].messages.first().body == "Bonjour Noa, merci."
    assert trio[0].messages.first().subject == offer.title


def test_moving_to_rejected_in_bulk_shows_the_rejection_form(client, bob, offer, trio):
    client.force_login(bob)
    response = client.post(
        bulk_url(offer),
        {"action": "move", "stage": stage(StageKind.REJECTED).pk, "applications": [trio[0].pk]},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'name="reason"' in page and 'value="reject"' in page
    trio[0].refresh_from_db()
    assert trio[0].stage.kind == "new"


def test_a_bulk_e_mail_goes_to_each_through_the_outbox(
    client, bob, offer, trio, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(bob)
    chosen = {"action": "email", "applications": [a.pk for a in trio], "confirm": "1"}
    empty = client.post(bulk_url(offer), chosen | {"subject": "", "body": "Bonjour"})
    assert empty.status_code == 200 and empty.context["form"].errors
    before = Message.objects.count()
    assert before == 3  # the confirmations
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            bulk_url(offer),
            chosen
            | {"subject": "Journée portes ouvertes", "body": "Bonjour {candidate_first_name}"},
        )
    assert response.status_code == 302
    sent = Message.objects.filter(subject="Journée portes ouvertes", sent_by=bob)
    assert sorted(sent.values_list("body", flat=True)) == [
        "Bonjour Lou", "Bonjour Noa", "Bonjour Sam",
    ]  # fmt: skip
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lou@example.test", "noa@example.test", "sam@example.test",
    ]  # fmt: skip


def test_only_recruiters_ask_for_reviews(client, hana, offer, trio):
    from vivier.hiring.models import ReviewRequest

    client.force_login(hana)
    board = client.get(reverse("hiring:board", kwargs={"pk": offer.pk})).content.decode()
    assert 'value="review"' not in board
    client.post(
        bulk_url(offer),
        {"action": "review", "applications": [trio[0].pk], "confirm": "1", "reviewer": hana.pk},
    )
    assert not ReviewRequest.objects.exists()
