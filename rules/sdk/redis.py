"""Fixture for rules/sdk/redis.json."""
import redis
from django.conf import settings

cache = redis.from_url(settings.REDIS_URL)


def remember(key, value):
    # edge: sdk_call redis.from_url.set
    cache.set(key, value, ex=60)


def count(keys):
    pipe = cache.pipeline()
    for key in keys:
        # ok: sdk_call
        pipe.incr(key)
    # edge: sdk_call redis.Pipeline.execute
    return pipe.execute()


def local():
    r = redis.Redis(host="cache.acme.io", port=6379)
    # edge: sdk_call redis.Redis.get
    return r.get("k")
