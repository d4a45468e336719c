"""Pages kept in Redis, shared by every process on every machine.

Keys, under ``bs:pc:``: ``e:<url>`` a hash (``m`` headers and expiry as JSON, ``b`` the
page, ``g`` gzip, ``r`` brotli) that expires with the entry; ``t:<tag>`` the set of
addresses carrying a tag; ``gen`` the generation; ``whole`` the whole generation,
raised only when every page is thrown away. Storing and purging are Lua scripts,
so each is one atomic step however many processes race.
"""

import json
import time
from typing import cast

import redis

from broadsheet.pagecache.entries import Entry
from broadsheet.pagecache.keys import PageKey

PREFIX = "bs:pc:"

# KEYS: entry, gen; ARGV: generation read before rendering, ttl, m, b, g, r, url, tags
# (JSON), tag key prefix. Tag keys are built here, so this suits one Redis, not a cluster.
PUT = """
if tonumber(redis.call('GET', KEYS[2]) or '0') ~= tonumber(ARGV[1]) then return 0 end
local old = redis.call('HGET', KEYS[1], 't')
if old then
  for _, tag in ipairs(cjson.decode(old)) do redis.call('SREM', ARGV[9] .. tag, ARGV[7]) end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'm', ARGV[3], 'b', ARGV[4], 't', ARGV[8])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'g', ARGV[5]) end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'r', ARGV[6]) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
for _, tag in ipairs(cjson.decode(ARGV[8])) do
  local set = ARGV[9] .. tag
  redis.call('SADD', set, ARGV[7])
  -- A tag outlives every entry it names, or a purge could miss one.
  if redis.call('TTL', set) < tonumber(ARGV[2]) then redis.call('EXPIRE', set, ARGV[2]) end
end
return 1
"""

# KEYS: gen, tag sets...; ARGV: the entry key prefix. Returns the addresses purged.
PURGE = """
redis.call('INCR', KEYS[1])
local purged = {}
for i = 2, #KEYS do
  for _, url in ipairs(redis.call('SMEMBERS', KEYS[i])) do
    if redis.call('DEL', ARGV[1] .. url) == 1 then table.insert(purged, url) end
  end
  redis.call('DEL', KEYS[i])
end
return purged
"""


class RedisStore:
    def __init__(self, url: str, *, memory_bytes: int = 0):
        self.client = redis.Redis.from_url(url)
        self._put = self.client.register_script(PUT)
        self._purge = self.client.register_script(PURGE)
        # Every read goes to Redis: a copy in this process could miss another machine's purge.
        self.memory = None

    def get(self, key: PageKey) -> Entry | None:
        # Bytes: the client is made without decode_responses.
        fields = cast(
            list[bytes | None], self.client.hmget(PREFIX + "e:" + key.url, "m", "b", "g", "r")
        )
        meta, body, gz, br = fields
        if meta is None or body is None:
            return None
        stored = json.loads(meta)
        entry = Entry(
            headers=[tuple(header) for header in stored["headers"]],
            body=body,
            extension=stored["extension"],
            expires=stored["expires"],
            gzip=gz,
            br=br,
        )
        return entry if entry.is_fresh() else None

    def generation(self) -> int:
        return int(self.client.get(PREFIX + "gen") or 0)

    def generations(self) -> tuple[int, int]:
        """The generation, and the whole generation (raised only when every page goes)."""
        generation, whole = cast(
            list[bytes | None], self.client.mget(PREFIX + "gen", PREFIX + "whole")
        )
        return int(generation or 0), int(whole or 0)

    def put(self, key: PageKey, entry: Entry, tags, *, generation: int) -> bool:
        url = key.url
        meta = {"headers": entry.headers, "extension": entry.extension, "expires": entry.expires}
        ttl = max(1, int(entry.expires - time.time()))
        keys = [PREFIX + "e:" + url, PREFIX + "gen"]
        args: list[bytes | str | int] = [
            generation,
            ttl,
            json.dumps(meta),
            entry.body,
            entry.gzip or b"",
            entry.br or b"",
        ]
        args += [url, json.dumps(sorted(set(tags))), PREFIX + "t:"]
        return bool(self._put(keys=keys, args=args))

    def purge_tags(self, tags) -> list[str]:
        keys = [PREFIX + "gen", *(PREFIX + "t:" + t for t in sorted(set(tags)))]
        return sorted(url.decode() for url in self._purge(keys=keys, args=[PREFIX + "e:"]))

    def purge_all(self) -> None:
        with self.client.pipeline() as both:  # One transaction: MULTI … EXEC.
            both.incr(PREFIX + "whole")
            both.incr(PREFIX + "gen")
            both.execute()
        for pattern in (PREFIX + "e:*", PREFIX + "t:*"):
            batch = []
            for name in self.client.scan_iter(match=pattern, count=1000):
                batch.append(name)
                if len(batch) >= 1000:
                    self.client.delete(*batch)
                    batch = []
            if batch:
                self.client.delete(*batch)

    def urls(self) -> list[str]:
        start = len(PREFIX + "e:")
        names = self.client.scan_iter(match=PREFIX + "e:*", count=1000)
        return sorted(name.decode()[start:] for name in names)

    def tags_of(self, key: PageKey) -> set[str]:
        start = len(PREFIX + "t:")
        url = key.url
        return {
            name.decode()[start:]
            for name in self.client.scan_iter(match=PREFIX + "t:*", count=1000)
            if self.client.sismember(name, url)
        }
