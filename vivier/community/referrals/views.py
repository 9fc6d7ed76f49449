"""Members' pages: their links, referring someone, their referrals' status, the leaderboard."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.community.referrals import selectors, services
from vivier.community.referrals.forms import DirectReferralForm, LeaderboardChoiceForm
from vivier.community.referrals.models import ReferrerSettings
from vivier.jobs.models import JobOffer


def referrer_required(view):
    """Employees, alumni and partner members only; others signed in get 404, like missing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not services.can_refer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _open_offers():
    return JobOffer.objects.open().select_related("department").order_by("-published_at", "pk")


@referrer_required
def home(request):
    """Every open offer with the member's own link, to copy or share."""
    offers = list(_open_offers())
    links = services.personal_links(referrer=request.user, offers=offers)
    lines = [(offer, links[offer.pk].link) for offer in offers]
    return render(request, "referrals/home.html", {"lines": lines})


@referrer_required
def refer(request, pk):
    offer = get_object_or_404(_open_offers(), pk=pk)
    form = DirectReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refer_directly(
                referrer=request.user,
                offer=offer,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                reason=form.cleaned_data["reason"],
            )
        except services.ReferralRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you: %(name)s receives an invitation to apply.") % {
                    "name": form.cleaned_data["name"]
                }
            )  # fmt: skip
            return redirect("referrals:mine")
    return render(request, "referrals/refer.html", {"offer": offer, "form": form})


@referrer_required
def mine(request):
    referrals = list(selectors.my_referrals(request.user))
    return render(request, "referrals/mine.html", {"referrals": referrals})


@referrer_required
def leaderboard(request):
    period = request.GET.get("period", "month")
    if period not in selectors.PERIODS:
        period = "month"
    board = selectors.leaderboard(period=period, viewer=request.user)
    choice = ReferrerSettings.objects.filter(user=request.user).first()
    form = LeaderboardChoiceForm(
        initial={"show_on_leaderboard": bool(choice and choice.show_on_leaderboard)}
    )
    context = {
        "board": board,
        "period": period,
        "periods": selectors.PERIODS.items(),
        "form": form,
    }
    return render(request, "referrals/leaderboard.html", context)


@require_POST
@referrer_required
def leaderboard_choice(request):
    form = LeaderboardChoiceForm(request.POST)
    if form.is_valid():
        show = form.cleaned_data["show_on_leaderboard"]
        services.set_leaderboard_choice(user=request.user, show=show)
        if show:
            messages.success(request, _("Your name now shows on the leaderboard."))
        else:
            messages.success(request, _("You are now counted anonymously on the leaderboard."))
    return redirect("referrals:leaderboard")
