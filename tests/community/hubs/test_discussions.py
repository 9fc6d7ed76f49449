"""Threads and replies: Markdown made safe, limits with clear errors, mentions, follows,
reactions, own posts, read and unread."""

import pytest
from django.core import mail
from django.urls import reverse

from vivier.community.hubs import discussions, services
from vivier.community.hubs.discussions import MAX_POST_CHARS, mention_handle
from vivier.community.hubs.models import Post, Reaction, Thread, ThreadState
from vivier.community.hubs.services import HubError
from vivier.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(public_hub, bob):
    return discussions.start_thread(
        hub=public_hub, author=bob, title="Bienvenue", body="Bonjour à tous"
    )


def test_a_member_starts_a_thread_and_reads_it_back(client, public_hub, cyril):
    client.force_login(cyril)
    response = client.post(
        reverse("hubs:new_thread", kwargs={"slug": public_hub.slug}),
        {"title": "Stage à Brest", "body": "Qui a fait un **stage** ici ?"},
    )
    thread = Thread.objects.get(title="Stage à Brest")
    assert response.status_code == 302
    assert response["Location"] == reverse("hubs:thread", kwargs={"pk": thread.pk})
    page = client.get(response["Location"])
    assert b"<strong>stage</strong>" in page.content
    # The author joined the hub and follows their thread.
    assert public_hub.memberships.filter(user=cyril).exists()
    assert ThreadState.objects.get(thread=thread, user=cyril).is_following


def test_script_injection_in_markdown_is_neutralised(client, thread, cyril):
    client.force_login(cyril)
    body = (
        "<script>alert('x')</script> [clic](javascript:alert(1)) "
        '<img src=x onerror="alert(2)"> <a href="https://ok.example" onclick="evil()">ok</a>'
    )
    response = client.post(reverse("hubs:thread", kwargs={"pk": thread.pk}), {"body": body})
    assert response.status_code == 302
    page = client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).content.decode()
    assert "<script>alert" not in page
    assert "javascript:alert" not in page
    assert "onerror" not in page
    assert "onclick" not in page
    assert 'href="https://ok.example"' in page
    # What was typed is kept as typed; only its rendering is cleaned.
    assert Post.objects.filter(thread=thread, body=body).exists()


def test_an_empty_post_is_refused_with_a_clear_error(client, thread, cyril):
    client.force_login(cyril)
    response = client.post(reverse("hubs:thread", kwargs={"pk": thread.pk}), {"body": "   \n  "})
    assert response.status_code == 400
    assert "Écrivez un message avant de l&#x27;envoyer." in response.content.decode()
    assert thread.posts.count() == 1


def test_an_oversized_post_is_refused_and_given_back_whole(client, thread, cyril):
    client.force_login(cyril)
    body = "mot " * (MAX_POST_CHARS // 4) + "fin"
    response = client.post(reverse("hubs:thread", kwargs={"pk": thread.pk}), {"body": body})
    assert response.status_code == 400
    errors = response.context["form"].errors["body"]
    assert str(MAX_POST_CHARS) in errors[0].replace("\u202f", "").replace(" ", "")
    # Nothing typed is lost: the whole text is in the form again.
    assert body in response.content.decode()
    assert "maxlength" not in response.content.decode().split('name="body"')[1].split(">")[0]
    assert thread.posts.count() == 1


def test_an_empty_title_is_refused_and_the_message_kept(client, public_hub, cyril):
    client.force_login(cyril)
    response = client.post(
        reverse("hubs:new_thread", kwargs={"slug": public_hub.slug}),
        {"title": "", "body": "Mon texte"},
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert "Mon texte" in response.content.decode()
    assert not Thread.objects.exists()


def test_errors_are_in_french_by_default(client, thread, cyril):
    client.force_login(cyril)
    response = client.post(reverse("hubs:thread", kwargs={"pk": thread.pk}), {"body": ""})
    assert response.context["form"].errors["body"] == ["Écrivez un message avant de l'envoyer."]


def test_a_mentioned_member_is_told_by_e_mail_once(
    public_hub, thread, bob, carla, django_capture_on_commit_callbacks
):
    services.join_hub(hub=public_hub, user=carla)
    handle = mention_handle(carla)
    with django_capture_on_commit_callbacks(execute=True):
        post = discussions.reply(thread=thread, author=bob, body=f"Qu'en penses-tu @{handle} ?")
    mentions = [m for m in mail.outbox if m.to == [carla.email]]
    assert len(mentions) == 1
    assert str(bob) in mentions[0].subject
    assert f"#post-{post.pk}" in mentions[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        discussions.edit_post(post=post, by=bob, body=f"Qu'en penses-tu @{handle}, vraiment ?")
    assert mail.outbox == []


def test_a_mention_of_someone_outside_the_hub_tells_nobody(
    hubs, alan, carla, django_capture_on_commit_callbacks
):
    thread = discussions.start_thread(hub=hubs["internal"], author=carla, title="Équipe", body="x")
    with django_capture_on_commit_callbacks(execute=True):
        post = discussions.reply(thread=thread, author=carla, body=f"@{mention_handle(alan)} ?")
    assert mail.outbox == []
    assert not post.mentions.exists()


def test_followers_are_told_of_replies_but_not_the_author(
    public_hub, thread, bob, cyril, carla, django_capture_on_commit_callbacks
):
    """In Vivier at once; by e-mail in the daily digest, the default for replies
    (tests/notifications for the digest and the other choices)."""
    discussions.set_following(thread=thread, user=carla, following=True)
    with django_capture_on_commit_callbacks(execute=True):
        post = discussions.reply(thread=thread, author=cyril, body="Merci !")
    told = Notification.objects.filter(verb="hubs.reply", target_id=post.pk)
    # bob follows his own thread
    assert sorted(told.values_list("recipient__email", flat=True)) == [bob.email, carla.email]
    assert set(told.values_list("email", flat=True)) == {"daily"}
    assert mail.outbox == []
    discussions.set_following(thread=thread, user=carla, following=False)
    with django_capture_on_commit_callbacks(execute=True):
        again = discussions.reply(thread=thread, author=cyril, body="Encore merci")
    told = Notification.objects.filter(verb="hubs.reply", target_id=again.pk)
    assert list(told.values_list("recipient__email", flat=True)) == [bob.email]


def test_the_follow_button_switches_following(client, thread, cyril):
    client.force_login(cyril)
    client.post(reverse("hubs:follow", kwargs={"pk": thread.pk}), {"follow": "1"})
    assert ThreadState.objects.get(thread=thread, user=cyril).is_following
    client.post(reverse("hubs:follow", kwargs={"pk": thread.pk}), {"follow": "0"})
    assert not ThreadState.objects.get(thread=thread, user=cyril).is_following


def test_a_member_edits_and_deletes_their_own_post_only(client, thread, bob, cyril):
    post = discussions.reply(thread=thread, author=cyril, body="Première version")
    client.force_login(bob)
    edit_url = reverse("hubs:edit_post", kwargs={"pk": post.pk})
    assert client.get(edit_url).status_code == 404
    assert client.post(reverse("hubs:delete_post", kwargs={"pk": post.pk})).status_code == 404
    client.force_login(cyril)
    response = client.post(edit_url, {"body": "Deuxième version"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Deuxième version" and post.edited_at is not None
    client.post(reverse("hubs:delete_post", kwargs={"pk": post.pk}))
    post.refresh_from_db()
    assert post.is_deleted and post.body == ""
    page = client.get(reverse("hubs:thread", kwargs={"pk": thread.pk})).content.decode()
    assert "Deuxième version" not in page
    assert "supprimé par son auteur" in page


def test_the_first_post_edit_changes_the_title(client, thread, bob):
    client.force_login(bob)
    first = thread.posts.get(is_first=True)
    client.post(
        reverse("hubs:edit_post", kwargs={"pk": first.pk}),
        {"title": "Nouveau titre", "body": "Corps"},
    )
    thread.refresh_from_db()
    assert thread.title == "Nouveau titre"


def test_reactions_come_from_a_fixed_set_and_toggle(client, thread, cyril):
    post = thread.posts.get()
    client.force_login(cyril)
    url = reverse("hubs:react", kwargs={"pk": post.pk})
    client.post(url, {"kind": "thanks"})
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["thanks"]
    client.post(url, {"kind": "thanks"})
    assert not Reaction.objects.exists()
    response = client.post(url, {"kind": "<script>"}, follow=True)
    assert response.status_code == 200
    assert not Reaction.objects.exists()
    with pytest.raises(HubError):
        discussions.toggle_reaction(post=post, user=cyril, kind="angry")


def test_threads_read_and_unread(client, public_hub, thread, bob, cyril):
    client.force_login(cyril)
    page = client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug}))
    assert [t.is_unread for t in page.context["page"].object_list] == [True]
    client.get(reverse("hubs:thread", kwargs={"pk": thread.pk}))
    page = client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug}))
    assert [t.is_unread for t in page.context["page"].object_list] == [False]
    discussions.reply(thread=thread, author=bob, body="Du nouveau")
    page = client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug}))
    assert [t.is_unread for t in page.context["page"].object_list] == [True]


def test_the_hub_page_costs_the_same_queries_for_many_threads(
    client, public_hub, bob, cyril, django_assert_max_num_queries
):
    for number in range(25):
        discussions.start_thread(hub=public_hub, author=bob, title=f"Fil {number}", body="x")
    client.force_login(cyril)
    client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug}))
    with django_assert_max_num_queries(14):
        response = client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug}))
    assert len(response.context["page"].object_list) == 25


def test_pinned_threads_come_first(client, public_hub, bob, cyril):
    older = discussions.start_thread(hub=public_hub, author=bob, title="Règles", body="x")
    discussions.start_thread(hub=public_hub, author=bob, title="Récent", body="y")
    client.force_login(bob)
    client.post(reverse("hubs:pin", kwargs={"pk": older.pk}), {"pin": "1"})
    client.force_login(cyril)
    assert (
        client.post(reverse("hubs:pin", kwargs={"pk": older.pk}), {"pin": "0"}).status_code == 404
    )
    page = client.get(reverse("hubs:hub", kwargs={"slug": public_hub.slug}))
    assert [t.title for t in page.context["page"].object_list] == ["Règles", "Récent"]


def test_the_thread_page_costs_the_same_queries_for_many_posts(
    client, thread, bob, cyril, django_assert_max_num_queries
):
    for number in range(30):
        post = discussions.reply(
            thread=thread, author=bob if number % 2 else cyril, body=f"n{number}"
        )
        discussions.toggle_reaction(post=post, user=cyril, kind="like")
    client.force_login(cyril)
    url = reverse("hubs:thread", kwargs={"pk": thread.pk})
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert len(response.context["page"].object_list) == 31
