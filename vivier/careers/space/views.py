"""The candidate's space (/espace-candidat/): sign in, follow one's applications, act on them.

Every page but the sign-in ones is the candidate's own: access.candidate_required (others get
404) and access.get_application_of_candidate (another person's application id answers 404).
The candidate reads where each application stands in their own words (stages.py), the e-mails
sent to them, and their own documents: never the team's notes, scores or stage names.
"""

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.contrib import messages
from django.contrib.auth import login as sign_in
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from vivier.accounts import sign_in_links
from vivier.accounts.access import (
    applications_of_candidate,
    candidate_required,
    get_application_of_candidate,
)
from vivier.accounts.candidates import is_candidate, verified_emails
from vivier.careers.space import integrations, stages
from vivier.careers.space.forms import NewCVForm, ReplyForm, SignInLinkForm, WithdrawForm
from vivier.careers.space.services import add_cv
from vivier.core import antibot, throttle
from vivier.core.private_files import private_file_response
from vivier.core.tokens import keep_token_on_site
from vivier.hiring.conversations.models import Via
from vivier.hiring.conversations.services import record_candidate_reply
from vivier.hiring.interviews.services import SchedulingError, book_slot
from vivier.hiring.models import PipelineStage, StageKind
from vivier.hiring.offer_letters import services as offer_letter_services
from vivier.hiring.offer_letters.forms import DeclineForm
from vivier.hiring.services import move_application

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def sign_in_providers(request) -> list[dict]:
    """The OpenID Connect providers the operator configured (LinkedIn, Google), as buttons."""
    next_url = reverse("space:home")
    return [
        {"name": provider.name, "url": provider.get_login_url(request, next=next_url)}
        for provider in get_social_adapter().list_providers(request)
    ]


@never_cache
def login(request):
    """Ask for a sign-in link by e-mail, or sign in with LinkedIn or Google."""
    if is_candidate(request.user):
        return redirect("space:home")
    form = SignInLinkForm(request.POST or None)
    context = {"providers": sign_in_providers(request)}
    if request.method == "POST":
        try:
            throttle.check("candidate-link-address", throttle.client_address(request))
            if form.is_valid():
                email = form.cleaned_data["email"]
                throttle.check("candidate-link-email", email)
                # The same answer whether or not the address is known (sign_in_links.py).
                sign_in_links.ask_for_link(email=email, language=get_language())
                return render(request, "space/link_sent.html", {"email": email})
        except throttle.Throttled as error:
            typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
            ticket = antibot.issue_ticket(shown_at=antibot.shown_at(typed.get("ticket", "")))
            context["form"] = SignInLinkForm(initial=typed, ticket=ticket)
            return throttle.too_many_requests(
                request, error, template="space/login.html", context=context
            )
    return render(request, "space/login.html", {**context, "form": form})


@never_cache
def link(request, token):
    """The link from the e-mail. GET only shows a button: mail scanners follow links too."""
    if request.method == "POST":
        user = sign_in_links.use_link(token=token)
        if user is None:
            return render(request, "space/link_expired.html", status=410)
        sign_in(request, user, backend=BACKEND)
        return redirect("space:home")
    if not sign_in_links.is_usable(token):
        return render(request, "space/link_expired.html", status=410)
    return keep_token_on_site(render(request, "space/link.html"))


@never_cache
@candidate_required
def home(request):
    applications = list(
        applications_of_candidate(request.user)
        .select_related("offer", "stage")
        .order_by("-last_submitted_at", "-pk")
    )
    rows = [
        {
            "application": application,
            "step": stages.candidate_step(application),
            "explanation": stages.explanation(application),
        }
        for application in applications
    ]
    context = {"rows": rows, "emails": verified_emails(request.user)}
    return render(request, "space/home.html", context)


@never_cache
@candidate_required
def application_detail(request, pk):
    application = get_application_of_candidate(request.user, pk)
    return render(request, "space/application.html", _application_context(request, application))


def _application_context(request, application, **extra) -> dict:
    return {
        "application": application,
        "step": stages.candidate_step(application),
        "explanation": stages.explanation(application),
        "progress": stages.progress(application),
        "is_closed": application.stage.is_closed,
        "documents": list(
            application.documents.only("application_id", "original_name", "uploaded_at", "size")
        ),
        "thread": integrations.thread(application),
        "can_reply": integrations.can_reply(application),
        "interviews": integrations.interviews(application),
        "offer_letters": integrations.offer_letters(application),
        "cv_form": extra.pop("cv_form", None) or NewCVForm(),
        "reply_form": extra.pop("reply_form", None) or ReplyForm(),
        "decline_form": extra.pop("decline_form", None) or DeclineForm(),
        **extra,
    }


@never_cache
@candidate_required
def new_cv(request, pk):
    """A new CV: refused with the apply form's reasons, and then the current one stays."""
    application = get_application_of_candidate(request.user, pk)
    if application.stage.is_closed:
        raise_closed(request)
        return redirect("space:application", pk=application.pk)
    form = NewCVForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        add_cv(application=application, upload=form.cleaned_data["cv"], by=request.user)
        messages.success(request, _("Your new CV is sent. The team will read this one."))
        return redirect("space:application", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    context = _application_context(request, application, cv_form=form)
    return render(request, "space/application.html", context, status=status)


@never_cache
@candidate_required
def withdraw(request, pk):
    """Withdraw, after a confirmation: the application moves to the offer's withdrawn stage."""
    application = get_application_of_candidate(request.user, pk)
    if application.stage.is_closed:
        raise_closed(request)
        return redirect("space:application", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The offer's own pipeline's withdrawn stage; a template made without one falls back
        # on the default template's (every built-in template has one).
        stage = PipelineStage.for_offer(
            application.offer, StageKind.WITHDRAWN
        ) or PipelineStage.for_kind(StageKind.WITHDRAWN)
        if stage is None:
            messages.error(
                request,
                _("This application cannot be withdrawn online. Please answer one of our e-mails."),
            )
            return redirect("space:application", pk=application.pk)
        move_application(application=application, stage=stage, by=request.user)
        messages.success(request, _("Your application is withdrawn. Thank you for telling us."))
        return redirect("space:application", pk=application.pk)
    return render(request, "space/withdraw.html", {"application": application, "form": form})


def raise_closed(request) -> None:
    messages.info(request, _("This application is closed: it can no longer be changed."))


@never_cache
@candidate_required
def privacy(request):
    """The rights requests of vivier.privacy, with the person's address already typed."""
    from vivier.privacy.forms import RightsRequestForm

    emails = verified_emails(request.user)
    email = request.user.email if request.user.email.lower() in emails or not emails else emails[0]
    context = {"form": RightsRequestForm(initial={"email": email}), "email": email}
    return render(request, "space/privacy.html", context)


@never_cache
@candidate_required
def choose_slot(request, pk):
    """Take one of the interview slots proposed: interviews' own booking (one winner per slot)."""
    application = get_application_of_candidate(request.user, pk)
    if request.method != "POST":
        return redirect("space:application", pk=application.pk)
    interview = integrations.get_interview(application, request.POST.get("interview"))
    if interview is None:
        raise Http404
    try:
        book_slot(token_or_interview=interview, slot=request.POST.get("slot"), by=request.user)
    except SchedulingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Your interview is booked. An invitation for your calendar is on its way."),
        )
    return redirect(reverse("space:application", kwargs={"pk": application.pk}) + "#interviews")


@never_cache
@candidate_required
def reply(request, pk):
    """Answer the team: the reply joins the application's thread (conversations' service)."""
    application = get_application_of_candidate(request.user, pk)
    if application.stage.is_closed:
        raise_closed(request)
        return redirect("space:application", pk=application.pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = form.cleaned_data["attachment"]
        try:
            record_candidate_reply(
                application, form.cleaned_data["body"],
                attachments=[attachment] if attachment else [], via=Via.SPACE,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("attachment", error)
        else:
            messages.success(request, _("Your answer is sent to the team."))
            return redirect(reverse("space:application", kwargs={"pk": application.pk}) + "#thread")
    status = 400 if request.method == "POST" else 200
    context = _application_context(request, application, reply_form=form)
    return render(request, "space/application.html", context, status=status)


@never_cache
@candidate_required
def answer_offer(request, pk, letter_pk):
    """Accept or decline an offer letter: offer letters' own services decide what follows."""
    application = get_application_of_candidate(request.user, pk)
    letter = integrations.get_offer_letter(application, letter_pk)
    if letter is None:
        raise Http404
    if request.method != "POST":
        return redirect("space:application", pk=application.pk)
    form = DeclineForm(request.POST)
    action = request.POST.get("action")
    try:
        if action == "accept":
            offer_letter_services.accept_offer(letter, via="space")
            messages.success(
                request, _("You accepted the offer. Welcome! The team will be in touch.")
            )
        elif action == "decline" and form.is_valid():
            offer_letter_services.decline_offer(letter, form.cleaned_data["reason"], via="space")
            messages.success(request, _("You declined the offer. Thank you for telling us."))
    except offer_letter_services.OfferNotOpen as error:
        messages.error(request, str(error))
    return redirect(reverse("space:application", kwargs={"pk": application.pk}) + "#offer")


@never_cache
@candidate_required
def offer_pdf(request, pk, letter_pk):
    application = get_application_of_candidate(request.user, pk)
    letter = integrations.get_offer_letter(application, letter_pk)
    if letter is None or not letter.pdf:
        raise Http404
    return private_file_response(
        letter.pdf, filename=f"offer-letter-v{letter.version}.pdf", content_type="application/pdf"
    )


@candidate_required
def document(request, pk, document_id):
    """One of the candidate's own CVs, downloaded (a document of another application: 404)."""
    application = get_application_of_candidate(request.user, pk)
    doc = application.documents.filter(pk=document_id).first()
    if doc is None:
        raise Http404
    return private_file_response(
        doc.file, filename=doc.original_name, content_type=doc.content_type
    )
