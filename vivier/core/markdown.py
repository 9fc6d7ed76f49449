"""Markdown written by staff and members, rendered to HTML that is safe to show to anyone."""

import html
import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "blockquote", "code", "pre", "ul", "ol",
    "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
# A table or a block of code wider than a phone scrolls in a box of its own, which the keyboard
# can reach (WCAG 2.1.1 and 1.4.10), instead of widening the page. Added after the sanitiser,
# around the tags it let through, so nothing typed can make one.
SCROLL_BOX = '<div class="scroll-box" tabindex="0">'
_SCROLLING_OPEN = re.compile(r"<(?:table|pre)>")
_SCROLLING_CLOSE = re.compile(r"</(?:table|pre)>")


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> SafeString:
    """Markdown to sanitised HTML: raw HTML, scripts, styles and javascript: links are dropped.

    Headings start at h2 because each page already has its own h1.
    """
    html = markdown_lib.markdown(text or "", extensions=["sane_lists", "tables"])
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    cleaned = _SCROLLING_OPEN.sub(lambda match: SCROLL_BOX + match.group(0), cleaned)
    cleaned = _SCROLLING_CLOSE.sub(lambda match: match.group(0) + "</div>", cleaned)
    return mark_safe(cleaned)  # noqa: S308 - nh3 has removed everything not in the allow-list


def markdown_to_text(text: str) -> str:
    """Plain text of a Markdown field, for meta descriptions and feeds.

    Entities are decoded: the result is text, which templates and feeds escape themselves.
    """
    return html.unescape(nh3.clean(markdown_lib.markdown(text or ""), tags=set())).strip()
