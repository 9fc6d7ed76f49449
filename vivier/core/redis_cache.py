"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django's client builds a new redis.Redis, and with it its table of a hundred response
callbacks, for every cache call: some 60 µs of CPU each on the project machine, and the API's
rate limit makes two calls a request. A client holds no connection of its own (the pool does)
and is safe to share between threads, so keeping it changes nothing else.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
