"""A member's hub data in privacy's export and erasure: everything listed, posts anonymised (their
text erased unless the hub's rules keep it), the rest deleted."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import UserFactory
from tests.privacy.test_rights import text_columns
from vivier.accounts.models import Role, User
from vivier.community.hubs import discussions, moderation, offers, services
from vivier.community.hubs.models import (
    HubInvitation,
    JoinRequest,
    MemberOffer,
    Membership,
    ModerationAction,
    Post,
    PostReport,
    Reaction,
    Thread,
    ThreadState,
)
from vivier.notifications.models import Notification
from vivier.privacy.models import AuditAction, AuditEntry
from vivier.privacy.rights import build_export, collect, erase_person

pytestmark = pytest.mark.django_db

EMAIL = "morgane.kerbrat@example.test"
# Words only the member wrote or is called: none may stay anywhere once they are erased.
NEEDLES = ["Kerbrat", "morgane.kerbrat", "Pointe du Raz"]


@pytest.fixture
def morgane(db):
    return UserFactory(email=EMAIL, role=Role.ALUMNUS, first_name="Morgane", last_name="Kerbrat")


@pytest.fixture
def life(morgane, hubs, bob, cyril, school, employer):
    """Morgane's life in the hubs: a thread and a reply, a reaction, a follow, a join request,
    an invitation, reports, members' offers, a ban, a partner organisation."""
    public, private = hubs["public"], hubs["private"]
    private.accepts_join_requests = True
    private.save()
    own = discussions.start_thread(
        hub=public, author=morgane, title="Randonnée à la Pointe du Raz",
        body="Je propose une sortie, signé Morgane Kerbrat.",
    )  # fmt: skip
    others = discussions.start_thread(hub=public, author=cyril, title="Stages", body="Qui ?")
    discussions.set_following(thread=own, user=bob, following=True)  # told of the replies
    reply_to_own = discussions.reply(thread=own, author=cyril, body="Partant !")
    reply = discussions.reply(thread=others, author=morgane, body="Moi, vers la Pointe du Raz.")
    discussions.toggle_reaction(post=reply_to_own, user=morgane, kind="thanks")
    discussions.toggle_reaction(post=reply, user=cyril, kind="like")
    discussions.set_following(thread=others, user=morgane, following=True)
    discussions.mark_read(thread=others, user=morgane)
    services.request_to_join(hub=private, user=morgane, message="Ancienne de Brest.")
    invitation, _token = services.invite_to_hub(hub=hubs["alumni"], email=EMAIL, by=bob)
    services.accept_invitation(invitation=invitation, user=morgane)
    open_report = moderation.report_post(post=others.posts.first(), by=morgane, reason="Hors sujet")
    cyril_post = discussions.reply(thread=own, author=cyril, body="Autre chose")
    closed_report = moderation.report_post(post=cyril_post, by=morgane, reason="Doublon")
    moderation.dismiss_reports(post=cyril_post, by=bob)
    pending = offers.propose_offer(
        member_offer=MemberOffer(hub=public, title="Stage voile", city="Brest", description="x"),
        by=morgane,
    )
    approved = offers.propose_offer(
        member_offer=MemberOffer(hub=public, title="Monitrice", city="Quimper", description="y"),
        by=morgane,
    )
    approved = offers.approve_member_offer(member_offer=approved, by=bob, outcome="job_offer")
    moderation.hide_post(post=reply, by=bob, reason="Trop personnel")
    moderation.restore_post(post=reply, by=bob)
    moderation.ban_member(hub=hubs["internal"], user=morgane, by=bob, reason="Essai")
    school.members.add(morgane)
    return {
        "own": own, "others": others, "reply": reply, "reply_to_own": reply_to_own,
        "open_report": open_report, "closed_report": closed_report, "pending": pending,
        "approved": approved, "invitation": invitation,
    }  # fmt: skip


def test_a_members_hub_records_are_all_in_their_export(life, morgane, employer):
    tables = collect(EMAIL)["tables"]
    expected = {
        "accounts.user", "hubs.membership", "hubs.joinrequest", "hubs.hubinvitation",
        "hubs.thread", "hubs.post", "hubs.reaction", "hubs.threadstate", "hubs.postreport",
        "hubs.memberoffer", "hubs.moderationaction", "hubs.partnerorganisation",
    }  # fmt: skip
    assert expected <= set(tables), expected - set(tables)
    posts = {row["body"]["value"] for row in tables["hubs.post"]["rows"]}
    assert posts == {"Je propose une sortie, signé Morgane Kerbrat.", "Moi, vers la Pointe du Raz."}
    hubs_named = {row["hub"]["value"] for row in tables["hubs.membership"]["rows"]}
    assert hubs_named == {"Hub public", "Hub alumni", "Hub internal"}  # the private: a request
    (reaction,) = tables["hubs.reaction"]["rows"]
    assert reaction["kind"]["value"] == "thanks"  # hers, not the one she received
    assert {row["reason"]["value"] for row in tables["hubs.postreport"]["rows"]} == {
        "Hors sujet", "Doublon",
    }  # fmt: skip
    assert len(tables["hubs.memberoffer"]["rows"]) == 2
    assert tables["hubs.partnerorganisation"]["rows"][0]["name"]["value"] == "École des Dunes"
    # The rows show her data, not others' nor secrets.
    archive = zipfile.ZipFile(io.BytesIO(build_export(EMAIL, "fr")))
    exported = archive.read("data.json").decode()
    assert life["invitation"].token_hash not in exported
    assert "token_hash" not in exported and "password" not in exported
    assert "bob@example.test" not in exported  # who moderated or invited her
    html = archive.read("data.html").decode()
    assert "Randonnée à la Pointe du Raz" in html and "<h2>Messages</h2>" in html
    assert json.loads(exported)["tables"]["hubs.thread"]["label"] == "Fils"


def test_the_request_page_counts_what_hubs_hold_for_the_address(client, life, alice):
    from vivier.privacy.models import RightsRequest

    request = RightsRequest.objects.create(kind="erasure", email=EMAIL, email_hash="x")
    request.status = "open"
    request.save()
    client.force_login(alice)
    page = client.get(reverse("privacy:request", kwargs={"pk": request.pk})).content.decode()
    assert "Messages : 2" in page
    # Her account is kept: the administrator is told, with the way to it.
    assert "Ancien salarié" in page
    assert reverse("admin:accounts_user_change", args=[life["own"].author_id]) in page


def test_erasure_anonymises_her_posts_and_deletes_the_rest(life, morgane, bob, cyril):
    erase_person(email=EMAIL, by=bob)
    own, others = Thread.objects.get(pk=life["own"].pk), Thread.objects.get(pk=life["others"].pk)
    # Her posts keep their place, without author nor text; the thread she started, no title.
    for post in Post.objects.filter(pk__in=[own.posts.first().pk, life["reply"].pk]):
        assert post.author is None and post.body == "" and post.deleted_at is not None
    assert own.author is None and own.title == ""
    assert own.shown_title == "Une discussion lancée par un ancien membre"
    # What others wrote stays, and the thread still reads.
    assert Post.objects.get(pk=life["reply_to_own"].pk).body == "Partant !"
    assert others.title == "Stages" and others.author == cyril
    assert not Reaction.objects.filter(post=life["reply"]).exists()  # on words that are gone
    # Her traces go: memberships (a ban stays while the account does), follows, reactions...
    assert list(Membership.objects.filter(user=morgane).values_list("is_banned", flat=True)) == [
        True
    ]
    for model, lookup in [
        (ThreadState, "user"), (Reaction, "user"), (JoinRequest, "user"),
        (MemberOffer, "proposed_by"),
    ]:  # fmt: skip
        assert not model.objects.filter(**{lookup: morgane}).exists(), model
    assert not HubInvitation.objects.filter(email=EMAIL).exists()
    assert not morgane.partner_organisations.exists()
    assert not Post.mentions.through.objects.filter(user=morgane).exists()
    # Her open report stays in the queue, unsigned; the resolved one is gone.
    report = PostReport.objects.get(pk=life["open_report"].pk)
    assert report.reporter is None and report.resolved_at is None
    assert not PostReport.objects.filter(pk=life["closed_report"].pk).exists()
    # Her pending offer is gone; the approved one is the employer's offer, no longer hers.
    assert not MemberOffer.objects.filter(pk=life["pending"].pk).exists()
    approved = MemberOffer.objects.select_related("job_offer").get(pk=life["approved"].pk)
    assert approved.proposed_by is None
    assert "un ancien membre" in approved.job_offer.summary
    # The moderation audit keeps what moderators did, not who she was.
    assert ModerationAction.objects.filter(action="ban").exists()
    assert not ModerationAction.objects.filter(member=morgane).exists()
    # Others were told of her reply and of replies in her thread: told by "someone", about "—".
    told = Notification.objects.filter(recipient__in=[bob, cyril])
    assert told.filter(verb="hubs.reply").count() >= 2
    assert not told.filter(actor=morgane).exists()
    assert not Notification.objects.filter(recipient=morgane).exists()
    entry = AuditEntry.objects.get(action=AuditAction.ERASE, detail="RGPD art. 17: hubs")
    assert entry.person == f"user:{morgane.pk}" and entry.actor == bob
    # Nothing outside her account (which the administrators manage) names her any more.
    with connection.cursor() as cursor:
        for model, field in text_columns():
            if model is User or model._meta.label == "account.EmailAddress":
                continue
            for needle in NEEDLES:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{model._meta.db_table}" '
                    f'WHERE CAST("{field.column}" AS TEXT) LIKE %s',
                    [f"%{needle}%"],
                )
                assert cursor.fetchone()[0] == 0, (model._meta.db_table, field.column, needle)


def test_a_hub_whose_rules_keep_posts_keeps_their_text_without_the_name(
    client, public_hub, morgane, cyril
):
    public_hub.keeps_posts_after_erasure = True
    public_hub.save()
    thread = discussions.start_thread(
        hub=public_hub, author=morgane, title="Covoiturage", body="Départ de Quimper à 8 h."
    )
    erase_person(email=EMAIL, by=None)
    thread.refresh_from_db()
    post = thread.posts.get()
    assert (thread.title, post.body, post.author, post.deleted_at) == (
        "Covoiturage", "Départ de Quimper à 8 h.", None, None,
    )  # fmt: skip
    client.force_login(cyril)
    hub_page = client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug})).content.decode()
    assert "vos messages restent ici, sans votre nom" in hub_page
    page = client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).content.decode()
    assert "Départ de Quimper à 8 h." in page and "Un ancien membre" in page


def test_the_thread_page_says_the_text_was_erased(client, public_hub, morgane, cyril):
    thread = discussions.start_thread(
        hub=public_hub, author=cyril, title="Apéro", body="Vendredi ?"
    )
    discussions.reply(thread=thread, author=morgane, body="Je viens, Morgane")
    erase_person(email=EMAIL, by=None)
    client.force_login(cyril)
    hub_page = client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug})).content.decode()
    assert "perdent votre nom et leur texte" in hub_page
    page = client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).content.decode()
    assert "Je viens" not in page and "Vendredi ?" in page
    assert "Le texte de ce message a été effacé" in page


def test_a_candidate_account_is_deleted_after_its_posts_are_anonymised(public_hub, cyril):
    thread = discussions.start_thread(
        hub=public_hub, author=cyril, title="Candidature spontanée", body="Cyril, 06 00 00 00 00"
    )
    erase_person(email=cyril.email, by=None)
    assert not User.objects.filter(pk=cyril.pk).exists()  # vivier.accounts erases candidates
    post = Post.objects.get(thread=thread)
    assert post.body == "" and post.author is None  # not left behind with its text


def test_an_invitation_to_someone_without_an_account_is_found_and_erased(hubs, bob):
    services.invite_to_hub(hub=hubs["private"], email="Yann@Example.test", by=bob)
    assert "hubs.hubinvitation" in collect("yann@example.test")["tables"]
    erase_person(email="yann@example.test", by=None)
    assert not HubInvitation.objects.exists()


def test_a_partner_organisations_contact_is_exported_and_erased(school):
    school.contact_name = "Nolwenn Le Goff"
    school.save()
    tables = collect("contact@dunes.example")["tables"]
    assert tables["hubs.partnerorganisation"]["rows"][0]["contact_name"]["value"] == (
        "Nolwenn Le Goff"
    )
    erase_person(email="contact@dunes.example", by=None)
    school.refresh_from_db()
    assert (school.contact_name, school.contact_email, school.name) == ("", "", "École des Dunes")


def test_someone_else_keeps_everything(life, cyril):
    before = Post.objects.filter(author=cyril).count()
    erase_person(email="nobody@example.test", by=None)
    assert Post.objects.filter(author=cyril).count() == before
    assert Thread.objects.filter(title="Randonnée à la Pointe du Raz").exists()
