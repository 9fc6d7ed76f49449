"""The candidate's space: their own applications, where each stands, a new CV, withdrawing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ApplicationFactory, CandidateFactory, docx_upload, pdf_upload
from vivier.accounts.candidates import candidate_account
from vivier.hiring.models import Document, Message, Note, PipelineStage, StageChange, StageKind
from vivier.hiring.services import ApplicantDetails, move_application, submit_application

pytestmark = pytest.mark.django_db


def apply(offer, email="lou.exemple@example.test"):
    application, _created = submit_application(
        offer=offer,
        details=ApplicantDetails(first_name="Lou", last_name="Exemple", email=email),
        cv=pdf_upload("lou.pdf"),
    )
    return application


@pytest.fixture
def lou(employer):
    return candidate_account(email="lou.exemple@example.test")


@pytest.fixture
def signed_in(client, lou):
    client.force_login(lou)
    return client


def test_the_space_lists_only_the_candidates_own_applications(
    signed_in, offer, django_assert_max_num_queries
):
    mine = apply(offer)
    other_offer = ApplicationFactory(candidate=mine.candidate)
    someone_else = ApplicationFactory(candidate=CandidateFactory(email="sam@example.test"))
    with django_assert_max_num_queries(12):
        page = signed_in.get(reverse("space:home"))
    html = page.content.decode()
    assert page.status_code == 200
    assert mine.offer.title in html
    assert "Candidature reçue" in html  # the candidate's step, in French by default
    assert other_offer.offer.title in html
    assert someone_else.offer.title not in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_the_list_costs_the_same_queries_for_one_application_or_five(signed_in, employer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    candidate = CandidateFactory(email="lou.exemple@example.test")
    ApplicationFactory(candidate=candidate)
    with CaptureQueriesContext(connection) as one:
        signed_in.get(reverse("space:home"))
    for _i in range(4):
        ApplicationFactory(candidate=candidate)
    with CaptureQueriesContext(connection) as five:
        page = signed_in.get(reverse("space:home"))
    assert page.content.decode().count("/espace-candidat/candidatures/") == 5
    assert len(five) == len(one)


def test_an_application_shows_where_it_stands_in_the_candidates_words_only(signed_in, offer, bob):
    application = apply(offer)
    stage = PipelineStage.for_offer(offer, StageKind.SCREENING)
    stage.name = "Tri express — profil moyen"  # the team's own wording, not for the candidate
    stage.save()
    move_application(application=application, stage=stage, by=bob)
    Note.objects.create(application=application, author=bob, body="Secret: trop cher")
    html = signed_in.get(reverse("space:application", kwargs={"pk": application.pk})).content
    html = html.decode()
    assert "En cours d’examen" in html or "In review" in html
    assert "Tri express" not in html
    assert "Secret: trop cher" not in html


def test_the_thread_shows_the_emails_sent_to_the_candidate(
    signed_in, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(offer)
    confirmation = Message.objects.get(application=application)
    assert confirmation.sent_at is not None
    html = signed_in.get(reverse("space:application", kwargs={"pk": application.pk})).content
    assert confirmation.subject in html.decode()


def test_a_new_cv_is_added_and_the_old_one_kept(signed_in, offer):
    application = apply(offer)
    url = reverse("space:new_cv", kwargs={"pk": application.pk})
    response = signed_in.post(url, {"cv": docx_upload("nouveau.docx")})
    assert response.status_code == 302
    documents = list(application.documents.all())
    assert [d.original_name for d in documents] == ["nouveau.docx", "lou.pdf"]
    assert application.current_cv.original_name == "nouveau.docx"
    assert Note.objects.filter(application=application, body__contains="nouveau.docx").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 not a pdf"), "PDF"),
        (SimpleUploadedFile("cv.pdf", b""), ""),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_lost(signed_in, offer, upload, message):
    application = apply(offer)
    before = list(Document.objects.values_list("pk", "file"))
    response = signed_in.post(
        reverse("space:new_cv", kwargs={"pk": application.pk}), {"cv": upload}
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    if message:
        assert message in response.content.decode()
    assert list(Document.objects.values_list("pk", "file")) == before
    assert application.current_cv.original_name == "lou.pdf"
    with application.current_cv.file.open("rb") as kept:
        assert kept.read(5) == b"%PDF-"


def test_a_cv_over_the_size_limit_is_refused(signed_in, offer, settings):
    application = apply(offer)
    settings.CV_MAX_BYTES = 100
    response = signed_in.post(
        reverse("space:new_cv", kwargs={"pk": application.pk}), {"cv": pdf_upload("big.pdf")}
    )
    assert response.status_code == 400
    assert application.documents.count() == 1


def test_withdrawing_asks_for_a_confirmation_then_moves_to_withdrawn(signed_in, offer, lou):
    application = apply(offer)
    url = reverse("space:withdraw", kwargs={"pk": application.pk})
    assert signed_in.get(url).status_code == 200
    refused = signed_in.post(url, {})
    assert refused.status_code == 200
    application.refresh_from_db()
    assert application.stage.kind == StageKind.NEW  # not without the confirmation

    response = signed_in.post(url, {"confirm": "on"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage.kind == StageKind.WITHDRAWN
    change = StageChange.objects.filter(application=application).order_by("-pk").first()
    assert change.to_stage.kind == StageKind.WITHDRAWN and change.by == lou
    # Closed: no second withdrawal, no new CV.
    signed_in.post(url, {"confirm": "on"})
    assert StageChange.objects.filter(application=application).count() == 2
    signed_in.post(reverse("space:new_cv", kwargs={"pk": application.pk}), {"cv": pdf_upload()})
    assert application.documents.count() == 1


def test_the_privacy_page_offers_the_rights_requests_with_the_address_typed(signed_in, lou):
    html = signed_in.get(reverse("space:privacy")).content.decode()
    assert f'action="{reverse("privacy:notice")}"' in html
    assert 'value="lou.exemple@example.test"' in html


def test_the_privacy_request_goes_through_the_privacy_app(
    signed_in, lou, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import human_fields
    from vivier.privacy.models import RightsRequest

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("privacy:notice"),
            {"email": "lou.exemple@example.test", "kind": "access", **human_fields()},
        )
    assert response.status_code == 200
    assert RightsRequest.objects.get().email == "lou.exemple@example.test"
    assert mail.outbox and mail.outbox[-1].to == ["lou.exemple@example.test"]


def test_a_signed_in_candidate_does_not_see_a_staff_page(signed_in, offer):
    assert signed_in.get(reverse("hiring:dashboard")).status_code == 404


def test_erasing_the_person_erases_their_candidate_account(signed_in, offer, lou, alice):
    from allauth.account.models import EmailAddress

    from vivier.accounts.models import SignInLink, User
    from vivier.privacy.rights import collect, erase_person

    apply(offer)
    exported = collect("lou.exemple@example.test")
    assert "lou.exemple@example.test" in str(exported)
    erase_person(email="lou.exemple@example.test", by=alice)
    assert not User.objects.filter(email="lou.exemple@example.test").exists()
    assert not EmailAddress.objects.filter(email="lou.exemple@example.test").exists()
    assert not SignInLink.objects.filter(email="lou.exemple@example.test").exists()
    assert signed_in.get(reverse("space:home")).status_code == 302  # signed out: account gone


def test_an_idle_account_with_no_application_left_is_purged(employer, offer, settings):
    import datetime as dt

    import time_machine

    from vivier.accounts.candidates import purge_idle_candidate_accounts
    from vivier.accounts.models import User
    from vivier.privacy.personal_data import anonymise_candidate

    settings.RETENTION_UNSUCCESSFUL_DAYS = 90
    kept = apply(offer, email="kept@example.test")
    gone = apply(offer, email="gone@example.test")
    candidate_account(email="kept@example.test")
    candidate_account(email="gone@example.test")
    candidate_account(email="never-applied@example.test")
    anonymise_candidate(gone.candidate)
    assert purge_idle_candidate_accounts() == 0  # recent: kept for now
    with time_machine.travel(dt.timedelta(days=91)):
        assert purge_idle_candidate_accounts() == 2
    candidates = User.objects.filter(role="candidate").values_list("email", flat=True)
    assert list(candidates) == ["kept@example.test"]
    assert kept.candidate.email == "kept@example.test"


def test_a_purged_account_leaves_no_words_in_the_hubs(employer, settings):
    import datetime as dt

    import time_machine

    from vivier.accounts.candidates import purge_idle_candidate_accounts
    from vivier.community.hubs import discussions
    from vivier.community.hubs import services as hubs
    from vivier.community.hubs.models import Hub, Membership, Post

    settings.RETENTION_UNSUCCESSFUL_DAYS = 90
    user = candidate_account(email="membre@example.test")
    hub = Hub.objects.create(name="Public", slug="public", kind=Hub.Kind.PUBLIC)
    hubs.join_hub(hub=hub, user=user)
    thread = discussions.start_thread(
        hub=hub, author=user, title="Mon parcours", body="Mes mots à moi"
    )
    with time_machine.travel(dt.timedelta(days=91)):
        assert purge_idle_candidate_accounts() == 1
    (post,) = Post.objects.filter(thread=thread)
    assert (post.author_id, post.body) == (None, "")
    thread.refresh_from_db()
    assert (thread.author_id, thread.title) == (None, "")
    assert not Membership.objects.filter(hub=hub).exists()


def test_the_candidate_downloads_their_own_cv_and_no_one_elses(signed_in, offer):
    application = apply(offer)
    document = application.current_cv
    url = reverse("space:document", kwargs={"pk": application.pk, "document_id": document.pk})
    assert (
        url
        in signed_in.get(
            reverse("space:application", kwargs={"pk": application.pk})
        ).content.decode()
    )
    response = signed_in.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    theirs = apply(offer, email="sam@example.test").current_cv
    # Another's document, under her own application's number or under theirs: 404.
    for pk in (application.pk, theirs.application_id):
        wrong = reverse("space:document", kwargs={"pk": pk, "document_id": theirs.pk})
        assert signed_in.get(wrong).status_code == 404
