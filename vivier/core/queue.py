"""The background-job queue's settings, from one QUEUE_URL.

sqlite:///path/to/file.sqlite3 (development default: no server to run) or redis://host:port/db
(production: any number of workers on any number of machines share it).
"""

from urllib.parse import urlsplit


def huey_settings(queue_url: str, *, workers: int = 2, immediate: bool = False) -> dict:
    scheme = urlsplit(queue_url).scheme
    if scheme in {"redis", "rediss"}:
        storage = {"huey_class": "huey.RedisHuey", "url": queue_url}
    elif scheme == "sqlite":
        storage = {
            "huey_class": "huey.SqliteHuey",
            "filename": queue_url.removeprefix("sqlite:///"),
        }
    else:
        raise ValueError(f"QUEUE_URL must start with sqlite:/// or redis://, not {queue_url!r}")
    return {
        "name": "vivier",
        "immediate": immediate,
        "consumer": {"workers": workers, "worker_type": "thread"},
        **storage,
    }
