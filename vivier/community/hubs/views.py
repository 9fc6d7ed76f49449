"""Members' pages of the community (communaute/…): hubs, threads, posts, offers, invitations.

Each view: sign-in → access helper (404 for what the user may not see) → form → service.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.community.hubs import discussions, moderation, offers, services
from vivier.community.hubs.access import (
    can_moderate,
    can_post,
    get_hub_for,
    get_moderated_hub_for,
    get_post_for,
    get_requestable_hub,
    get_thread_for,
    hubs_for,
    hubs_open_to_requests,
    membership_of,
    moderated_hubs_for,
    threads_for,
)
from vivier.community.hubs.forms import (
    AcceptWithAccountForm,
    EditPostForm,
    JoinRequestForm,
    MemberOfferForm,
    ModeratorInvitationForm,
    PostForm,
    ReactionForm,
    ReasonForm,
    ReportForm,
    ThreadForm,
)
from vivier.community.hubs.models import Hub, JoinRequest, MemberOffer, Membership, Reaction
from vivier.community.hubs.services import HubError

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50


def _hub_context(request, hub, **extra):
    membership = membership_of(request.user, hub)
    return {
        "hub": hub,
        "membership": membership,
        "may_post": can_post(request.user, hub, membership),
        "may_moderate": can_moderate(request.user, hub, membership),
        **extra,
    }


@login_required
def my_hubs(request):
    hubs = (
        hubs_for(request.user)
        .filter(is_archived=False)
        .annotate(thread_count=Count("threads", distinct=True))
        .order_by("name")
    )
    joined = set(
        Membership.objects.filter(user=request.user, is_banned=False).values_list(
            "hub_id", flat=True
        )
    )
    return render(
        request,
        "hubs/my_hubs.html",
        {
            "hubs": hubs,
            "joined": joined,
            "requestable": hubs_open_to_requests(request.user),
            "pending_requests": set(
                JoinRequest.objects.filter(
                    user=request.user, status=JoinRequest.Status.PENDING
                ).values_list("hub_id", flat=True)
            ),
            "moderated": moderated_hubs_for(request.user).filter(is_archived=False).exists(),
        },
    )


@login_required
def hub_detail(request, slug):
    hub = get_hub_for(request.user, slug)
    threads = threads_for(request.user, hub).select_related("author")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = discussions.with_unread(page.object_list, request.user)
    return render(request, "hubs/hub.html", _hub_context(request, hub, page=page))


@login_required
def hub_members(request, slug):
    hub = get_hub_for(request.user, slug)
    memberships = (
        Membership.objects.filter(hub=hub, is_banned=False)
        .select_related("user")
        .order_by("-role", "user__first_name", "user__last_name")
    )
    for membership in memberships:
        membership.handle = discussions.mention_handle(membership.user)
    return render(request, "hubs/members.html", _hub_context(request, hub, memberships=memberships))


@login_required
@require_POST
def join(request, slug):
    hub = get_hub_for(request.user, slug)
    services.join_hub(hub=hub, user=request.user)
    messages.success(request, _("You joined the hub."))
    return redirect("hubs:hub", slug=hub.slug)


@login_required
@require_POST
def leave(request, slug):
    hub = get_hub_for(request.user, slug)
    services.leave_hub(hub=hub, user=request.user)
    messages.success(request, _("You left the hub."))
    return redirect("hubs:my_hubs")


@login_required
def request_to_join(request, slug):
    hub = get_requestable_hub(request.user, slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_to_join(
                hub=hub, user=request.user, message=form.cleaned_data["message"]
            )
        except HubError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request is sent to the hub's moderators."))
        return redirect("hubs:my_hubs")
    return render(request, "hubs/join_request.html", {"hub": hub, "form": form})


@login_required
def new_thread(request, slug):
    hub = get_hub_for(request.user, slug)
    if not can_post(request.user, hub):
        raise Http404
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = discussions.start_thread(
                hub=hub,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except HubError as error:
            form.add_error(None, str(error))
        else:
            return redirect("hubs:thread", pk=thread.pk)
    return render(request, "hubs/thread_form.html", _hub_context(request, hub, form=form))


def _posts(thread, user, may_moderate):
    posts = thread.posts.select_related("author").prefetch_related(
        Prefetch("reactions", queryset=Reaction.objects.only("post_id", "user_id", "kind"))
    )
    if not may_moderate:
        posts = posts.filter(is_hidden=False)
    return posts


def _with_reactions(posts, user):
    labels = dict(Reaction.Kind.choices)
    for post in posts:
        counts = {}
        mine = set()
        for reaction in post.reactions.all():
            counts[reaction.kind] = counts.get(reaction.kind, 0) + 1
            if reaction.user_id == user.pk:
                mine.add(reaction.kind)
        post.reaction_list = [
            {
                "kind": kind,
                "label": labels[kind],
                "count": counts.get(kind, 0),
                "mine": kind in mine,
            }
            for kind in Reaction.Kind.values
        ]
    return posts


@login_required
def thread_detail(request, pk):
    thread = get_thread_for(request.user, pk)
    hub = thread.hub
    context = _hub_context(request, hub, thread=thread)
    form = PostForm(request.POST or None)
    if request.method == "POST":
        if not context["may_post"]:
            raise Http404
        if form.is_valid():
            try:
                post = discussions.reply(
                    thread=thread, author=request.user, body=form.cleaned_data["body"]
                )
            except HubError as error:
                form.add_error(None, str(error))
            else:
                last_page = Paginator(
                    _posts(thread, request.user, context["may_moderate"]), POSTS_PER_PAGE
                ).num_pages
                url = reverse("hubs:thread", kwargs={"pk": thread.pk})
                return redirect(f"{url}?page={last_page}#post-{post.pk}")
    page = Paginator(
        _posts(thread, request.user, context["may_moderate"]), POSTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    page.object_list = _with_reactions(list(page.object_list), request.user)
    state = thread.states.filter(user=request.user).first()
    if request.method == "GET":
        discussions.mark_read(thread=thread, user=request.user)
    context.update(
        page=page,
        form=form,
        is_following=bool(state and state.is_following),
        reaction_kinds=Reaction.Kind.choices,
    )
    return render(request, "hubs/thread.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def follow(request, pk):
    thread = get_thread_for(request.user, pk)
    following = request.POST.get("follow") == "1"
    discussions.set_following(thread=thread, user=request.user, following=following)
    messages.success(
        request,
        _("You follow this thread: replies come by e-mail.")
        if following
        else _("You no longer follow this thread."),
    )
    return redirect("hubs:thread", pk=thread.pk)


@login_required
def edit_post(request, pk):
    post = get_post_for(request.user, pk)
    if post.author_id != request.user.pk or post.is_deleted:
        raise Http404
    thread = post.thread
    initial = {"body": post.body, "title": thread.title}
    form = EditPostForm(request.POST or None, initial=initial, with_title=post.is_first)
    if request.method == "POST" and form.is_valid():
        try:
            discussions.edit_post(
                post=post,
                by=request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
            )
        except HubError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your post is changed."))
            return redirect(reverse("hubs:thread", kwargs={"pk": thread.pk}) + f"#post-{post.pk}")
    return render(
        request, "hubs/post_form.html", _hub_context(request, thread.hub, post=post, form=form)
    )


@login_required
def delete_post(request, pk):
    post = get_post_for(request.user, pk)
    if post.author_id != request.user.pk or post.is_deleted:
        raise Http404
    if request.method == "POST":
        discussions.delete_post(post=post, by=request.user)
        messages.success(request, _("Your post is deleted."))
        return redirect("hubs:thread", pk=post.thread_id)
    return render(
        request, "hubs/post_delete.html", _hub_context(request, post.thread.hub, post=post)
    )


@login_required
@require_POST
def react(request, pk):
    post = get_post_for(request.user, pk)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown reaction."))
    else:
        try:
            discussions.toggle_reaction(
                post=post, user=request.user, kind=form.cleaned_data["kind"]
            )
        except HubError as error:
            messages.error(request, str(error))
    return redirect(reverse("hubs:thread", kwargs={"pk": post.thread_id}) + f"#post-{post.pk}")


@login_required
def report(request, pk):
    post = get_post_for(request.user, pk)
    if not can_post(request.user, post.thread.hub):
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_post(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except HubError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: the moderators will read your report."))
            return redirect(
                reverse("hubs:thread", kwargs={"pk": post.thread_id}) + f"#post-{post.pk}"
            )
    return render(
        request, "hubs/report.html", _hub_context(request, post.thread.hub, post=post, form=form)
    )


# --- Moderation by the hub's moderators (staff have the same in the back office) -----------


@login_required
def hub_moderation(request, slug):
    hub = get_moderated_hub_for(request.user, slug)
    invite_form = ModeratorInvitationForm(request.POST or None, hub=hub)
    # Moderators invite into private hubs; in the others the kind decides who enters.
    if request.method == "POST" and hub.kind == Hub.Kind.PRIVATE and invite_form.is_valid():
        services.invite_to_hub(hub=hub, email=invite_form.cleaned_data["email"], by=request.user)
        messages.success(request, _("The invitation is sent."))
        return redirect("hubs:moderation", slug=hub.slug)
    return render(
        request,
        "hubs/moderation.html",
        _hub_context(
            request,
            hub,
            queue=moderation.queue_for([hub]),
            join_requests=hub.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user"),
            banned=Membership.objects.filter(hub=hub, is_banned=True).select_related("user"),
            actions=hub.moderation_actions.select_related("actor")[:50],
            invite_form=invite_form,
            reason_form=ReasonForm(),
        ),
    )


def _moderation_redirect(request, hub):
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("hubs:moderation", slug=hub.slug)


@login_required
@require_POST
def moderate_post(request, pk, action):
    post = get_post_for(request.user, pk)
    hub = post.thread.hub
    if not can_moderate(request.user, hub):
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    operations = {
        "hide": (moderation.hide_post, _("The post is hidden.")),
        "restore": (moderation.restore_post, _("The post is restored.")),
        "dismiss": (moderation.dismiss_reports, _("The reports are dismissed.")),
    }
    if action not in operations:
        raise Http404
    operation, message = operations[action]
    operation(post=post, by=request.user, reason=reason)
    messages.success(request, message)
    return _moderation_redirect(request, hub)


@login_required
@require_POST
def ban(request, slug, user_id):
    hub = get_moderated_hub_for(request.user, slug)
    member = get_object_or_404(Membership.objects.select_related("user"), hub=hub, user_id=user_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        if request.POST.get("lift") == "1":
            moderation.unban_member(hub=hub, user=member.user, by=request.user, reason=reason)
            messages.success(request, _("The ban is lifted."))
        else:
            moderation.ban_member(hub=hub, user=member.user, by=request.user, reason=reason)
            messages.success(request, _("%(name)s is banned from the hub.") % {"name": member.user})
    except HubError as error:
        messages.error(request, str(error))
    return _moderation_redirect(request, hub)


@login_required
@require_POST
def pin(request, pk):
    thread = get_thread_for(request.user, pk)
    if not can_moderate(request.user, thread.hub):
        raise Http404
    pinned = request.POST.get("pin") == "1"
    moderation.pin_thread(thread=thread, by=request.user, pinned=pinned)
    messages.success(
        request, _("The thread is pinned.") if pinned else _("The thread is unpinned.")
    )
    return redirect("hubs:thread", pk=thread.pk)


@login_required
@require_POST
def decide_request(request, slug, request_id):
    hub = get_moderated_hub_for(request.user, slug)
    join_request = get_object_or_404(JoinRequest, hub=hub, pk=request_id)
    try:
        services.decide_join_request(
            join_request=join_request, accept=request.POST.get("accept") == "1", by=request.user
        )
    except HubError as error:
        messages.error(request, str(error))
    return _moderation_redirect(request, hub)


# --- Members' offers --------------------------------------------------------------------------


@login_required
def member_offers(request, slug):
    hub = get_hub_for(request.user, slug)
    mine = MemberOffer.objects.filter(hub=hub, proposed_by=request.user).select_related("job_offer")
    return render(
        request,
        "hubs/member_offers.html",
        _hub_context(request, hub, approved=offers.hub_offers(hub), mine=mine),
    )


@login_required
def propose_offer(request, slug):
    hub = get_hub_for(request.user, slug)
    if not can_post(request.user, hub):
        raise Http404
    form = MemberOfferForm(request.POST or None, instance=MemberOffer(hub=hub))
    form.fields["partner_organisation"].queryset = hub.partner_organisations.all()
    if request.method == "POST" and form.is_valid():
        try:
            offers.propose_offer(member_offer=form.save(commit=False), by=request.user)
        except HubError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you: a recruiter will review your offer before it is shown.")
            )
            return redirect("hubs:member_offers", slug=hub.slug)
    return render(request, "hubs/member_offer_form.html", _hub_context(request, hub, form=form))


# --- Invitations ------------------------------------------------------------------------------


def invitation(request, token):
    """The e-mailed link: join with the signed-in account, or create one, or sign in first."""
    found = services.find_invitation(token)
    if found is None:
        return render(request, "hubs/invitation_refused.html", {"reason": None}, status=404)
    user = request.user if request.user.is_authenticated else None
    try:
        services.check_invitation(found, user)
    except HubError as error:
        return render(
            request,
            "hubs/invitation_refused.html",
            {"reason": str(error), "invitation": found},
            status=410 if user is None or user.email.lower() == found.email else 403,
        )
    has_account = get_user_model().objects.filter(email__iexact=found.email).exists()
    form = None
    if user is None and has_account:
        return redirect_to_login(request.get_full_path())
    if user is None:
        form = AcceptWithAccountForm(request.POST or None, email=found.email)
    if request.method == "POST":
        try:
            if user is not None:
                services.accept_invitation(invitation=found, user=user)
            elif form.is_valid():
                user = services.create_account_from_invitation(
                    invitation=found,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                    language=request.LANGUAGE_CODE,
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except HubError as error:
            return render(
                request,
                "hubs/invitation_refused.html",
                {"reason": str(error), "invitation": found},
                status=410,
            )
        if user is not None:
            messages.success(request, _("Welcome to the hub %(hub)s.") % {"hub": found.hub.name})
            return redirect("hubs:hub", slug=found.hub.slug)
    return render(
        request,
        "hubs/invitation.html",
        {"invitation": found, "form": form},
        status=400 if form is not None and form.errors else 200,
    )
