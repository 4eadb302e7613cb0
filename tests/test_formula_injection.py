"""Issue 11, point 2: a name saved as a formula through the API comes out of the Excel exports as text."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from tests.factories import valid_uscc

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://x","点击")'


def cells_with(content: bytes, text: str) -> list[tuple[str, object]]:
    """(data type, value) of every cell of the workbook that contains `text`, read by openpyxl."""
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.data_type, cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and text in cell.value
    ]


def export(client, url_name: str) -> bytes:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_enterprise_and_project_named_as_a_formula_export_as_text(client, haining_reporter, city_staff):
    client.force_login(haining_reporter)
    enterprise = {
        "uscc": valid_uscc("330481"),
        "name": INJECTION,
        "region": "330481",
        "industry": "C34",
        "size_class": "above",
        "tags": [],
    }
    response = client.post("/api/enterprises/", enterprise, content_type="application/json")
    assert response.status_code == 201, response.content
    project = {"name": INJECTION, "region": "330481", "project_type": "tech", "total_investment": "15000.00"}
    response = client.post("/api/projects/", project, content_type="application/json")
    assert response.status_code == 201, response.content

    client.force_login(city_staff)
    for url_name in ("enterprises:enterprise_export", "projects:project_export"):
        content = export(client, url_name)
        assert cells_with(content, "HYPERLINK") == [("s", "'" + INJECTION)], url_name
        calamine = CalamineWorkbook.from_filelike(io.BytesIO(content))
        rows = calamine.get_sheet_by_index(0).to_python()
        assert any("'" + INJECTION in row for row in rows), url_name
    project_row = next(
        r for r in load_workbook(io.BytesIO(content)).active.iter_rows() if r[1].value == "'" + INJECTION
    )
    assert any(c.data_type == "n" and c.value == 15000 for c in project_row)  # numbers stay numbers
