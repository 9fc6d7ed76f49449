"""Each team member manages their own API tokens."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import team_member_required
from vivier.api import services
from vivier.api.forms import TokenForm


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
