"""A byte-bounded, in-process LRU for large response bodies (exports of a few MB).

flask-caching bounds entries by count, not size; large bodies go here instead so that a
crawler asking for many different exports cannot grow a worker's memory past the budget.
Per process and thread-safe; keys carry the publication id like every other cache key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class LargeBodyCache:
    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def set(self, key: str, body: bytes) -> None:
        if len(body) > self.budget // 4:
            return  # one body never takes more than a quarter of the budget
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._items[key] = body
            self._size += len(body)
            while self._size > self.budget:
                _, evicted = self._items.popitem(last=False)
                self._size -= len(evicted)

    @property
    def size(self) -> int:
        return self._size
