"""Loading the region tree from CSV (regions/services.py, `manage.py load_regions`, the import page).

Loading again updates by code and never duplicates; a changed file renames, re-aliases and moves
nodes; a file with any problem writes nothing and says row and column; the page previews first
and writes only on confirmation; every write is in the history with its actor.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.choices import Role
from regions.models import Region

pytestmark = pytest.mark.django_db

CSV_PATH = Path(settings.BASE_DIR) / "data" / "regions-jiaxing.csv"
HEADER = "code,name,kind,parent_code,aliases\n"


def seed_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(CSV_PATH.read_text(encoding="utf-8"))))


def as_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["code", "name", "kind", "parent_code", "aliases"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def load(path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_regions", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[tuple[Any, ...]]:
    return list(Region.objects.order_by("code").values_list("code", "name", "kind", "aliases", "path"))


def parent_code(region: Region) -> str:
    parent = Region.objects.get_parent(region)
    return parent.code if parent else ""


def test_loading_twice_creates_once_and_changes_nothing_the_second_time():
    rows = seed_rows()

    out, _err = load(CSV_PATH)
    assert f"{len(rows)} created" in out
    first = snapshot()
    history = Region.history.count()
    out, _err = load(CSV_PATH)

    assert "0 created, 0 updated" in out
    assert snapshot() == first
    assert Region.objects.count() == len(rows) == len({r["code"] for r in rows})
    assert Region.history.count() == history  # unchanged rows are not even re-saved
    assert not any(Region.objects.find_problems())
    for row in rows:
        region = Region.objects.get(code=row["code"])
        assert region.name == row["name"]
        assert parent_code(region) == row["parent_code"]
        assert region.aliases == [a for a in row["aliases"].split(";") if a]


def test_a_changed_file_renames_realiases_and_moves(tmp_path):
    load(CSV_PATH)
    rows = {r["code"]: r for r in seed_rows()}
    rows["330402"]["name"] = "南湖新区"
    rows["330481"]["aliases"] = "海宁;潮城"
    rows["330400-PORT"]["parent_code"] = "330482"  # the port zone moves under 平湖市
    changed = tmp_path / "changed.csv"
    changed.write_text(as_csv(list(rows.values())), encoding="utf-8")

    out, _err = load(changed)

    assert "0 created, 3 updated" in out
    assert Region.objects.count() == len(rows)
    assert Region.objects.get(code="330402").name == "南湖新区"
    assert Region.objects.get(code="330481").aliases == ["海宁", "潮城"]
    port, pinghu = Region.objects.get(code="330400-PORT"), Region.objects.get(code="330482")
    assert parent_code(port) == "330482"
    assert port.depth == pinghu.depth + 1
    assert port.pk in pinghu.subtree_ids()  # scope follows the move: 平湖 users now see the port zone
    assert port.pk not in Region.objects.get(code="330481").subtree_ids()
    assert not any(Region.objects.find_problems())
    assert Region.objects.get(code="330402").history.latest().history_change_reason == "load_regions changed.csv"


BAD_FILES = {
    "bad kind": ("330499,新区,township,330400,\n", 2, "kind"),
    "unknown parent": ("330499,新区,district,339999,\n", 2, "parent_code"),
    "duplicate code": ("330499,新区,district,330400,\n330499,又一新区,district,330400,\n", 3, "code"),
    "cycle": ("330498,甲区,district,330499,\n330499,乙区,district,330498,\n", 2, "parent_code"),
}


@pytest.mark.parametrize("problem", BAD_FILES)
def test_a_file_with_an_error_writes_nothing_and_says_row_and_column(tmp_path, problem):
    load(CSV_PATH)
    before, history = snapshot(), Region.history.count()
    body, row, column = BAD_FILES[problem]
    bad = tmp_path / "bad.csv"
    # A valid rename in the same file must not be applied either.
    bad.write_text(HEADER + body + "330402,南湖新区,district,330400,南湖\n", encoding="utf-8")

    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_regions", str(bad), stdout=io.StringIO(), stderr=err)

    assert f"row {row} column {column}" in err.getvalue(), err.getvalue()
    assert snapshot() == before
    assert Region.history.count() == history


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "".join(body for body, _row, _col in BAD_FILES.values()), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_regions", str(bad), stdout=io.StringIO(), stderr=err)
    report = err.getvalue()
    for column in ("kind", "parent_code", "code"):
        assert f"column {column}" in report
    assert "循环" in report and "重复" in report and "不存在" in report
    assert Region.objects.count() == 0


# --- the import page ---------------------------------------------------------------------------


def test_the_import_page_previews_then_writes_on_confirmation(client, regions, city_admin):
    rows = seed_rows()
    rows.append({"code": "330481001", "name": "硖石街道", "kind": "town", "parent_code": "330481", "aliases": "硖石"})
    for row in rows:
        if row["code"] == "330402":
            row["aliases"] = "南湖;南湖片"
    content = as_csv(rows).encode()
    before = snapshot()
    client.force_login(city_admin)
    url = reverse("regions:region_import")

    preview = client.post(url, {"file": SimpleUploadedFile("regions.csv", content, content_type="text/csv")})

    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan.creates == ["330481001"] and plan.updates == ["330402"]
    assert plan.ok
    html = preview.content.decode()
    assert "将新增 1 个，更新 1 个" in html
    assert 'name="confirm"' in html
    assert snapshot() == before  # the preview writes nothing

    confirmed = client.post(url, {"content": preview.context["content"], "confirm": "1"})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("regions:region_list")
    town = Region.objects.get(code="330481001")
    assert parent_code(town) == "330481"
    assert Region.objects.get(code="330402").aliases == ["南湖", "南湖片"]
    # Who did it is in the history of each written row.
    created = town.history.latest()
    assert (created.history_type, created.history_user) == ("+", city_admin)
    updated = Region.objects.get(code="330402").history.latest()
    assert (updated.history_type, updated.history_user) == ("~", city_admin)


def test_the_import_page_shows_problems_and_offers_no_confirmation(client, regions, city_admin):
    before = snapshot()
    client.force_login(city_admin)
    content = (HEADER + "330499,新区,township,330400,\n").encode()

    response = client.post(
        reverse("regions:region_import"), {"file": SimpleUploadedFile("bad.csv", content, content_type="text/csv")}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="findings"' in html
    assert "<td>2</td><td>kind</td>" in html
    assert 'name="confirm"' not in html
    # Forcing a confirmation of the bad content writes nothing either.
    client.post(reverse("regions:region_import"), {"content": content.decode(), "confirm": "1"})
    assert snapshot() == before


def test_only_who_may_add_and_change_regions_may_import(client, make_user):
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    assert client.get(reverse("regions:region_import")).status_code == 403
    content = (HEADER + "330499,新区,district,330400,\n").encode()
    response = client.post(reverse("regions:region_import"), {"content": content.decode(), "confirm": "1"})
    assert response.status_code == 403
    assert not Region.objects.filter(code="330499").exists()


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_the_import_page_reads_a_gbk_csv(client, regions, city_admin, encoding):
    """Issue 11 point 5: Excel on Chinese Windows saves CSV as GBK; the page decodes the one upload it read."""
    rows = seed_rows()
    rows.append({"code": "330481001", "name": "硖石街道", "kind": "town", "parent_code": "330481", "aliases": "硖石"})
    content = as_csv(rows).encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    client.force_login(city_admin)

    preview = client.post(
        reverse("regions:region_import"), {"file": SimpleUploadedFile("regions.csv", content, content_type="text/csv")}
    )

    assert preview.status_code == 200
    plan = preview.context["plan"]
    assert plan.ok, plan.findings
    assert plan.creates == ["330481001"]
    assert "硖石街道" in preview.context["content"]


def test_a_region_name_that_would_run_as_a_formula_is_refused(regions):
    """Issue 11 point 2: the region CSV uses the same check as the spreadsheet imports (core.imports)."""
    from regions.services import regions_plan_csv

    rows = seed_rows()
    rows.append({"code": "330481001", "name": "=1+1", "kind": "town", "parent_code": "330481", "aliases": ""})
    plan = regions_plan_csv(as_csv(rows).encode())
    assert [(f.row, f.column, f.severity) for f in plan.findings] == [(len(rows) + 1, "name", "error")]
    assert not plan.ok


def _changed_tree_csv() -> str:
    """The seed file grown and reshaped: children before their parents, a new first sibling (every later
    sibling's path shifts), a new root, a renamed unit and a unit moved under another."""
    rows = seed_rows()
    for row in rows:
        if row["code"] == "330402":
            row["name"] = "南湖区（新）"
        if row["code"] == "330400-PORT":
            row["parent_code"] = "330482"  # 嘉兴港区 under 平湖市
    towns = [
        {"code": f"330481{i:03d}", "name": f"海宁镇{i}", "kind": "town", "parent_code": "330481", "aliases": ""}
        for i in (9, 3, 1, 7)
    ]
    villages = [
        {"code": f"330481003{j:03d}", "name": f"村{j}", "kind": "town", "parent_code": "330481003", "aliases": ""}
        for j in (2, 1)
    ]
    extra = [
        {"code": "330401", "name": "市辖区", "kind": "district", "parent_code": "330400", "aliases": ""},
        {"code": "320000", "name": "江苏省", "kind": "province", "parent_code": "", "aliases": ""},
        {"code": "320500", "name": "苏州市", "kind": "city", "parent_code": "320000", "aliases": "苏州"},
    ]
    return as_csv(villages + rows[:3] + towns + rows[3:] + extra)


def test_the_bulk_load_gives_the_tree_treebeard_builds_one_region_at_a_time(city_admin):
    from django.db import transaction

    from regions.services import regions_load_csv
    from regions.tests.reference import load_one_by_one, tree

    # Given the seed tree loaded
    regions_load_csv(data=CSV_PATH.read_text(encoding="utf-8"), actor=city_admin)
    changed = _changed_tree_csv()
    # When the changed file is loaded one region at a time (the reference, rolled back) and in bulk
    with transaction.atomic():
        assert load_one_by_one(data=changed, actor=city_admin).ok
        expected = tree()
        transaction.set_rollback(True)
    history = Region.history.count()
    plan = regions_load_csv(data=changed, actor=city_admin)
    # Then both trees are the same, node for node in path order, and the paths are treebeard-valid
    assert plan.ok and len(plan.creates) == 9 and set(plan.updates) == {"330402", "330400-PORT"}
    assert tree() == expected
    assert Region.find_problems() == ([], [], [], [], [])
    assert [r.code for r in Region.objects.get(code="330481").get_children()] == [
        "330481001", "330481003", "330481007", "330481009",
    ]  # fmt: skip
    # And each created or changed region has one history record naming the actor; shifted ones none
    assert Region.history.count() == history + 9 + 2
    moved = Region.objects.get(code="330400-PORT").history.latest()
    assert (moved.history_type, moved.history_user, moved.name) == ("~", city_admin, "嘉兴港区")


def test_loading_is_a_constant_number_of_queries_whatever_the_rows(city_admin, django_assert_max_num_queries):
    from regions.services import regions_load_csv

    regions_load_csv(data=CSV_PATH.read_text(encoding="utf-8"), actor=city_admin)
    towns = [
        {"code": f"330481{i:03d}", "name": f"海宁镇{i}", "kind": "town", "parent_code": "330481", "aliases": ""}
        for i in range(1, 201)
    ]
    with django_assert_max_num_queries(12):
        plan = regions_load_csv(data=as_csv(seed_rows() + towns[::-1]), actor=city_admin)
    assert len(plan.creates) == 200
    assert Region.objects.get(code="330481").get_children_count() == 200
