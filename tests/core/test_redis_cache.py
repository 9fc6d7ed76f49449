"""The Redis cache keeps one client per connection pool, on the real Redis."""

import datetime as dt

import pytest
import time_machine

from vivier.core import throttle
from vivier.core.redis_cache import RedisCache

URL = "redis://127.0.0.1:6379/10"  # a database of its own: the tests empty it


@pytest.fixture
def cache():
    cache = RedisCache(URL, {})
    cache.clear()
    yield cache
    cache.clear()


def test_every_call_shares_one_client_and_still_reads_what_it_wrote(cache):
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)
    cache.set("answer", {"value": 42})
    assert cache.get("answer") == {"value": 42}
    assert cache.add("answer", "other") is False
    with pytest.raises(ValueError):
        cache.incr("missing")
    cache.set("count", 1)
    assert cache.incr("count") == 2


@time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, 20, tzinfo=dt.UTC), tick=False)
def test_a_rate_counts_from_the_windows_first_request_in_redis(cache, monkeypatch):
    monkeypatch.setattr(throttle, "cache", cache)
    rate = throttle.Rate(2, 3600)
    throttle.count("probe", "203.0.113.4", rate)
    throttle.count("probe", "203.0.113.4", rate)
    with pytest.raises(throttle.Throttled) as over:
        throttle.count("probe", "203.0.113.4", rate)
    assert over.value.retry_after_s == 3600 - 20 + 1
    (key,) = cache._cache.get_client().keys("*throttle:probe*")
    assert 3600 < cache._cache.get_client().ttl(key) <= 7200
