"""
Django's Redis cache backend, keeping one client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every
cache call, and building one fills a table of about 170 response callbacks.
A page-cache hit makes two cache calls, so that setup was most of what a
cached page cost. ``redis.Redis`` is thread-safe and the pool is shared
anyway, so one client per pool is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write: bool = False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class PooledRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = PooledRedisCacheClient
