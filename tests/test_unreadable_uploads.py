"""Issue 11 point 7: an unreadable upload gives a finding in the preview, never a failed job or a 500.

Every import preview kind registered with the jobs is tried with bytes that are no workbook: the job
succeeds and its result holds the finding (what the preview page shows); nothing is written.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from jobs import registry
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import job_execute

# Preview kinds of the imports that read spreadsheets with core.imports (upload → preview job → findings).
PREVIEWS = [
    "enterprises.import_preview", "mujun.import_preview", "projects.updates_preview", "projects.import_preview",
    "chains.import_preview", "tiers.import_preview", "appeals.import_preview",
    "policies.import_preview", "targets.import_preview", "assessment.duty_import_preview",
]  # fmt: skip

BAD_FILES = {
    "text": b"\xef\xbb\xbfthis is not a workbook\n",
    "truncated": b"PK\x03\x04\x14\x00\x00\x00\x08\x00",  # the first bytes of a zip, then nothing
    "empty": b"",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PREVIEWS)
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_an_unreadable_file_is_a_finding_of_the_preview(kind, name, make_user):
    registry.get(kind)  # the kind exists (a renamed kind must be renamed here too)
    user = make_user("city_staff", "330400")
    job = Job.objects.create(kind=kind, title="t", user=user, params={"filename": "坏文件.xlsx"})
    job.input_file.save("bad.xlsx", ContentFile(BAD_FILES[name]), save=True)

    job_execute(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    messages = [f["message"] for f in job.result["findings"]]
    assert any(m.startswith("无法读取文件") for m in messages), messages
    assert "/" not in " ".join(messages)  # no server path in what the user reads


@pytest.mark.django_db
@pytest.mark.parametrize("kind", PREVIEWS)
def test_text_that_would_run_as_a_formula_is_refused_by_every_import(kind, make_user, tmp_path):
    """Issue 11 point 2: the one check of core.imports (readable_sheets) serves every importer."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "企业名称", "项目名称"])
    sheet.append(["", "", ""])
    sheet["C2"].value = '=HYPERLINK("http://x","点击")'
    sheet["C2"].data_type = "s"  # text, not a formula
    path = tmp_path / "injection.xlsx"
    book.save(path)
    user = make_user("city_staff", "330400")
    job = Job.objects.create(kind=kind, title="t", user=user, params={"filename": "injection.xlsx"})
    job.input_file.save("injection.xlsx", ContentFile(path.read_bytes()), save=True)

    job_execute(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    refused = [f for f in job.result["findings"] if f["column"] == "C" and f["row"] == 2]
    assert [f["severity"] for f in refused] == ["error"] and "公式符号" in refused[0]["message"]
