"""Offer letters: the team's screens (under /app/) and the candidate's answer page (public)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vivier.accounts.access import (
    applications_for_user,
    get_application_for_user,
    recruiter_required,
    team_member_required,
)
from vivier.brand.models import Employer
from vivier.core.tokens import keep_token_on_site
from vivier.hiring.offer_letters import services
from vivier.hiring.offer_letters.forms import (
    CloseOthersForm,
    DeclineForm,
    OfferLetterForm,
    OfferLetterTemplateForm,
)
from vivier.hiring.offer_letters.models import LetterStatus, OfferLetter, OfferLetterTemplate
from vivier.hiring.offer_letters.rendering import (
    PLACEHOLDER_NAMES,
    default_template,
    render_pdf,
    rendered,
)
from vivier.privacy import audit
from vivier.privacy.models import AuditAction


def get_letter_for_user(user, letter_id, *, write: bool = False) -> OfferLetter:
    """The letter if the user may see its application (or change it, with write=True), else 404.

    Hiring managers read the letters of their offers; recruiters and administrators write them.
    """
    if write and not (user.is_authenticated and user.sees_all_offers):
        raise Http404
    try:
        return (
            OfferLetter.objects.select_related(
                "application__offer", "application__candidate", "application__stage"
            )
            .filter(application__in=applications_for_user(user))
            .get(pk=letter_id)
        )
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404 from error


def _pdf_response(data: bytes, filename: str, *, download: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@recruiter_required
def create(request, pk):
    application = get_application_for_user(request.user, pk)
    current = application.offer_letters.filter(status__in=["draft", "sent"]).first()
    if current:
        return redirect("offer_letters:detail", pk=current.pk)
    if request.method == "POST":
        form = OfferLetterForm(request.POST)
        if form.is_valid():
            letter = services.create_offer_letter(
                application=application, by=request.user, **form.cleaned_data
            )
            messages.success(request, _("Offer letter saved as a draft: check it, then send it."))
            return redirect("offer_letters:detail", pk=letter.pk)
    else:
        form = OfferLetterForm(initial=services.initial_values(application))
    return render(
        request, "offer_letters/form.html",
        {"application": application, "form": form, "letter": None},
    )  # fmt: skip


@team_member_required
def detail(request, pk):
    letter = get_letter_for_user(request.user, pk)
    application = letter.application
    audit.record(
        actor=request.user, action=AuditAction.VIEW, obj=application, detail="offer letter"
    )
    _subject, _body, text = rendered(letter)
    context = {
        "letter": letter,
        "application": application,
        "text": text,
        "can_write": request.user.sees_all_offers,
        "others": list(services.other_open_applications(letter))
        if letter.status == LetterStatus.ACCEPTED
        else [],
    }
    return render(request, "offer_letters/detail.html", context)


@recruiter_required
def edit(request, pk):
    letter = get_letter_for_user(request.user, pk, write=True)
    if not letter.is_open:
        messages.error(
            request, _("This offer letter has been answered or withdrawn: it cannot change.")
        )
        return redirect("offer_letters:detail", pk=letter.pk)
    form = OfferLetterForm(request.POST or None, instance=letter)
    if request.method == "POST" and form.is_valid():
        was_sent = letter.status == LetterStatus.SENT
        letter = services.update_offer_letter(letter=letter, by=request.user, **form.cleaned_data)
        if was_sent:
            messages.warning(
                request,
                _(
                    "The letter is a draft again and its link no longer works: "
                    "send the new version."
                ),
            )
        else:
            messages.success(request, _("Offer letter saved."))
        return redirect("offer_letters:detail", pk=letter.pk)
    return render(
        request, "offer_letters/form.html",
        {"application": letter.application, "form": form, "letter": letter},
    )  # fmt: skip


@recruiter_required
@require_POST
def send(request, pk):
    letter = get_letter_for_user(request.user, pk, write=True)
    try:
        services.send_offer_letter(letter=letter, by=request.user)
    except services.OfferNotOpen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The offer letter is on its way to the candidate."))
    return redirect("offer_letters:detail", pk=letter.pk)


@recruiter_required
@require_POST
def withdraw(request, pk):
    letter = get_letter_for_user(request.user, pk, write=True)
    try:
        services.withdraw_offer_letter(
            letter=letter, by=request.user, notify=request.POST.get("notify") == "1"
        )
    except services.OfferNotOpen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The offer was withdrawn; its link no longer works."))
    return redirect("offer_letters:detail", pk=letter.pk)


@team_member_required
def pdf(request, pk):
    """The PDF the candidate received, or a preview of a draft."""
    letter = get_letter_for_user(request.user, pk)
    if letter.pdf and letter.status != LetterStatus.DRAFT:
        with letter.pdf.open("rb") as handle:
            data = handle.read()
    else:
        data = render_pdf(letter)
    audit.record(
        actor=request.user, action=AuditAction.DOWNLOAD, obj=letter.application,
        detail="offer letter PDF",
    )  # fmt: skip
    return _pdf_response(data, f"offer-letter-{letter.pk}.pdf", download=False)


@recruiter_required
def close_others(request, pk):
    letter = get_letter_for_user(request.user, pk, write=True)
    if letter.status != LetterStatus.ACCEPTED:
        raise Http404
    others = list(services.other_open_applications(letter))
    if request.method == "POST":
        form = CloseOthersForm(request.POST)
        if form.is_valid():
            count = services.close_other_applications(
                letter=letter, by=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                _("%(count)s applications closed; each candidate was e-mailed.") % {"count": count},
            )
            return redirect("hiring:board", pk=letter.application.offer_id)
    else:
        subject, body = services.closing_template(request.LANGUAGE_CODE)
        form = CloseOthersForm(initial={"subject": subject, "body": body})
    return render(
        request, "offer_letters/close_others.html",
        {"letter": letter, "others": others, "form": form},
    )  # fmt: skip


@recruiter_required
def templates(request):
    custom = {t.language: t for t in OfferLetterTemplate.objects.all()}
    rows = [(code, name, custom.get(code)) for code, name in settings.LANGUAGES]
    return render(request, "offer_letters/templates.html", {"rows": rows})


@recruiter_required
def template_edit(request, language):
    if language not in dict(settings.LANGUAGES):
        raise Http404
    instance = OfferLetterTemplate.objects.filter(language=language).first()
    if instance is None:
        subject, body, letter = default_template(language)
        instance = OfferLetterTemplate(
            language=language, email_subject=subject, email_body=body, letter=letter
        )
    form = OfferLetterTemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Offer letter template saved."))
        return redirect("offer_letters:templates")
    return render(
        request, "offer_letters/template_form.html",
        {"form": form, "language": dict(settings.LANGUAGES)[language],
         "placeholders": PLACEHOLDER_NAMES},
    )  # fmt: skip


# --- The candidate's side: a link, no account -----------------------------------------------


def _letter_or_gone(request, token):
    letter = services.letter_for_token(token)
    if letter is None:
        response = render(request, "offer_letters/link_invalid.html", status=404)
        return None, response
    return letter, None


@never_cache
def answer(request, token):
    letter, gone = _letter_or_gone(request, token)
    if gone:
        return gone
    form = DeclineForm(request.POST or None)
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.accept_offer(letter, via="link")
                return redirect("offer_letters:answer", token=token)
            if action == "decline" and form.is_valid():
                services.decline_offer(letter, form.cleaned_data["reason"], via="link")
                return redirect("offer_letters:answer", token=token)
        except services.OfferNotOpen as error:
            problem = str(error)
        letter.refresh_from_db()
    elif letter.status == LetterStatus.WITHDRAWN:
        problem = _("This offer has been withdrawn by the employer.")
    elif letter.status == LetterStatus.SENT and letter.is_expired:
        problem = _("The time to answer this offer is over.")
    _subject, _body, text = rendered(letter)
    context = {
        "letter": letter,
        "text": text,
        "form": form,
        "problem": problem,
        "token": token,
        "employer": Employer.current(),
        "can_answer": letter.status == LetterStatus.SENT and not letter.is_expired,
    }
    status = (
        410 if problem and letter.status in (LetterStatus.WITHDRAWN, LetterStatus.SENT) else 200
    )
    return keep_token_on_site(render(request, "offer_letters/answer.html", context, status=status))


@never_cache
def answer_pdf(request, token):
    letter, gone = _letter_or_gone(request, token)
    if gone:
        return gone
    if letter.status == LetterStatus.WITHDRAWN or not letter.pdf:
        return render(request, "offer_letters/link_invalid.html", status=410)
    with letter.pdf.open("rb") as handle:
        data = handle.read()
    return _pdf_response(data, f"offer-letter-v{letter.version}.pdf", download=True)
