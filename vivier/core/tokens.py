"""Secret tokens in links and API keys: only their SHA-256 is stored, so a copy of the database
opens nothing."""

import hashlib


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
