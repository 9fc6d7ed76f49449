"""Mentions in notes, notifications, review requests and each person's task list."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory, pdf_upload
from vivier.accounts.models import Role
from vivier.hiring.collaboration import (
    ReviewRefused,
    give_verdicts,
    request_review,
    resolve_mentions,
    task_count,
)
from vivier.hiring.models import PipelineStage, ReviewRequest
from vivier.hiring.notification_verbs import MENTION, REVIEW_GIVEN, REVIEW_REQUESTED
from vivier.hiring.services import ApplicantDetails, add_note, submit_application
from vivier.notifications.models import Notification

pytestmark = pytest.mark.django_db


def apply(offer, first_name="Lou"):
    details = ApplicantDetails(
        first_name=first_name, last_name="Test", email=f"{first_name.lower()}@example.test"
    )
    return submit_application(offer=offer, details=details, cv=pdf_upload())[0]


@pytest.fixture
def application(offer):
    return apply(offer)


@pytest.fixture
def named(hana, hugo):
    hana.first_name, hana.last_name = "Hélène", "Durand"
    hana.save()
    hugo.first_name, hugo.last_name = "Hugo", "Martin"
    hugo.save()


# --- Mentions ---------------------------------------------------------------------------------


def test_a_mention_notifies_the_colleague_in_the_list_and_by_e_mail(
    bob, hana, application, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note = add_note(application=application, body="@hana tu peux regarder ?", by=bob)
    notification = Notification.objects.get()
    assert (notification.recipient, notification.actor) == (hana, bob)
    assert notification.verb == MENTION
    assert notification.target == application
    assert notification.target_url.endswith(f"/app/applications/{application.pk}/#note-{note.pk}")
    assert [m.to for m in mail.outbox] == [["hana@example.test"]]
    assert notification.target_url in mail.outbox[0].body
    assert application.offer.title in mail.outbox[0].subject
    # The candidate's name and address stay in Vivier (the colleagues' generated names may
    # contain "Lou": the whole name is looked for).
    sent = mail.outbox[0].body + mail.outbox[0].subject
    assert "Lou Test" not in sent and "lou@example.test" not in sent
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_mention_resolves_by_name_without_accents_or_by_first_and_last_name(
    bob, hana, application, named
):
    assert resolve_mentions(application, "Vu avec @helene.") == [hana]
    assert resolve_mentions(application, "cc @Helene.Durand") == [hana]
    assert resolve_mentions(application, "cc @hélènedurand") == [hana]


def test_unknown_handles_and_people_not_allowed_to_see_the_application_get_nothing(
    bob, hana, hugo, carla, application, named
):
    # hugo manages no offer, carla is an employee: neither may open the application.
    for body in ["@hugo", "@Hugo.Martin", "@carla", "@personne", "écrire à lou@example.test"]:
        assert resolve_mentions(application, body) == [], body
    add_note(application=application, body="@hugo @carla @personne", by=bob)
    assert not Notification.objects.exists()


def test_a_shared_first_name_notifies_nobody_and_the_author_is_not_notified(
    bob, hana, alice, application, named
):
    alice.first_name = "Hélène"
    alice.save()
    assert resolve_mentions(application, "@helene") == []
    add_note(application=application, body="@bob note pour moi-même", by=bob)
    assert not Notification.objects.exists()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, bob, hana, application):
    add_note(application=application, body="@hana", by=bob)
    notification = Notification.objects.get()
    url = reverse("notifications:staff_open", kwargs={"pk": notification.pk})
    client.force_login(bob)
    assert client.get(url).status_code == 404  # hana's, not bob's
    client.force_login(hana)
    response = client.get(url)
    assert response["Location"] == notification.target_url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_the_note_form_on_the_application_page_notifies(client, bob, hana, application):
    client.force_login(bob)
    client.post(reverse("hiring:note", kwargs={"pk": application.pk}), {"body": "Avis @hana ?"})
    assert Notification.objects.filter(recipient=hana).count() == 1


# --- Review requests --------------------------------------------------------------------------


def test_a_recruiter_asks_a_hiring_manager_to_review_profiles_from_the_board(
    client, bob, hana, hugo, offer, django_capture_on_commit_callbacks
):
    first, second = apply(offer, "Lou"), apply(offer, "Sam")
    client.force_login(bob)
    url = reverse("hiring:bulk", kwargs={"pk": offer.pk})
    chosen = {"action": "review", "applications": [first.pk, second.pk]}
    form = client.post(url, chosen)
    assert list(form.context["form"].fields["reviewer"].queryset) == [hana]
    refused = client.post(url, chosen | {"confirm": "1", "reviewer": hugo.pk})
    assert refused.status_code == 200 and "reviewer" in refused.context["form"].errors
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            chosen | {"confirm": "1", "reviewer": hana.pk, "message": "Vos avis ?", "due_on": due},
        )
    assert done.status_code == 302
    review = ReviewRequest.objects.get()
    assert (review.reviewer, review.requested_by, review.message) == (hana, bob, "Vos avis ?")
    assert sorted(review.items.values_list("application_id", flat=True)) == [first.pk, second.pk]
    assert Notification.objects.get().verb == REVIEW_REQUESTED
    assert [m.to for m in mail.outbox] == [["hana@example.test"]]


def test_the_reviewer_gives_verdicts_and_the_requester_is_told_once_all_are_given(
    client, bob, hana, hugo, offer
):
    first, second = apply(offer, "Lou"), apply(offer, "Sam")
    review = request_review(
        by=bob, offer=offer, application_ids=[first.pk, second.pk], reviewer=hana
    )
    items = {item.application_id: item for item in review.items.all()}
    url = reverse("hiring:review", kwargs={"pk": review.pk})
    for outsider in (hugo, bob):
        client.force_login(outsider)
        response = client.post(url, {f"verdict-{items[first.pk].pk}": "yes"})
        assert response.status_code == 404
    client.force_login(hana)
    page = client.get(url).content.decode()
    assert "Lou Test" in page and "Sam Test" in page
    bad = client.post(url, {f"verdict-{items[first.pk].pk}": "perhaps"})
    assert bad.status_code == 400
    client.post(
        url, {f"verdict-{items[first.pk].pk}": "yes", f"comment-{items[first.pk].pk}": "Top"}
    )
    review.refresh_from_db()
    assert review.completed_at is None
    assert not Notification.objects.filter(recipient=bob).exists()
    client.post(url, {f"verdict-{items[second.pk].pk}": "no"})
    review.refresh_from_db()
    assert review.completed_at is not None
    told = Notification.objects.get(recipient=bob)
    assert (told.verb, told.actor) == (REVIEW_GIVEN, hana)
    assert [(i.verdict, i.comment) for i in review.items.order_by("application_id")] == [
        ("yes", "Top"), ("no", ""),
    ]  # fmt: skip
    # The verdict shows on the application page.
    client.force_login(bob)
    detail = client.get(reverse("hiring:application", kwargs={"pk": first.pk}))
    assert [item.comment for item in detail.context["review_items"]] == ["Top"]


def test_a_review_is_asked_only_of_the_offers_hiring_managers_by_a_recruiter(
    bob, hana, hugo, offer
):
    application = apply(offer)
    with pytest.raises(ReviewRefused):
        request_review(by=bob, offer=offer, application_ids=[application.pk], reviewer=hugo)
    with pytest.raises(ReviewRefused):
        request_review(by=hana, offer=offer, application_ids=[application.pk], reviewer=hana)
    with pytest.raises(ReviewRefused):
        request_review(by=bob, offer=offer, application_ids=[], reviewer=hana)
    review = request_review(by=bob, offer=offer, application_ids=[application.pk], reviewer=hana)
    with pytest.raises(ReviewRefused):
        give_verdicts(review=review, by=bob, answers={})


# --- My tasks ---------------------------------------------------------------------------------


def test_my_tasks_lists_reviews_to_give_candidates_waiting_too_long_and_unread_mentions(
    client, alice, bob, hana, offer
):
    waiting = apply(offer, "Lou")
    fresh = apply(offer, "Sam")
    review = request_review(by=bob, offer=offer, application_ids=[fresh.pk], reviewer=hana)
    add_note(application=fresh, body="@hana à voir", by=bob)
    limit = PipelineStage.for_kind("new").time_limit_days
    with time_machine.travel(timezone.now() + dt.timedelta(days=limit + 1)):
        type(fresh).objects.filter(pk=fresh.pk).update(stage_changed_at=timezone.now())
        client.force_login(hana)
        response = client.get(reverse("hiring:tasks"))
        assert [r.pk for r in response.context["reviews"]] == [review.pk]
        assert [a.pk for a in response.context["waiting"]] == [waiting.pk]
        assert len(response.context["mentions"]) == 1
        assert task_count(hana) == 3
        badge = client.get(reverse("hiring:task_badge")).content.decode()
        assert ">3<" in badge
        # The recruiter of the offer sees the waiting candidate; an administrator not on it,
        # nothing.
        assert task_count(bob) == 1
        assert task_count(alice) == 0
        # Reading the mention and answering the review empty the list.
        mention = Notification.objects.get(verb=MENTION)
        client.get(reverse("notifications:staff_open", kwargs={"pk": mention.pk}))
        item = review.items.get()
        client.post(
            reverse("hiring:review", kwargs={"pk": review.pk}), {f"verdict-{item.pk}": "maybe"}
        )
        assert task_count(hana) == 1  # the candidate still waiting


def test_the_navigation_links_my_tasks_with_a_badge_loaded_after_the_page(client, hana, offer):
    client.force_login(hana)
    page = client.get(reverse("hiring:dashboard")).content.decode()
    assert f'href="{reverse("hiring:tasks")}"' in page
    assert f'hx-get="{reverse("hiring:task_badge")}"' in page
    assert client.get(reverse("hiring:task_badge")).content.decode().strip() == ""


def test_a_hiring_manager_removed_from_the_offer_loses_its_review_and_mentions(
    client, bob, hana, offer
):
    application = apply(offer)
    review = request_review(by=bob, offer=offer, application_ids=[application.pk], reviewer=hana)
    add_note(application=application, body="@hana", by=bob)
    offer.hiring_managers.remove(hana)
    client.force_login(hana)
    assert client.get(reverse("hiring:review", kwargs={"pk": review.pk})).status_code == 404
    assert task_count(hana) == 0


def test_a_user_with_a_role_outside_the_team_has_no_tasks(client, carla):
    client.force_login(carla)
    assert client.get(reverse("hiring:tasks")).status_code == 404
    other = UserFactory(role=Role.CANDIDATE)
    client.force_login(other)
    assert client.get(reverse("hiring:task_badge")).status_code == 404
