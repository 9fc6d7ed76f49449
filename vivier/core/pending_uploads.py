"""Keep a valid upload across a form that failed for another reason, so nobody uploads twice.

The file goes to private storage under a random name; the form carries a signed token naming it.
A periodic job removes what was never claimed.
"""

import datetime as dt
import uuid

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

SALT = "vivier.pending-upload"
MAX_AGE_S = 24 * 3600  # seconds a kept upload stays claimable
FOLDER = "pending"


def keep(upload) -> str:
    """Store the upload and return a token that gives it back to the same form later."""
    storage = storages["private"]
    upload.seek(0)
    stored_name = storage.save(f"{FOLDER}/{uuid.uuid4().hex}", ContentFile(upload.read()))
    upload.seek(0)
    return signing.dumps({"path": stored_name, "name": upload.name}, salt=SALT)


def claim(token: str):
    """The kept file for a token, as an uploaded-file-like object, or None if invalid or gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_S)
    except signing.BadSignature:
        return None
    storage = storages["private"]
    path = data.get("path", "")
    if not path.startswith(FOLDER + "/") or not storage.exists(path):
        return None
    with storage.open(path, "rb") as handle:
        content = ContentFile(handle.read(), name=data.get("name") or "cv")
    return content


def discard(token: str) -> None:
    """Remove a kept file once the form that kept it is done with it."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_S)
    except signing.BadSignature:
        return
    path = data.get("path", "")
    if path.startswith(FOLDER + "/"):
        storages["private"].delete(path)


def original_name(token: str) -> str:
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE_S).get("name", "")
    except signing.BadSignature:
        return ""


def remove_expired(now=None) -> int:
    storage = storages["private"]
    if not storage.exists(FOLDER):
        return 0
    limit = (now or timezone.now()) - dt.timedelta(seconds=MAX_AGE_S)
    removed = 0
    for name in storage.listdir(FOLDER)[1]:
        path = f"{FOLDER}/{name}"
        if storage.get_modified_time(path) < limit:
            storage.delete(path)
            removed += 1
    return removed
