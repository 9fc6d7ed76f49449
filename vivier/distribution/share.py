"""Share pages of the networks, for visitors and for recruiters without API access."""

from urllib.parse import quote, urlencode


def linkedin_share_url(url: str) -> str:
    return f"https://www.linkedin.com/sharing/share-offsite/?url={quote(url, safe='')}"


def facebook_share_url(url: str) -> str:
    return f"https://www.facebook.com/sharer/sharer.php?u={quote(url, safe='')}"


def x_share_url(url: str, text: str) -> str:
    return "https://x.com/intent/post?" + urlencode({"text": text, "url": url})


def share_intent_url(kind: str, *, url: str, text: str) -> str:
    """The share page of a network, prefilled where the network allows (X takes the text)."""
    if kind == "linkedin":
        return linkedin_share_url(url)
    if kind == "facebook":
        return facebook_share_url(url)
    if kind == "x":
        # X adds the URL itself: keep the text without it.
        return x_share_url(url, text.replace(url, "").strip())
    raise ValueError(f"{kind} has no share page")
