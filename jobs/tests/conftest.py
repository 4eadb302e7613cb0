"""Job kinds used only by the job tests, registered for one test and removed after it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jobs import registry

SUCCEED = "tests.succeed"
FAIL = "tests.fail"
NO_RESULT_PAGE = "tests.no_result_page"


def _succeed(job: Any, report: registry.Report) -> dict[str, Any]:
    report(30, "第一步")
    report(60, "第二步")
    return {"rows": job.params.get("rows", 0), "doubled": 2 * job.params.get("rows", 0)}


def _fail(job: Any, report: registry.Report) -> dict[str, Any]:
    report(40, "正在读取文件")
    raise RuntimeError("磁盘已满")


@pytest.fixture
def test_kinds() -> Iterator[None]:
    registry.register(SUCCEED, result_url_name="jobs:job_detail")(_succeed)
    registry.register(FAIL, result_url_name="jobs:job_detail")(_fail)
    registry.register(NO_RESULT_PAGE)(_succeed)
    yield
    for kind in (SUCCEED, FAIL, NO_RESULT_PAGE):
        registry._KINDS.pop(kind, None)
