"""Attack suite: hypothesis-generated bad files for every Excel import (enterprises, key projects, monthly
project updates, 亩均 yearly data) and the region CSV: truncated files, wrong types, formula cells, huge numbers,
dates for numbers, full-width digits, GBK text, injection text.

Each file goes through the import's preview job and then, bypassing the confirm button's "no errors" gate,
straight into its apply job, which must validate again and write all or nothing: the rows and history rows of
the import's apps are counted before and after (0 partial writes), and no job may raise out of the worker
(0 server errors; a failure is recorded on the job). Uploads through the page go through the upload policy and
never answer 500. Derandomized, a bounded number of examples per import.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from accounts.choices import Role
from enterprises import importing as enterprise_importing
from enterprises.jobs import APPLY as ENTERPRISE_APPLY
from enterprises.jobs import PREVIEW as ENTERPRISE_PREVIEW
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import job_execute
from mujun import importing as mujun_importing
from mujun.jobs import APPLY as MUJUN_APPLY
from mujun.jobs import PREVIEW as MUJUN_PREVIEW
from projects.importing import projects as project_importing
from projects.importing.updates import HEADER_ROW as UPDATE_HEADER_ROW
from projects.importing.updates import HEADERS as UPDATE_HEADERS
from projects.jobs import APPLY as PROJECT_APPLY
from projects.jobs import PREVIEW as PROJECT_PREVIEW
from projects.jobs import UPDATES_APPLY, UPDATES_PREVIEW

pytestmark = [pytest.mark.attack, pytest.mark.django_db]

EXAMPLES = 6
COUNTED_APPS = ("enterprises", "projects", "mujun", "regions")

# name → (preview kind, apply kind, headers, header row, params)
IMPORTS = {
    "enterprises": (
        ENTERPRISE_PREVIEW, ENTERPRISE_APPLY, [names[0] for names in enterprise_importing.COLUMNS.values()], 1, {},
    ),
    "projects": (
        PROJECT_PREVIEW, PROJECT_APPLY, [names[0] for names in project_importing.COLUMNS.values()], 1, {"year": 2019},
    ),
    "updates": (UPDATES_PREVIEW, UPDATES_APPLY, list(UPDATE_HEADERS), UPDATE_HEADER_ROW, {}),
    "mujun": (MUJUN_PREVIEW, MUJUN_APPLY, list(mujun_importing.COLUMNS.values()), 1, {}),
}  # fmt: skip

HOSTILE_TEXT = [
    '=HYPERLINK("http://evil.example/","点击")', "=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1", "\r=1",
    "<script>alert(1)</script>", "'; DROP TABLE enterprises_enterprise; --", "１２３４５", "９１３３０４８１ＭＡ",
    "嘉兴市", "海宁市", "91330481MA2XXXXXX0", "", " ", "N/A", "——", "1,234.5", "1e309", "NaN", "-0",
]  # fmt: skip
cells = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.booleans(),
    st.none(),
    st.text(alphabet="０１２３４５６７８９，。、嘉兴海宁平湖制造有限公司=+-@", max_size=12),
)


def workbook(headers: list[str], header_row: int, rows: list[list[Any]], formulas: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    for r in range(1, header_row):
        sheet.cell(r, 1, "年度" if r == 2 else "导入表")
    for c, header in enumerate(headers, start=1):
        sheet.cell(header_row, c, header)
    for r, row in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
                value = str(value)  # openpyxl cannot store NaN/inf as numbers: the text arrives instead
            sheet.cell(r, c, value)
        if formulas:
            sheet.cell(r, len(headers), f"=A{r}*1000")  # a formula without a stored result
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def bad_files(draw: Any, headers: list[str], header_row: int) -> tuple[str, bytes]:
    rows = draw(st.lists(st.lists(cells, min_size=len(headers), max_size=len(headers)), min_size=1, max_size=4))
    content = workbook(headers, header_row, rows, formulas=draw(st.booleans()))
    kind = draw(st.sampled_from(["xlsx", "xlsx", "truncated", "csv_gbk", "garbage", "empty_sheet"]))
    if kind == "truncated":
        content = content[: draw(st.integers(min_value=1, max_value=len(content) - 1))]
    elif kind == "csv_gbk":
        lines = [",".join(headers), *(",".join("" if v is None else str(v) for v in row) for row in rows)]
        content = "\n".join(lines).encode("gbk", errors="replace")
    elif kind == "garbage":
        content = draw(st.binary(min_size=1, max_size=200))
    elif kind == "empty_sheet":
        content = workbook([], header_row, [], formulas=False)
    return kind, content


def counts() -> dict[str, int]:
    """Rows of every table of the imports' apps, their history tables included."""
    return {
        f"{model._meta.label}": model._base_manager.count()
        for label in COUNTED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def run(kind: str, actor: Any, params: dict[str, Any], content: bytes, **extra: Any) -> Job:
    job = Job.objects.create(kind=kind, title="attack", user=actor, params={"filename": "bad.xlsx", **params, **extra})
    job.input_file.save("bad.xlsx", ContentFile(content), save=True)
    return job_execute(job_id=job.pk)  # never raises: a failure is recorded on the job


@pytest.mark.parametrize("name", list(IMPORTS))
def test_bad_files_never_raise_and_never_write_partly(regions, make_user, name):
    preview_kind, apply_kind, headers, header_row, params = IMPORTS[name]
    actor = make_user(Role.CITY_ADMIN, "330400")

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(file=bad_files(headers, header_row))
    def attack(file: tuple[str, bytes]) -> None:
        _kind, content = file
        before = counts()
        preview = run(preview_kind, actor, params, content)
        assert preview.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
        apply = run(apply_kind, actor, params, content, preview_job=preview.pk)
        assert apply.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
        errors = (preview.result or {}).get("errors", 1) if preview.status == JobStatus.SUCCEEDED else 1
        if errors or apply.status == JobStatus.FAILED:
            assert counts() == before, f"{name}: a file with errors wrote rows ({apply.status}, {apply.result})"

    attack()


@pytest.mark.parametrize(
    "content",
    [
        'code,name,kind,parent_code,aliases\n330499,=HYPERLINK("http://x"),county,330400,\n'.encode("gbk"),
        "code,name\n１２３,嘉兴\n".encode("gb18030"),
        b"\x00\x01\x02",
        b"PK\x03\x04truncated",
        ("code,name,kind,parent_code,aliases\n" + "9" * 40 + ",大,county,330400,\n").encode(),
    ],
)
def test_bad_region_csv_uploads_never_answer_500_and_write_nothing(client, regions, make_user, content):
    client.force_login(make_user(Role.CITY_ADMIN, "330400"))
    before = counts()
    response = client.post(reverse("regions:region_import"), {"file": SimpleUploadedFile("regions.csv", content)})
    assert response.status_code < 500
    assert counts() == before
