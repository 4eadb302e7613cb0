"""The client's address behind the bureau's reverse proxies: the one rule the lock-out (django-axes) keys on.

Each trusted proxy appends the address it received the request from to `X-Forwarded-For`, so with
`TRUSTED_PROXY_COUNT` = n proxies in front of the app, the client is the n-th entry counted from the
right; everything left of it was written by the client and is ignored (rotating it changes nothing).
With n = 0 (no proxy) the client is `REMOTE_ADDR`. A request that carries fewer entries than n did
not come through all the proxies and is keyed on `REMOTE_ADDR`, which nobody can forge.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def client_address(request: Any) -> str | None:
    """The client's IP address of `request` (a Django or DRF request), by the rule above."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    entries = [entry.strip() for entry in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < count:
        return remote
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address: a proxy would not write that, so it is not evidence of anything
        return remote
