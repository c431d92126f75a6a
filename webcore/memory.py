"""The in-process cache backend (no Redis): an LRU bounded by entries *and* bytes.

Why not flask-caching's SimpleCache: once full, every `set` sorts all its entries to drop
one (about a millisecond per request at 2,000 entries), and it bounds the number of entries
but not their size, so a crawler asking for many large exports could grow a worker without
limit. Values are pickled like SimpleCache does, so a caller mutating a cached DataFrame
never changes what the next caller gets.

    CACHE_TYPE = "webcore.memory.BoundedMemoryCache"
    CACHE_THRESHOLD: most entries (default 5,000); CACHE_MAX_BYTES: most bytes (128 MB)
"""

from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict
from typing import Any

from flask import Flask
from flask_caching.backends.base import BaseCache

DEFAULT_MAX_ENTRIES = 5_000
DEFAULT_MAX_BYTES = 128_000_000


class BoundedMemoryCache(BaseCache):
    def __init__(
        self,
        default_timeout: int = 300,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
        **kwargs: Any,
    ) -> None:
        super().__init__(default_timeout=default_timeout, **kwargs)
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @classmethod
    def factory(
        cls, app: Flask, config: dict[str, Any], args: list[Any], kwargs: dict[str, Any]
    ) -> BoundedMemoryCache:
        kwargs.update(
            max_entries=config.get("CACHE_THRESHOLD") or DEFAULT_MAX_ENTRIES,
            max_bytes=config.get("CACHE_MAX_BYTES") or DEFAULT_MAX_BYTES,
        )
        return cls(*args, **kwargs)

    # ------------------------------------------------------------------ internals
    def _expiry(self, timeout: int | None) -> float:
        seconds = self._normalize_timeout(timeout)
        return time.monotonic() + seconds if seconds > 0 else float("inf")

    def _drop(self, key: str) -> None:
        entry = self._items.pop(key, None)
        if entry is not None:
            self._bytes -= len(entry[1])

    def _evict(self) -> None:
        while self._items and (len(self._items) > self.max_entries or self._bytes > self.max_bytes):
            _, (_, blob) = self._items.popitem(last=False)
            self._bytes -= len(blob)

    # ------------------------------------------------------------------ cache API
    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                return None
            if entry[0] <= time.monotonic():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            blob = entry[1]
        return pickle.loads(blob)

    def set(self, key: str, value: Any, timeout: int | None = None) -> bool:
        blob = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(blob) > self.max_bytes // 8:
            return False  # one entry never takes more than an eighth of the budget
        with self._lock:
            self._drop(key)
            self._items[key] = (self._expiry(timeout), blob)
            self._bytes += len(blob)
            self._evict()
        return True

    def add(self, key: str, value: Any, timeout: int | None = None) -> bool:
        with self._lock:
            present = key in self._items and self._items[key][0] > time.monotonic()
        return False if present else self.set(key, value, timeout)

    def delete(self, key: str) -> bool:
        with self._lock:
            found = key in self._items
            self._drop(key)
        return found

    def has(self, key: str) -> bool:
        with self._lock:
            entry = self._items.get(key)
            return entry is not None and entry[0] > time.monotonic()

    def clear(self) -> bool:
        with self._lock:
            self._items.clear()
            self._bytes = 0
        return True

    @property
    def size_bytes(self) -> int:
        return self._bytes
