"""The queue settings build a working Huey on SQLite and on the real Redis server."""

import uuid

import pytest
import redis
from huey import RedisHuey, SqliteHuey

from vivier.core.queue import huey_settings


def build(settings_dict):
    kinds = {"huey.SqliteHuey": SqliteHuey, "huey.RedisHuey": RedisHuey}
    options = {k: v for k, v in settings_dict.items() if k not in {"huey_class", "consumer"}}
    return kinds[settings_dict["huey_class"]](**options)


def round_trip(huey):
    @huey.task()
    def add(a, b):
        return a + b

    result = add(2, 3)
    assert huey.pending_count() == 1
    task = huey.dequeue()
    huey.execute(task)
    assert result.get() == 5
    assert huey.pending_count() == 0


def test_the_sqlite_queue_stores_and_runs_a_task(tmp_path):
    settings_dict = huey_settings(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    assert settings_dict["huey_class"] == "huey.SqliteHuey"
    round_trip(build(settings_dict))


def test_the_redis_queue_stores_and_runs_a_task():
    url = "redis://127.0.0.1:6379/15"
    settings_dict = huey_settings(url)
    assert settings_dict["huey_class"] == "huey.RedisHuey"
    huey = build({**settings_dict, "name": f"vivier-test-{uuid.uuid4().hex}"})
    try:
        round_trip(huey)
    finally:
        huey.storage.flush_all()
        redis.Redis.from_url(url).close()


def test_an_unknown_queue_url_fails_loudly():
    with pytest.raises(ValueError, match="QUEUE_URL"):
        huey_settings("amqp://localhost")
