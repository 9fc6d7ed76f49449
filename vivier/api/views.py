"""Each team member manages their own API tokens."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import team_member_required
from vivier.api import services, webhooks
from vivier.api.forms import TokenForm, WebhookForm
from vivier.api.models import WebhookEndpoint


@team_member_required
def tokens(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.create_token(
            user=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at,
        )
        form = TokenForm()
    context = {"form": form, "new_token": new_token, "tokens": request.user.api_tokens.all()}
    response = render(request, "api/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the page may show a secret
    return response


@team_member_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.revoke_token(token=token, by=request.user)
    messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("api_tokens:list")


@team_member_required
def webhook_list(request):
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        endpoint = WebhookEndpoint.objects.create(
            owner=request.user,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            secret=webhooks.new_secret(),
        )
        messages.success(request, _("The webhook is created; its secret signs every delivery."))
        return redirect("api_tokens:webhook", pk=endpoint.pk)
    endpoints = request.user.webhook_endpoints.all()
    return render(request, "api/webhooks.html", {"form": form, "endpoints": endpoints})


@team_member_required
def webhook_detail(request, pk):
    endpoint = get_object_or_404(request.user.webhook_endpoints, pk=pk)
    deliveries = endpoint.deliveries.all()[:50]
    response = render(
        request, "api/webhook_detail.html", {"endpoint": endpoint, "deliveries": deliveries}
    )
    response["Cache-Control"] = "no-store"  # the page shows the secret
    return response


@team_member_required
@require_POST
def webhook_toggle(request, pk):
    endpoint = get_object_or_404(request.user.webhook_endpoints, pk=pk)
    endpoint.is_active = not endpoint.is_active
    endpoint.consecutive_failures = 0
    endpoint.disabled_at = None
    endpoint.save(update_fields=["is_active", "consecutive_failures", "disabled_at"])
    return redirect("api_tokens:webhook", pk=endpoint.pk)


@team_member_required
@require_POST
def webhook_delete(request, pk):
    get_object_or_404(request.user.webhook_endpoints, pk=pk).delete()
    messages.success(request, _("The webhook is deleted."))
    return redirect("api_tokens:webhooks")


@team_member_required
@require_POST
def webhook_redeliver(request, pk, delivery_id):
    endpoint = get_object_or_404(request.user.webhook_endpoints, pk=pk)
    delivery = get_object_or_404(endpoint.deliveries, pk=delivery_id)
    webhooks.redeliver(delivery)
    messages.success(request, _("The event is sent again."))
    return redirect("api_tokens:webhook", pk=endpoint.pk)
