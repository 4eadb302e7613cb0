"""Job kinds: each kind names a handler `handler(job, report)` that does the work.

Apps register their handlers in `AppConfig.ready()`; the Huey task looks them up by kind.
`report(percent, message)` stores progress so the page can draw the bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Job

Report = Callable[[int, str], None]
Handler = Callable[["Job", Report], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    kind: str
    handler: Handler
    # Where the user goes when the job has finished (a URL name taking the job's pk).
    result_url_name: str | None = None


_KINDS: dict[str, JobKind] = {}


def register(kind: str, *, result_url_name: str | None = None) -> Callable[[Handler], Handler]:
    def decorator(func: Handler) -> Handler:
        _KINDS[kind] = JobKind(kind, func, result_url_name)
        return func

    return decorator


def get(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"unknown job kind {kind!r}") from None
