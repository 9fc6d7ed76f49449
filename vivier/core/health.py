"""`/healthz`: can this web process serve? For load balancers and monitors (docs/operations.md).

Each check is the smallest real use of a service a page needs: a trivial query on the database,
a value written to and read back from the shared cache, the length of the job queue read from
its storage. Nothing is written to the database and no session is made, so a probe every second
costs nothing; the answer is never cached. 200 when all pass; 503 naming the ones that failed
(the details go to the log, not to whoever asks).
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)

CACHE_PROBE_TTL_S = 10  # seconds; the probe's key is deleted at once, this bounds a leftover


def database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def cache_answers() -> bool:
    # A key of its own per probe: two processes probing at once cannot read each other's value.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, 1, timeout=CACHE_PROBE_TTL_S)
    try:
        return cache.get(key) == 1
    finally:
        cache.delete(key)


def queue_answers() -> bool:
    return HUEY.pending_count() >= 0  # LLEN on Redis, a COUNT on SQLite


CHECKS = {"database": database_answers, "cache": cache_answers, "queue": queue_answers}


@never_cache
@require_safe
def healthz(request):
    checks = {}
    for name, check in CHECKS.items():
        try:
            passed = check()
        except Exception:  # any failure of the service is the answer, not an error page
            logger.exception("Health check %s failed", name)
            passed = False
        checks[name] = "ok" if passed else "failed"
    failed = [name for name, result in checks.items() if result != "ok"]
    body = {"status": "failed" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
