"""How each network counts the length of a post.

X counts "weighted" characters (twitter-text, configuration v3): code points in the Latin,
punctuation and a few other ranges weigh 1, everything else (CJK, most emoji) weighs 2, and every
URL weighs 23 whatever its length because X wraps it in t.co. Mastodon counts code points, every URL
as 23 and a remote mention `@user@server` as `@user`. Others count code points.
"""

import re
import unicodedata

URL_LENGTH = 23
# The scheme is case-insensitive: X and Mastodon shorten "HTTPS://…" like "https://…".
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+[^\s<>\"'.,;:!?)\]}]", re.IGNORECASE)
MENTION_PATTERN = re.compile(r"(?<![\w@])(@\w+)@[\w.-]+\w")

# twitter-text v3: ranges of code points that weigh 1; the rest weighs 2.
_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))
# Code points that join or modify the previous one: they add nothing to an emoji's weight.
_EMOJI_JOINERS = {0x200D, 0xFE0F, 0xFE0E} | set(range(0x1F3FB, 0x1F400))


def _weight(code_point: int) -> int:
    return 1 if any(low <= code_point <= high for low, high in _LIGHT_RANGES) else 2


def x_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    length = 0
    position = 0
    for match in URL_PATTERN.finditer(text):
        length += _weighted(text[position : match.start()]) + URL_LENGTH
        position = match.end()
    return length + _weighted(text[position:])


def _weighted(text: str) -> int:
    total = 0
    after_joiner = False
    for char in text:
        code_point = ord(char)
        if code_point in _EMOJI_JOINERS:
            after_joiner = code_point == 0x200D
            continue
        if after_joiner:  # the second half of a ZWJ sequence such as 👩‍💻 is free
            after_joiner = False
            continue
        total += _weight(code_point)
    return total


def mastodon_length(text: str, url_length: int = URL_LENGTH) -> int:
    text = MENTION_PATTERN.sub(r"\1", text)
    urls = URL_PATTERN.findall(text)
    return len(URL_PATTERN.sub("", text)) + url_length * len(urls)


def plain_length(text: str) -> int:
    return len(text)


def shorten(text: str, length: int) -> str:
    """Cut at a word boundary and add an ellipsis, within `length` characters."""
    if len(text) <= length:
        return text
    if length <= 1:
        return ""
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-—")
    return cut + "…"
