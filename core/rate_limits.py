"""
A fixed-window rate limit in the cache, per keyed IP hash: the comment form
and the newsletter's subscribe form each count their own attempts.
"""

import time

from django.core.cache import cache


def over_limit(scope: str, ip_hash: str, limit: int, window: int) -> bool:
    """Count one attempt from ``ip_hash`` in ``scope``; True past ``limit`` for the window."""
    if not ip_hash or not limit:
        return False
    key = f"{scope}:rate:{ip_hash}:{int(time.time() // window)}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        count = 1
    return count > limit
