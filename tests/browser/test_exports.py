"""A big list's export in a real Chromium (issue 15): the button starts a job, its page shows the progress and then
offers the file, which holds the filtered rows of the user's scope."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from accounts.choices import Role
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_enterprise_export_runs_as_a_job_and_offers_the_file(page, live_server, login, make_user, regions):
    EnterpriseFactory(region=regions["330481"], name="海宁规上导出", size_class="above")
    EnterpriseFactory(region=regions["330481"], name="海宁规下导出", size_class="below")
    EnterpriseFactory(region=regions["330402"], name="南湖规上导出", size_class="above")
    user = make_user(Role.UNIT_REPORTER, "330481", username="exporter")
    login(page, user.username)

    page.goto(f"{live_server.url}/enterprises/?size_class=above")
    page.get_by_test_id("export").click()
    page.wait_for_url(f"{live_server.url}/jobs/*/")
    assert page.get_by_test_id("job-status").inner_text() == "已完成"
    with page.expect_download() as download:
        page.get_by_test_id("job-result").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["海宁规上导出"]
