from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html_join
from django.utils.translation import get_language, get_language_info

from vivier.core.markdown import markdown_to_text, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text or "")


@register.filter
def markdown_text(text):
    return markdown_to_text(text or "")


@register.simple_tag(takes_context=True)
def querystring_without(context, *names):
    """The current query string less the given keys (for pagination links that keep filters)."""
    query = context["request"].GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@register.simple_tag
def hidden_fields(query, *skip):
    return format_html_join(
        "",
        '<input type="hidden" name="{}" value="{}">',
        ((k, v) for k, v in query.items() if k not in skip),
    )


@register.simple_tag(takes_context=True)
def language_links(context):
    """(code, local name, address of this page in that language, is current) for each language.

    Plain links rather than a form: the language is in the URL, so pages stay cacheable and
    need no CSRF cookie nor script.
    """
    request = context["request"]
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(request.get_full_path(), code)
        links.append((code, get_language_info(code)["name_local"], url, code == current))
    return links
