"""Public screens: saving an alert, confirming it, the subscriber's page, leaving; questions."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt

from vivier.community.alerts import questions, services
from vivier.community.alerts.forms import CONSENT_TEXT, AlertForm, FrequencyForm, QuestionForm
from vivier.community.alerts.models import Subscriber
from vivier.core import antibot, throttle
from vivier.jobs.models import JobOffer, OfferStatus

# Criteria a link from the careers search may carry: the search's own parameter names.
SEARCH_TO_ALERT = {"q": "keywords", "contract": "contract_type", "department": "department",
                   "location": "place"}  # fmt: skip


def _form_again(form_class, request, context, template, error, **kwargs):
    """Over a limit: the form shown again as typed, with a fresh ticket, and the wait."""
    typed = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    ticket = antibot.issue_ticket(shown_at=antibot.shown_at(typed.get("ticket", "")))
    context["form"] = form_class(initial=typed, ticket=ticket, **kwargs)
    context["throttled"] = True
    return throttle.too_many_requests(request, error, template=template, context=context)


def subscribe(request):
    if request.method != "POST":
        initial = {
            alert_name: request.GET[search_name]
            for search_name, alert_name in SEARCH_TO_ALERT.items()
            if request.GET.get(search_name)
        }
        if request.user.is_authenticated and getattr(request.user, "email", ""):
            initial["email"] = request.user.email  # an account is optional, and saves typing
        return render(request, "alerts/subscribe.html", {"form": AlertForm(initial=initial)})
    form = AlertForm(request.POST)
    context = {"form": form}
    try:
        throttle.check("alerts-address", throttle.client_address(request))
        if form.is_valid():
            data = form.cleaned_data
            throttle.check("alerts-email", data["email"])
            try:
                services.subscribe(
                    email=data["email"],
                    criteria=services.AlertCriteria(
                        keywords=data["keywords"], contract_type=data["contract_type"],
                        department_id=data["department"], place=data["place"],
                        distance_km=data["distance_km"],
                    ),
                    frequency=data["frequency"],
                    consent_text=str(CONSENT_TEXT),
                    language=get_language(),
                )  # fmt: skip
            except services.AlertRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return render(request, "alerts/subscribed.html", {"email": data["email"]})
    except throttle.Throttled as error:
        return _form_again(AlertForm, request, context, "alerts/subscribe.html", error)
    return render(request, "alerts/subscribe.html", context)


def confirm(request, token):
    """The link from the mailbox. GET only shows a button: mail scanners follow links too."""
    alert = services.alert_for_confirmation(token)
    if alert is None:
        expired = services.is_expired_link(token)
        return render(request, "alerts/link_invalid.html", {"expired": expired}, status=410)
    if request.method == "POST":
        alert = services.confirm_alert(token=token)
        if alert is None:
            return render(request, "alerts/link_invalid.html", {"expired": False}, status=410)
        return redirect("alerts:manage", token=alert.subscriber.token)
    return render(request, "alerts/confirm.html", {"alert": alert})


def manage(request, token):
    subscriber = get_object_or_404(Subscriber, token=token)
    if request.method == "POST":
        if "delete_alert" in request.POST:
            services.delete_alert(subscriber=subscriber, alert_id=request.POST["delete_alert"])
        else:
            form = FrequencyForm(request.POST)
            if form.is_valid():
                services.change_frequency(
                    subscriber=subscriber, frequency=form.cleaned_data["frequency"]
                )
        return redirect("alerts:manage", token=token)
    alerts = list(subscriber.alerts.select_related("department"))
    for alert in alerts:
        alert.feed_link = services.feed_url(alert)
    context = {
        "subscriber": subscriber,
        "alerts": alerts,
        "frequency_form": FrequencyForm(initial={"frequency": subscriber.frequency}),
        "unsubscribe_token": services.unsubscribe_token(subscriber),
    }
    return render(request, "alerts/manage.html", context)


@csrf_exempt  # RFC 8058 one-click: mail programs POST without our token; the signed URL is the key
def unsubscribe(request, token):
    data = services.read_unsubscribe_token(token)
    if data is None:
        raise Http404
    done = request.method == "POST"
    if done:
        services.unsubscribe(email=data["e"])
    response = render(request, "alerts/unsubscribe.html", {"done": done, "address": data["e"]})
    response["Cache-Control"] = "no-store"
    return response


def ask(request, pk, slug):
    """Ask a public question on an offer; it shows once approved and answered."""
    offer = get_object_or_404(JobOffer, pk=pk, status__in=[OfferStatus.PUBLISHED])
    if slug != offer.slug:
        return redirect("alerts:ask", pk=offer.pk, slug=offer.slug)
    context = {"offer": offer, "questions": questions.public_questions(offer)}
    if not offer.is_open:
        return render(request, "alerts/ask.html", {**context, "is_closed": True}, status=410)
    if request.method != "POST":
        return render(request, "alerts/ask.html", {**context, "form": QuestionForm()})
    form = QuestionForm(request.POST)
    context["form"] = form
    try:
        throttle.check("questions-address", throttle.client_address(request))
        if form.is_valid():
            data = form.cleaned_data
            throttle.check("questions-email", data["author_email"])
            try:
                questions.ask_question(
                    offer=offer, author_name=data["author_name"],
                    author_email=data["author_email"], body=data["body"],
                    language=get_language(),
                )  # fmt: skip
            except questions.QuestionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                return render(request, "alerts/asked.html", {"offer": offer})
    except throttle.Throttled as error:
        return _form_again(QuestionForm, request, context, "alerts/ask.html", error)
    return render(request, "alerts/ask.html", context)
