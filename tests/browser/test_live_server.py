"""The live server of the browser tests closes what each request returns, on its own thread (issue 11).

An unclosed response was freed later by the garbage collector in whatever thread was running, and a static file's
close then sent request_finished there: on PostgreSQL that closed the test thread's connection mid-transaction.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.servers.basehttp import WSGIRequestHandler

from tests.browser.conftest import SerialWSGIServer


class Result(list[bytes]):
    def __init__(self, body: list[bytes], closed: list[threading.Thread]) -> None:
        super().__init__(body)
        self.closed = closed

    def close(self) -> None:
        self.closed.append(threading.current_thread())


def test_each_response_is_closed_on_the_server_thread_before_the_turn_ends() -> None:
    closed: list[threading.Thread] = []

    def application(environ: Any, start_response: Any) -> Result:
        return Result([b"a", b"b"], closed)

    server = SerialWSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    try:
        server.set_app(application)
        body = server.get_app()({}, lambda *args: None)
    finally:
        server.server_close()

    assert body == [b"a", b"b"]
    assert closed == [threading.current_thread()]
