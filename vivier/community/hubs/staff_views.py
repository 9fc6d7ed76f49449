"""The back office of the community (app/community/…), for recruiters and administrators:
hubs and their moderators, invitations and join requests, the moderation queue of every hub,
members' offers to review, the moderation audit, partner organisations.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.community.hubs import moderation, offers, services
from vivier.community.hubs.forms import (
    HubForm,
    InvitationForm,
    PartnerMemberForm,
    PartnerOrganisationForm,
    ReasonForm,
    ReviewOfferForm,
)
from vivier.community.hubs.models import (
    Hub,
    HubInvitation,
    JoinRequest,
    MemberOffer,
    Membership,
    ModerationAction,
    PartnerOrganisation,
)
from vivier.community.hubs.services import HubError

AUDIT_PER_PAGE = 100


@recruiter_required
def hub_list(request):
    hubs = Hub.objects.annotate(
        member_count=Count("memberships", filter=Q(memberships__is_banned=False), distinct=True),
        thread_count=Count("threads", distinct=True),
    ).order_by("is_archived", "name")
    pending = {
        "reports": moderation.queue_for(Hub.objects.all()).count(),
        "offers": MemberOffer.objects.filter(status=MemberOffer.Status.PENDING).count(),
        "requests": JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count(),
    }
    return render(request, "hubs/staff/hub_list.html", {"hubs": hubs, "pending": pending})


@recruiter_required
def hub_edit(request, pk=None):
    hub = get_object_or_404(Hub, pk=pk) if pk else Hub()
    moderators = (
        list(
            Membership.objects.filter(hub=hub, role=Membership.Role.MODERATOR).values_list(
                "user_id", flat=True
            )
        )
        if pk
        else []
    )
    form = HubForm(request.POST or None, instance=hub, initial={"moderators": moderators})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if pk:
                hub = form.save()
                chosen = set(form.cleaned_data["moderators"])
                Membership.objects.filter(hub=hub, role=Membership.Role.MODERATOR).exclude(
                    user__in=chosen
                ).update(role=Membership.Role.MEMBER)
                for user in chosen:
                    services.set_member_role(hub=hub, user=user, role=Membership.Role.MODERATOR)
            else:
                hub = form.save(commit=False)
                services.create_hub(
                    hub=hub, moderators=form.cleaned_data["moderators"], by=request.user
                )
                form.save_m2m()
        messages.success(request, _("The hub is saved."))
        return redirect("hubs:staff_hub", pk=hub.pk)
    return render(request, "hubs/staff/hub_form.html", {"hub": hub, "form": form})


@recruiter_required
def hub_detail(request, pk):
    hub = get_object_or_404(Hub, pk=pk)
    form = InvitationForm(request.POST or None, hub=hub)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_to_hub(
                hub=hub,
                email=form.cleaned_data["email"],
                account_role=form.cleaned_data["account_role"],
                membership_role=form.cleaned_data["membership_role"],
                partner_organisation=form.cleaned_data.get("partner_organisation"),
                by=request.user,
            )
        except HubError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("hubs:staff_hub", pk=hub.pk)
    return render(
        request,
        "hubs/staff/hub_detail.html",
        {
            "hub": hub,
            "form": form,
            "memberships": hub.memberships.select_related("user").order_by("-role", "user__email"),
            "invitations": hub.invitations.select_related("invited_by", "used_by")[:100],
            "join_requests": hub.join_requests.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("user"),
        },
    )


@recruiter_required
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(HubInvitation, pk=pk)
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("hubs:staff_hub", pk=invitation.hub_id)


@recruiter_required
def moderation_queue(request):
    return render(
        request,
        "hubs/staff/moderation.html",
        {
            "queue": moderation.queue_for(Hub.objects.all()),
            "member_offers": MemberOffer.objects.filter(
                status=MemberOffer.Status.PENDING
            ).select_related("hub", "proposed_by", "partner_organisation"),
            "join_requests": JoinRequest.objects.filter(
                status=JoinRequest.Status.PENDING
            ).select_related("hub", "user"),
            "reason_form": ReasonForm(),
        },
    )


@recruiter_required
def review_offer(request, pk):
    member_offer = get_object_or_404(
        MemberOffer.objects.select_related("hub", "proposed_by", "job_offer"), pk=pk
    )
    form = ReviewOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
        try:
            if decision == "reject":
                offers.reject_member_offer(member_offer=member_offer, by=request.user, note=note)
            else:
                member_offer = offers.approve_member_offer(
                    member_offer=member_offer,
                    by=request.user,
                    outcome=(
                        MemberOffer.Outcome.HUB_POST
                        if decision == "hub_post"
                        else MemberOffer.Outcome.JOB_OFFER
                    ),
                    publish=decision == "publish",
                    note=note,
                )
        except HubError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The offer is reviewed."))
            if member_offer.job_offer_id:
                return redirect("jobs:detail", pk=member_offer.job_offer_id)
            return redirect("hubs:staff_moderation")
    return render(
        request, "hubs/staff/review_offer.html", {"member_offer": member_offer, "form": form}
    )


@recruiter_required
def audit(request):
    actions = ModerationAction.objects.select_related("hub", "actor")
    hub_id = request.GET.get("hub")
    if hub_id and hub_id.isdigit():
        actions = actions.filter(hub_id=hub_id)
    page = Paginator(actions, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "hubs/staff/audit.html",
        {"page": page, "hubs": Hub.objects.order_by("name"), "hub_id": hub_id},
    )


@recruiter_required
def partner_list(request):
    organisations = PartnerOrganisation.objects.annotate(
        member_count=Count("members", distinct=True), hub_count=Count("hubs", distinct=True)
    )
    return render(request, "hubs/staff/partner_list.html", {"organisations": organisations})


@recruiter_required
def partner_edit(request, pk=None):
    organisation = get_object_or_404(PartnerOrganisation, pk=pk) if pk else PartnerOrganisation()
    form = PartnerOrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, _("The partner organisation is saved."))
        return redirect("hubs:staff_partner", pk=organisation.pk)
    return render(
        request, "hubs/staff/partner_form.html", {"organisation": organisation, "form": form}
    )


@recruiter_required
def partner_detail(request, pk):
    organisation = get_object_or_404(PartnerOrganisation, pk=pk)
    form = PartnerMemberForm(request.POST or None)
    if request.method == "POST":
        remove_id = request.POST.get("remove")
        if remove_id and remove_id.isdigit():
            member = get_object_or_404(organisation.members, pk=remove_id)
            services.remove_partner_member(organisation=organisation, user=member, by=request.user)
            messages.success(request, _("%(name)s is no longer a member.") % {"name": member})
            return redirect("hubs:staff_partner", pk=organisation.pk)
        if form.is_valid():
            try:
                services.add_partner_member(
                    organisation=organisation, user=form.user, by=request.user
                )
            except HubError as error:
                form.add_error("email", str(error))
            else:
                messages.success(request, _("%(name)s is a member now.") % {"name": form.user})
                return redirect("hubs:staff_partner", pk=organisation.pk)
    return render(
        request,
        "hubs/staff/partner_detail.html",
        {
            "organisation": organisation,
            "form": form,
            "members": organisation.members.order_by("first_name", "last_name"),
            "hubs": organisation.hubs.all(),
            "offers": organisation.member_offers.select_related("proposed_by", "job_offer")[:50],
        },
    )
