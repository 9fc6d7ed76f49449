"""Privacy screens: the public notice and rights requests; the administrators' side."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import administrator_required
from vivier.accounts.models import Role
from vivier.brand.models import Employer
from vivier.core import antibot, throttle
from vivier.core.private_files import private_file_response
from vivier.privacy import audit, notices, retention, rights
from vivier.privacy.consent import record_consent
from vivier.privacy.forms import AuditSearchForm, RefusalForm, RightsRequestForm
from vivier.privacy.models import (
    AuditAction,
    AuditEntry,
    ConsentPurpose,
    RequestKind,
    RequestStatus,
    RightsRequest,
)
from vivier.privacy.personal_data import (
    accounts_of,
    email_records,
    find_person,
    record_of,
    related_records,
)

AUDIT_PER_PAGE = 50

# --- Public -------------------------------------------------------------------------------------


def notice(request):
    """What we collect, why, how long, the person's rights, and the form to exercise them."""
    form = RightsRequestForm(request.POST or None)
    context = {"employer": Employer.current(), "retention": retention_durations()}
    if request.method == "POST":
        try:
            throttle.check("rights-address", throttle.client_address(request))
            if form.is_valid():
                throttle.check("rights-email", form.cleaned_data["email"].lower())
                rights.ask(
                    email=form.cleaned_data["email"], kind=form.cleaned_data["kind"],
                    language=get_language(),
                )  # fmt: skip
                return render(request, "privacy/asked.html", {"email": form.cleaned_data["email"]})
        except throttle.Throttled as error:
            # Shown again as typed, with a fresh ticket (the one sent may be spent), and the wait.
            typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
            ticket = antibot.issue_ticket(shown_at=antibot.shown_at(typed.get("ticket", "")))
            context["form"] = RightsRequestForm(initial=typed, ticket=ticket)
            return throttle.too_many_requests(
                request, error, template="privacy/notice.html", context=context
            )
    return render(request, "privacy/notice.html", {**context, "form": form})


def retention_durations() -> dict:
    from django.conf import settings

    return {
        "unsuccessful_months": round(settings.RETENTION_UNSUCCESSFUL_DAYS / 30),
        "pool_months": round(settings.RETENTION_TALENT_POOL_DAYS / 30),
        "warning_days": settings.RETENTION_WARNING_DAYS,
        "answer_days": settings.RIGHTS_REQUEST_DAYS,
    }


def confirm(request, token):
    """The link from the mailbox. GET only shows a button: mail scanners follow links too."""
    if request.method == "POST":
        confirmed = rights.confirm(token)
        if confirmed is None:
            return render(request, "privacy/link_expired.html", status=400)
        return render(request, "privacy/confirmed.html", {"rights_request": confirmed})
    return render(request, "privacy/confirm.html")


def download(request, token):
    answered = rights.request_for_download(token)
    if answered is None or not answered.export:
        return render(request, "privacy/link_expired.html", status=404)
    return private_file_response(
        answered.export, filename="mes-donnees.zip", content_type="application/zip"
    )


def renew(request, token):
    """Stay in the talent pool for another period, from the warning e-mail."""
    profile = notices.profile_for_renewal(token)
    if profile is None or not profile.email:
        return render(request, "privacy/link_expired.html", status=404)
    if request.method == "POST":
        text = _("I wish to stay in the talent pool of %(employer)s.") % {
            "employer": Employer.current().name
        }
        record_consent(
            email=profile.email, purpose=ConsentPurpose.TALENT_POOL, text=text,
            collected_at="renewal e-mail",
        )  # fmt: skip
        return render(request, "privacy/renewed.html", {"retention": retention_durations()})
    return render(request, "privacy/renew.html", {"profile": profile})


# --- Administrators -----------------------------------------------------------------------------


@administrator_required
def dashboard(request):
    plan = retention.plan()
    requests = RightsRequest.objects.filter(status=RequestStatus.OPEN).select_related("handled_by")
    to_inform = notices.profiles_to_inform()
    context = {
        "open_requests": requests,
        "plan": plan,
        "to_inform": to_inform.exclude(email="").count(),
        "cannot_inform": to_inform.filter(email="").count(),
        "overdue_inform": to_inform.filter(must_be_informed_by__lt=timezone.localdate()).count(),
        "recent_requests": RightsRequest.objects.exclude(status=RequestStatus.OPEN).order_by(
            "-created_at"
        )[:20],
    }
    return render(request, "privacy/dashboard.html", context)


@administrator_required
def retention_report(request):
    """The dry run: exactly what the next retention run would do, person by person."""
    return render(request, "privacy/retention.html", {"plan": retention.plan()})


@administrator_required
def audit_log(request):
    form = AuditSearchForm(request.GET or None)
    entries = AuditEntry.objects.select_related("actor")
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            person = data["person"].strip()
            keys = audit.keys_for_email(person) if "@" in person else [person]
            entries = entries.filter(person__in=keys)
        if data["actor"]:
            entries = entries.filter(actor_label__icontains=data["actor"].strip())
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(at__gte=_start_of(data["since"]))
        if data["until"]:
            entries = entries.filter(at__lt=_start_of(data["until"] + dt.timedelta(days=1)))
    page = Paginator(entries, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "privacy/audit.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@administrator_required
def request_detail(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    found, kept_accounts = [], []
    if rights_request.email:
        for root in find_person(rights_request.email).roots:
            records = related_records(root)
            counts = {}
            for record in records:
                label = str(record._meta.verbose_name_plural)
                counts[label] = counts.get(label, 0) + 1
            found.append({"root": root, "counts": sorted(counts.items())})
            audit.record(
                actor=request.user, action=AuditAction.VIEW, obj=root, detail="rights request"
            )
        # What the apps keep under the address alone: an account, hubs, referrals, alerts.
        counts = {}
        for item in email_records(rights_request.email):
            label = str(record_of(item)._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + 1
        if counts:
            found.append({"root": _("Under this address"), "counts": sorted(counts.items())})
        # Staff and community accounts are not erased with the data (candidates' are): the
        # administrator decides about them.
        kept_accounts = [
            account for account in accounts_of(rights_request.email)
            if account.role != Role.CANDIDATE
        ]  # fmt: skip
    context = {
        "rights_request": rights_request, "found": found, "refusal_form": RefusalForm(),
        "kept_accounts": kept_accounts,
    }  # fmt: skip
    return render(request, "privacy/request.html", context)


@administrator_required
@require_POST
def answer_request(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    try:
        if rights_request.kind == RequestKind.ACCESS:
            rights.answer_access(request=rights_request, by=request.user)
            messages.success(request, _("The copy of the data was sent to the person."))
        else:
            rights.answer_erasure(request=rights_request, by=request.user)
            messages.success(request, _("The person's data was erased."))
    except rights.RequestNotAllowed as error:
        messages.error(request, str(error))
    return redirect("privacy:request", pk=rights_request.pk)


@administrator_required
@require_POST
def refuse_request(request, pk):
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    form = RefusalForm(request.POST)
    if not form.is_valid():
        context = {"rights_request": rights_request, "found": [], "refusal_form": form}
        return render(request, "privacy/request.html", context, status=400)
    try:
        rights.refuse(request=rights_request, by=request.user, answer=form.cleaned_data["answer"])
        messages.success(request, _("The refusal was sent to the person."))
    except rights.RequestNotAllowed as error:
        messages.error(request, str(error))
    return redirect("privacy:request", pk=rights_request.pk)
