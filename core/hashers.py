"""Argon2, with at most `PASSWORD_HASH_CONCURRENCY` hashes at a time in one server process.

An Argon2 hash (Django's parameters: 100 MB, 2 passes, 8 lanes) takes a core for a good part of a second. A
burst of sign-ins (the morning, a reporting deadline) would otherwise hash in every thread of a gunicorn worker
at once and leave no thread and no core for page views. With the bound, the other threads of the worker go on
serving pages while sign-ins queue for the hashing slot (docs/architecture.md, "Worker model";
docs/benchmarks.md, "Load"). Same algorithm, same parameters, same stored hashes as Django's hasher.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher

_slots: threading.BoundedSemaphore | None = None
_slots_lock = threading.Lock()


def _hash_slots() -> threading.BoundedSemaphore:
    global _slots
    with _slots_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(getattr(settings, "PASSWORD_HASH_CONCURRENCY", 1))
        return _slots


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    def encode(self, password: str, salt: str) -> str:
        with _hash_slots():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with _hash_slots():
            return super().verify(password, encoded)

    def harden_runtime(self, password: str, encoded: str) -> Any:
        with _hash_slots():
            return super().harden_runtime(password, encoded)
