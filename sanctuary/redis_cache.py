"""Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django's RedisCacheClient.get_client() makes a new redis.Redis object for every cache call,
and each one builds its table of response callbacks afresh: on a page answered from the
cache (a session, a person, a kept page: several calls) that was a fifth of the request's
time. A redis.Redis object is safe to share between threads (each command takes a
connection from the pool), so one per pool is kept and reused.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_in_window(self, key: str, previous: str, timeout: int) -> tuple[int, int]:
        """Count one more under `key` (kept `timeout` seconds from its first count) and read
        the count under `previous`, in one round trip: the API throttles' every request
        (sanctuary.api.WindowThrottle). Counts are plain integers, as cache.incr() keeps them."""
        current = self.make_and_validate_key(key)
        pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
        pipeline.incr(current)
        pipeline.expire(current, timeout, nx=True)
        pipeline.get(self.make_and_validate_key(previous))
        counted, _, before = pipeline.execute()
        return int(counted), int(before or 0)
