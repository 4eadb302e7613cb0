"""Argon2id with OWASP's parameters, and at most `PASSWORD_HASH_CONCURRENCY` hashes at a time in one process.

Parameters: 19 MiB of memory, 2 passes, 1 lane — the first of the equivalent Argon2id settings the OWASP Password
Storage Cheat Sheet recommends (m=19456 KiB, t=2, p=1). Django's defaults (100 MB, 2 passes, 8 lanes) cost 0.21 s
of CPU a hash on this machine against 0.024 s for these; 50 people signing in at once was the tail of the load
benchmark (docs/benchmarks.md, "Load"). A hash stored with other parameters is still verified, and re-hashed
with these at its next sign-in (Django's `must_update`).

The bound: a burst of sign-ins (the morning, a reporting deadline) would otherwise hash in every thread of a
gunicorn worker at once and leave no thread and no core for page views. With it, the other threads of the worker
go on serving pages while sign-ins queue for the hashing slot (docs/architecture.md, "Worker model"). This must be
the only "argon2" hasher in PASSWORD_HASHERS: Django verifies a stored hash with the LAST hasher of its algorithm
in the list, so a second Argon2 hasher after it would verify every sign-in unbounded.
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
    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1

    def encode(self, password: str, salt: str) -> str:
        with _hash_slots():
            return super().encode(password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with _hash_slots():
            return super().verify(password, encoded)

    def harden_runtime(self, password: str, encoded: str) -> Any:
        with _hash_slots():
            return super().harden_runtime(password, encoded)
