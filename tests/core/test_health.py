"""/healthz, the load balancers' probe: 200 when the services answer, 503 naming the broken one."""

import socket

import pytest
from django.db import connection
from django.db.utils import load_backend
from django.test import override_settings
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage

from vivier.core import health


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused, as to a stopped server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broken_database(db, monkeypatch):
    """The health check's database connection points at nothing: a real connection of the
    same backend to a database that does not exist (the test's own connection is untouched)."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/folder/db.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    unreachable = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict)
    monkeypatch.setattr(health, "connection", unreachable)
    yield
    unreachable.close()


@pytest.fixture
def broken_cache():
    """A Redis cache that is down; restored before the shared fixtures empty the cache."""
    location = f"redis://127.0.0.1:{closed_port()}/0"
    backend = "django.core.cache.backends.redis.RedisCache"
    with override_settings(CACHES={"default": {"BACKEND": backend, "LOCATION": location}}):
        yield


@pytest.fixture
def broken_queue(monkeypatch):
    monkeypatch.setattr(
        HUEY, "storage", RedisStorage(name="vivier", url=f"redis://127.0.0.1:{closed_port()}/0")
    )


def test_it_answers_200_with_every_check_passed(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):  # SELECT 1, and nothing written
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "ok"},
    }


def test_it_is_never_cached_and_makes_no_session(client, db):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    assert not response.cookies
    assert "ETag" not in response


def test_it_is_not_redirected_to_a_language(client, db):
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert client.get("/en/healthz").status_code == 404


def test_it_answers_head_requests_and_refuses_posts(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_it_answers_503_naming_the_database_when_it_is_unreachable(client, broken_database):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failed",
        "checks": {"database": "failed", "cache": "ok", "queue": "ok"},
        "failed": ["database"],
    }
    assert "no-store" in response["Cache-Control"]


def test_it_answers_503_naming_the_cache_when_it_is_unreachable(client, db, broken_cache):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "failed", "queue": "ok"}
    assert response.json()["failed"] == ["cache"]


def test_it_answers_503_naming_the_queue_when_its_storage_is_unreachable(client, db, broken_queue):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["queue"]


def test_it_names_every_service_that_failed(client, broken_database, broken_cache):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["database", "cache"]
