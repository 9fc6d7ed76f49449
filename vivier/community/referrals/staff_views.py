"""The recruiting team's screens: referrals, bonus rules, the payroll export, partners' shares.

Recruiters and administrators only: a hiring manager sees none of it (404, like missing).
"""

import csv
import io

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.community.hubs.models import PartnerOrganisation
from vivier.community.referrals import selectors, services
from vivier.community.referrals.forms import BonusRuleForm, MarkPaidForm, ShareForm
from vivier.community.referrals.models import BonusRule, PartnerShare, ReferralStatus
from vivier.privacy import audit
from vivier.privacy.models import AuditAction

PAGE_SIZE = 200


@recruiter_required
def referral_list(request):
    status = request.GET.get("status", "")
    referrals = selectors.all_referrals()
    if status in ReferralStatus.values:
        referrals = referrals.filter(selectors.with_status(status))
    referrals = list(referrals[:PAGE_SIZE])
    shown = [referral.application for referral in referrals if referral.application_id]
    if shown:  # the page names applicants: a staff view of their data
        audit.record_many(
            actor=request.user, action=AuditAction.VIEW, objects=shown, detail="referrals"
        )
    context = {
        "referrals": referrals,
        "statuses": ReferralStatus.choices,
        "status": status,
    }
    return render(request, "referrals/staff/list.html", context)


@recruiter_required
def bonus_rules(request):
    rules = BonusRule.objects.select_related("offer").order_by("offer__title")
    return render(request, "referrals/staff/bonus_rules.html", {"rules": rules})


@recruiter_required
def bonus_rule_edit(request, pk=None):
    rule = get_object_or_404(BonusRule, pk=pk) if pk else None
    form = BonusRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        services.save_bonus_rule(rule=form.save(commit=False), by=request.user)
        messages.success(request, _("The bonus rule is saved."))
        return redirect("referrals:bonus_rules")
    return render(request, "referrals/staff/bonus_rule_form.html", {"form": form, "rule": rule})


@require_POST
@recruiter_required
def bonus_rule_delete(request, pk):
    get_object_or_404(BonusRule, pk=pk).delete()
    messages.success(request, _("The bonus rule is deleted."))
    return redirect("referrals:bonus_rules")


PAYROLL_HEADER = [
    "referrer",
    "referrer_email",
    "referred",
    "offer",
    "offer_reference",
    "hire_date",
    "start_date",
    "due_date",
    "amount_eur",
    "paid_on",
]


@recruiter_required
def payroll(request):
    unpaid_only = request.GET.get("unpaid") == "1"
    bonuses = selectors.payroll(unpaid_only=unpaid_only)
    if request.GET.get("format") == "csv":
        bonuses = list(bonuses)
        audit.record_many(
            actor=request.user,
            action=AuditAction.EXPORT,
            objects=[bonus.application for bonus in bonuses],
            detail="referral bonuses (payroll export)",
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(PAYROLL_HEADER)
        writer.writerows(selectors.payroll_rows(bonuses))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="referral-bonuses-{stamp}.csv"'
        return response
    context = {
        "bonuses": bonuses,
        "unpaid_only": unpaid_only,
        "today": timezone.localdate(),
    }
    return render(request, "referrals/staff/payroll.html", context)


@require_POST
@recruiter_required
def mark_paid(request):
    form = MarkPaidForm(request.POST, queryset=selectors.payroll(unpaid_only=True))
    if form.is_valid():
        count = services.mark_bonuses_paid(bonuses=form.cleaned_data["bonuses"], by=request.user)
        messages.success(request, _("Bonuses marked paid: %(count)s.") % {"count": count})
    else:
        for error in form.errors.get("bonuses", []):
            messages.error(request, error)
    return redirect("referrals:payroll")


@recruiter_required
def partners(request):
    organisations = list(PartnerOrganisation.objects.order_by("name"))
    counts = selectors.partner_counts(organisations)
    shares = {
        row["organisation"]: row["count"]
        for row in PartnerShare.objects.values("organisation").annotate(count=Count("pk"))
    }
    lines = [
        (organisation, shares.get(organisation.pk, 0), counts.get(organisation.pk, {}))
        for organisation in organisations
    ]
    return render(request, "referrals/staff/partners.html", {"lines": lines})


@recruiter_required
def partner(request, pk):
    organisation = get_object_or_404(PartnerOrganisation, pk=pk)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.share_with_partner(
            organisation=organisation,
            offer=form.cleaned_data["offer"],
            by=request.user,
            message=form.cleaned_data["message"],
        )
        messages.success(request, _("The offer is shared with %(name)s.") % {"name": organisation})
        return redirect("referrals:partner", pk=organisation.pk)
    shares = organisation.shared_offers.select_related("offer", "link")
    applications = list(selectors.partner_applications(organisation).order_by("-submitted_at"))
    if applications:
        audit.record_many(
            actor=request.user, action=AuditAction.VIEW, objects=applications, detail="partner"
        )
    context = {
        "organisation": organisation,
        "form": form,
        "shares": shares,
        "applications": applications,
    }
    return render(request, "referrals/staff/partner.html", context)
