"""A circuit breaker: stop calling a dependency that just failed, try it again later.

Why: with Redis hung (SIGSTOP) every cache call waited for its socket timeout, so every
request paid it, several times (p99 10 s, throughput -97 %), and every call logged a traceback
(12 MB of log in 20 s). With the breaker the first failure opens the circuit; while it is open
calls are skipped at no cost (the caller treats that as a cache miss); after a cool-down one
call is let through as a trial (half-open): success closes the circuit, failure opens it again
with a doubled cool-down (up to MAX_COOLDOWN). Each state change is logged once, as one line.

    breaker = CircuitBreaker("cache")
    if breaker.allow():
        try:
            value = redis_call()
        except Exception:
            breaker.failure()
        else:
            breaker.success()
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"
FIRST_COOLDOWN = 1.0  # seconds before the first trial
MAX_COOLDOWN = 30.0
# Socket timeouts for Redis clients: on a LAN Redis answers in well under a millisecond, so
# 20 ms only ever runs out when Redis is hung or gone. A request meets at most two of them (the
# cache's first call and the rate limit's), since the first failure opens each circuit: <= 50 ms.
REDIS_TIMEOUT = 0.02


def redis_options() -> dict[str, object]:
    """Keyword arguments for every Redis client of the app (cache and rate limit).

    No retries: redis-py 6+ retries a timed-out call 3 times with a backoff of up to a second,
    which turned one short timeout into ~0.8 s per call with Redis hung (measured)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "socket_timeout": REDIS_TIMEOUT,
        "socket_connect_timeout": REDIS_TIMEOUT,
        "retry": Retry(NoBackoff(), 0),
        "retry_on_timeout": False,
    }


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        first_cooldown: float = FIRST_COOLDOWN,
        max_cooldown: float = MAX_COOLDOWN,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.first_cooldown = first_cooldown
        self.max_cooldown = max_cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self.state = CLOSED
        self._cooldown = first_cooldown
        self._retry_at = 0.0
        self._trial_running = False

    def allow(self) -> bool:
        """May the caller use the dependency now? In half-open state, one caller at a time."""
        if self.state == CLOSED:  # the common case, without taking the lock
            return True
        with self._lock:
            if self.state == OPEN and self._clock() >= self._retry_at:
                self._change(HALF_OPEN, f"trying {self.name} again")
            if self.state == HALF_OPEN and not self._trial_running:
                self._trial_running = True
                return True
            return False

    def success(self) -> None:
        if self.state == CLOSED:
            return
        with self._lock:
            self._trial_running = False
            self._cooldown = self.first_cooldown
            if self.state != CLOSED:
                self._change(CLOSED, f"{self.name} is back")

    def failure(self, exc: BaseException | None = None) -> None:
        with self._lock:
            self._trial_running = False
            if self.state == OPEN:
                return  # a call that started before the circuit opened
            if self.state == HALF_OPEN:
                self._cooldown = min(self._cooldown * 2, self.max_cooldown)
            else:
                self._cooldown = self.first_cooldown
            self._retry_at = self._clock() + self._cooldown
            reason = f"{type(exc).__name__}: {exc}" if exc is not None else "failure"
            self._change(
                OPEN, f"{self.name} unavailable ({reason}); skipping it for {self._cooldown:g} s"
            )

    def _change(self, state: str, message: str) -> None:
        self.state = state
        level = logging.WARNING if state == OPEN else logging.INFO
        log.log(level, "circuit breaker %s %s: %s", self.name, state, message)
