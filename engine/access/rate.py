"""Per-key rate limits: one token bucket per key id, refilled continuously."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

# Buckets idle this long are full again and can be forgotten.
_FORGET_AFTER_SECONDS = 600.0
_MAX_BUCKETS = 100_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Allow ``burst`` requests at once and ``rate_per_second`` sustained, per key.

    ``take`` returns 0 when the request may go ahead, or the whole number of
    seconds after which the next token is available (for ``Retry-After``).
    """

    def __init__(self, rate_per_second: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate_per_second
        self.burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> int:
        now = self._clock()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= _MAX_BUCKETS:
                    self._forget_idle(now)
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)

            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0
            return max(1, math.ceil((1.0 - bucket.tokens) / self.rate))

    def _forget_idle(self, now: float) -> None:
        idle = [key for key, bucket in self._buckets.items() if now - bucket.updated > _FORGET_AFTER_SECONDS]
        for key in idle:
            del self._buckets[key]


class AuditThrottle:
    """At most one audit entry per key every ``interval`` seconds, so a flood of refusals cannot flood the log.

    ``admit`` returns None while a key's entry is being held back (and counts
    it), or the number of entries held back since that key's last entry.
    """

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()

    def admit(self, key: str) -> int | None:
        now = self._clock()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.interval:
                self._held[key] = self._held.get(key, 0) + 1
                return None

            if len(self._last) >= _MAX_BUCKETS:
                self._forget_idle(now)
            self._last[key] = now
            return self._held.pop(key, 0)

    def _forget_idle(self, now: float) -> None:
        # NOTE: a forgotten key's held-back count is lost; it is only a count of skipped entries.
        idle = [key for key, last in self._last.items() if now - last > _FORGET_AFTER_SECONDS]
        for key in idle:
            del self._last[key]
            self._held.pop(key, None)
