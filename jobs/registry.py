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
    # What a person calls this kind of work (分解表识别), shown in the job list instead of the code.
    label: Any = ""
    # The result is a file to download (an export): the page stops polling and offers it, rather than opening it.
    result_is_file: bool = False


_KINDS: dict[str, JobKind] = {}


def register(
    kind: str, *, result_url_name: str | None = None, label: Any = "", result_is_file: bool = False
) -> Callable[[Handler], Handler]:
    def decorator(func: Handler) -> Handler:
        _KINDS[kind] = JobKind(kind, func, result_url_name, label, result_is_file)
        return func

    return decorator


def get(kind: str) -> JobKind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"unknown job kind {kind!r}") from None


def label_of(kind: str) -> Any:
    """The kind's name for people; the code itself only for a kind no app registers any more."""
    found = _KINDS.get(kind)
    return found.label if found is not None and found.label else kind


def choices() -> list[tuple[str, Any]]:
    """(kind, label) of every registered kind, for the job list's filter."""
    return sorted(((kind, k.label or kind) for kind, k in _KINDS.items()), key=lambda pair: str(pair[1]))
