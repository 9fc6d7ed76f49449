"""The text of a post, written once from the offer and shaped for each channel."""

import re
import string

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vivier.brand.models import Employer
from vivier.core.markdown import markdown_to_text
from vivier.distribution.connectors import Post
from vivier.distribution.models import ChannelKind
from vivier.distribution.text import shorten
from vivier.jobs.models import JobOffer

PLACEHOLDERS = ("title", "place", "contract", "hook", "employer", "hashtags", "link")
HOOK_MAX_CHARS = 300

# Per network: short where the network is short, a fuller post where readers expect one.
DEFAULT_TEMPLATES = {
    ChannelKind.X: gettext_lazy("{title} · {contract} · {place}\n{hook}\n{link} {hashtags}"),
    ChannelKind.MASTODON: gettext_lazy(
        "{employer} is hiring: {title}\n{contract} · {place}\n\n{hook}\n\n{link}\n\n{hashtags}"
    ),
    ChannelKind.EMAIL: gettext_lazy(
        "{employer} is hiring: {title}\n{contract} · {place}\n\n{hook}\n\n"
        "Read the offer and apply: {link}"
    ),
}
CAMPAIGN_TEMPLATE = gettext_lazy("{employer}: {title}\n\n{hook}\n\n{link}\n\n{hashtags}")
DEFAULT_TEMPLATE = gettext_lazy(
    "{employer} is hiring: {title}\n{contract} · {place}\n\n{hook}\n\n"
    "Read the offer and apply: {link}\n\n{hashtags}"
)


def template_problems(template: str) -> list[str]:
    """What is wrong with a channel's template, for the channel form."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError:
        return [_("A brace is not closed: placeholders are written {title}, {link}…")]
    problems = []
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        problems.append(
            _("Unknown placeholders: %(names)s.")
            % {"names": ", ".join(f"{{{name}}}" for name in unknown)}
        )
    if "link" not in names:
        problems.append(_("The template must contain {link}: it carries the tracked link."))
    return problems


def _hook(offer) -> str:
    hook = offer.summary or markdown_to_text(offer.description)
    return shorten(" ".join(hook.split()), HOOK_MAX_CHARS)


def _offer_values(offer, channel) -> tuple[str, dict]:
    template = channel.message_template or DEFAULT_TEMPLATES.get(channel.kind, DEFAULT_TEMPLATE)
    return str(template), {
        "title": offer.title,
        "place": offer.location_label,
        "contract": offer.get_contract_type_display(),
        "hook": _hook(offer),
        "hashtags": " ".join(channel.hashtag_list),
    }


def _campaign_values(campaign, channel) -> tuple[str, dict]:
    template = channel.message_template or CAMPAIGN_TEMPLATE
    tags = channel.hashtag_list + [
        "#" + tag.lstrip("#") for tag in campaign.hashtags.replace(",", " ").split() if tag
    ]
    return str(template), {
        "title": campaign.landing_title,
        "place": campaign.region,
        "contract": "",
        "hook": shorten(" ".join(campaign.objective.split()), HOOK_MAX_CHARS),
        "hashtags": " ".join(dict.fromkeys(tags)),
    }


def render_text(subject, channel, link: str, *, connector=None) -> str:
    """The post for this channel about an offer or a campaign, shortened to fit the network
    (the hook first, then the hashtags)."""
    is_offer = isinstance(subject, JobOffer)
    with translation.override(subject.language if is_offer else settings.LANGUAGE_CODE):
        template, values = (_offer_values if is_offer else _campaign_values)(subject, channel)
        values["employer"] = Employer.current().name
        values["link"] = link
    text = _fill(template, values)
    if connector is None:
        return text
    limit = connector.max_length()
    overflow = connector.length(text) - limit
    if overflow > 0 and values["hook"]:
        values["hook"] = shorten(values["hook"], max(0, len(values["hook"]) - overflow - 1))
        text = _fill(template, values)
    if connector.length(text) > limit:
        values["hashtags"] = ""
        text = _fill(template, values)
    return text


def _fill(template: str, values: dict) -> str:
    text = template.format_map(values)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def post_for(publication) -> Post:
    subject = publication.subject
    with translation.override(settings.LANGUAGE_CODE):
        page_url = settings.SITE_URL + subject.get_absolute_url()
    title = subject.title if publication.offer_id else subject.landing_title
    return Post(
        text=publication.text,
        link=publication.link.url,
        title=f"{title} — {Employer.current().name}",
        offer_url=page_url,
        idempotency_key=str(publication.idempotency_key),
        publication_id=publication.pk,
        extra={"language": getattr(subject, "language", settings.LANGUAGE_CODE)},
    )
