"""The bounded Argon2 hasher: Django's hashes, and never more hashes at a time than the setting allows."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher

from core import hashers
from core.hashers import BoundedArgon2PasswordHasher


def test_hashes_are_djangos_argon2_both_ways() -> None:
    bounded, plain = BoundedArgon2PasswordHasher(), Argon2PasswordHasher()
    encoded = bounded.encode("口令-2026", bounded.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert plain.verify("口令-2026", encoded)
    assert bounded.verify("口令-2026", plain.encode("口令-2026", plain.salt()))
    assert not bounded.verify("wrong", encoded)


@pytest.mark.parametrize("bound", [1, 2])
def test_no_more_hashes_at_once_than_the_bound(bound: int, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PASSWORD_HASH_CONCURRENCY = bound
    monkeypatch.setattr(hashers, "_slots", None)  # the semaphore is built from the setting on first use
    inside, most = 0, 0
    lock = threading.Lock()
    original = Argon2PasswordHasher.encode

    def counted(self: Any, password: str, salt: str) -> str:
        nonlocal inside, most
        with lock:
            inside += 1
            most = max(most, inside)
        time.sleep(0.05)  # hold the slot long enough for the other threads to try
        try:
            return original(self, password, salt)
        finally:
            with lock:
                inside -= 1

    monkeypatch.setattr(Argon2PasswordHasher, "encode", counted)
    hasher = BoundedArgon2PasswordHasher()
    threads = [threading.Thread(target=hasher.encode, args=("pw", hasher.salt())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == bound


def test_owasp_parameters_and_old_hashes_upgrade_at_sign_in() -> None:
    bounded, django_default = BoundedArgon2PasswordHasher(), Argon2PasswordHasher()
    encoded = bounded.encode("口令-2026", bounded.salt())
    assert "$v=19$m=19456,t=2,p=1$" in encoded  # OWASP: 19 MiB, 2 passes, 1 lane
    assert not bounded.must_update(encoded)
    old = django_default.encode("口令-2026", django_default.salt())  # stored before the change: 100 MB, 8 lanes
    assert "$m=102400,t=2,p=8$" in old
    assert bounded.verify("口令-2026", old)
    assert bounded.must_update(old)  # re-hashed with the new parameters at the next sign-in


def test_sign_in_verifies_through_the_bounded_hasher(settings: Any) -> None:
    """Django verifies with the last hasher of the stored hash's algorithm: it must be the bounded one."""
    from django.contrib.auth.hashers import identify_hasher, make_password

    from config import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    encoded = make_password("口令-2026")
    assert isinstance(identify_hasher(encoded), BoundedArgon2PasswordHasher)
    old = Argon2PasswordHasher().encode("口令-2026", "s" * 22)
    assert isinstance(identify_hasher(old), BoundedArgon2PasswordHasher)
