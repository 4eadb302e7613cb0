"""The project section (开工率/投产率, stage counts, stars, overdue nodes, open problems).

The renderers are tested on project figures in the shape `selectors.project_data` produces; the
wiring to `projects.selectors.project_bulletin_figures` is tested when the projects app provides it.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from bulletins.excel import bulletin_xlsx
from bulletins.selectors import bulletin_data
from bulletins.word import bulletin_docx

from .conftest import HAINING


def project_figures(data):
    unit = {
        "region": next(r["region"] for r in data["rows"] if r["region"]["code"] == HAINING),
        "signed": 40,
        "started": 30,
        "producing": 12,
        "start_rate": "75.0",
        "production_rate": "30.0",
        "stage_counts": {"started": 18, "producing": 12},
        "average_stars": "3.6",
        "five_star_share": "10.0",
        "investment_ytd": "35.20",
    }
    total = {**unit, "region": data["region"], "signed": 40}
    return {
        "stages": [{"code": "started", "label": "在建"}, {"code": "producing", "label": "投产"}],
        "units": [unit],
        "total": total,
        "overdue_nodes": [
            {
                "project": 7,
                "project_name": "年产10万吨新材料项目",
                "region": "海宁市",
                "node": "竣工验收",
                "planned": "2019-03-31",
                "days_overdue": 30,
            }
        ],
        "open_problems": [
            {
                "problem": 3,
                "project": 7,
                "project_name": "年产10万吨新材料项目",
                "region": "海宁市",
                "kind": "用地",
                "text": "用地指标未落实",
                "department": "市自然资源和规划局",
                "deadline": None,
                "overdue": False,
            }
        ],
    }


@pytest.mark.django_db
def test_the_project_section_is_rendered(published, admin):
    data = bulletin_data(plan=published.plan, year=2019, month=4, publication=published.publication, user=admin)
    data["projects"] = project_figures(data)
    data["issued_on"] = "2019年5月10日"
    document = Document(io.BytesIO(bulletin_docx(data, images={})))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "二、重点项目推进情况" in text
    assert (
        "全市重点项目签约40个，已开工30个，已投产12个，开工率75.0%，投产率30.0%；逾期节点1个，待解决问题1个。" in text
    )
    assert "1. 海宁市 年产10万吨新材料项目：竣工验收计划于2019-03-31完成，已逾期30天。" in text
    table = document.tables[3]
    assert [c.text for c in table.rows[1].cells][:6] == ["海宁市", "40", "30", "12", "75.0", "30.0"]
    book = load_workbook(io.BytesIO(bulletin_xlsx(data)))
    ws = book["重点项目"]
    assert "B2:D2" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A4"].value == "海宁市" and ws["E4"].value == pytest.approx(75.0) and ws["E4"].number_format == "0.0"
    assert ws["I3"].value == "在建" and ws["I4"].value == 18
    assert book["逾期节点"]["E2"].value == 30


@pytest.mark.django_db
def test_the_section_comes_from_the_projects_app(published, admin):
    selectors = pytest.importorskip("projects.selectors")
    if not hasattr(selectors, "project_bulletin_figures"):
        pytest.skip("projects.selectors.project_bulletin_figures is not provided yet")
    data = bulletin_data(plan=published.plan, year=2019, month=4, publication=published.publication, user=admin)
    assert data["projects"] is None  # no projects in the region yet: no project section

    import datetime as dt

    from projects.choices import Node
    from projects.tests.factories import ProjectFactory, ProjectNodeFactory

    project = ProjectFactory(region=published.regions[HAINING])
    ProjectNodeFactory(
        project=project, node=Node.SIGNED, planned_date=dt.date(2019, 1, 15), actual_date=dt.date(2019, 1, 20)
    )
    ProjectNodeFactory(project=project, node=Node.STARTED, planned_date=dt.date(2019, 3, 1), actual_date=None)
    figures = selectors.project_bulletin_figures(region=published.plan.scope_region, year=2019, month=4)
    data = bulletin_data(plan=published.plan, year=2019, month=4, publication=published.publication, user=admin)
    assert data["projects"]["total"]["signed"] == figures.total.signed == 1
    assert [u["region"]["code"] for u in data["projects"]["units"]] == [u.region.code for u in figures.units]
    assert HAINING in {u.region.code for u in figures.units} or not figures.units


def test_documents_list_the_longest_overdue_nodes_and_say_where_the_rest_are():
    from bulletins.word import LISTED_IN_DOCUMENT, list_note, listed_nodes

    nodes = [
        {
            "project": i,
            "project_name": f"项目{i}",
            "region": "海宁市",
            "node": "开工",
            "planned": "2019-01-01",
            "days_overdue": i,
        }
        for i in range(LISTED_IN_DOCUMENT + 10)
    ]
    projects = {"overdue_nodes": nodes, "open_problems": []}
    shown = listed_nodes(projects)
    assert len(shown) == LISTED_IN_DOCUMENT
    assert shown[0]["days_overdue"] == LISTED_IN_DOCUMENT + 9  # the longest overdue first
    assert list_note(projects) == "逾期节点共60个、待解决问题共0个，本通报列出前50个，完整清单见Excel附表。"
    assert list_note({"overdue_nodes": nodes[:3], "open_problems": []}) == ""
