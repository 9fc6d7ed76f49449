"""Secret tokens in links and API keys: only their SHA-256 is stored, so a copy of the database
opens nothing."""

import hashlib


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def keep_token_on_site(response):
    """For a page whose address holds a token: the address is never sent on to another site.
    same-origin, not no-referrer: under no-referrer browsers post the page's forms with
    "Origin: null", which Django's CSRF check refuses (found by tests/e2e/test_candidate_space.py;
    hubs/invitation.html says the same in a meta tag)."""
    response["Referrer-Policy"] = "same-origin"
    return response
