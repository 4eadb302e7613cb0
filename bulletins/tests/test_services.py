"""Generating, versioning and publishing (domain.md §4, §12): a published bulletin stays as it was."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from docx import Document

from accounts.choices import Role
from bulletins.choices import VersionStatus
from bulletins.models import BulletinVersion
from bulletins.services import bulletin_generate, bulletinversion_publish, bulletinversion_render
from reporting.services import report_revise

from .conftest import CITY, HAINING

pytestmark = pytest.mark.django_db


def haining_cell(version):
    row = next(r for r in version.data["rows"] if r["region"]["code"] == HAINING)
    return row["cells"][0]


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )


def test_a_month_must_be_published_first(published, admin):
    with pytest.raises(ValidationError, match="尚未发布月度数据"):
        bulletin_generate(plan=published.plan, year=2019, month=5, actor=admin)


def test_a_county_user_cannot_generate_the_city_bulletin(published, make_user):
    staff = make_user(Role.CITY_STAFF, HAINING)
    with pytest.raises(ValidationError, match="全部单位"):
        bulletin_generate(plan=published.plan, year=2019, month=4, actor=staff)
    reporter = make_user(Role.UNIT_REPORTER, CITY)
    with pytest.raises(PermissionDenied):
        bulletin_generate(plan=published.plan, year=2019, month=4, actor=reporter)


def test_versions_publishing_and_corrections(published, admin, make_user):
    staff = make_user(Role.CITY_STAFF, CITY)
    first = bulletin_generate(plan=published.plan, year=2019, month=4, actor=staff)
    assert (first.number, first.status, first.publication_id) == (1, VersionStatus.DRAFT, published.publication.pk)
    assert first.bulletin.title == "2019年1—4月全市工业投资目标任务完成情况通报"
    assert first.history.first().history_user == staff
    bulletinversion_publish(version=first, actor=staff)
    first.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED and first.published_by == staff
    with pytest.raises(ValidationError):
        bulletinversion_publish(version=first, actor=staff)  # published → published is not a move

    # A correction after publication: the month's snapshot, hence the bulletin, keep the published figure.
    report_revise(
        report=published.reports[HAINING],
        entries={published.investment.pk: {"value": D(966000), "base_value": D(600000)}},
        reason="统计局数据更正",
        actor=admin,
    )
    with pytest.raises(ValidationError, match="说明原因"):
        bulletin_generate(plan=published.plan, year=2019, month=4, actor=staff)
    second = bulletin_generate(plan=published.plan, year=2019, month=4, actor=staff, reason="海宁市月报修订")
    assert second.number == 2 and second.reason == "海宁市月报修订"
    assert haining_cell(second)["value"] == haining_cell(first)["value"] == "67.46"

    first.refresh_from_db()
    assert first.status == VersionStatus.PUBLISHED  # never changed by a later version
    third = bulletin_generate(plan=published.plan, year=2019, month=4, actor=staff, reason="重新生成")
    second.refresh_from_db()
    assert second.status == VersionStatus.SUPERSEDED  # an unpublished draft is superseded, not deleted
    assert third.number == 3
    with pytest.raises(ValidationError):
        bulletinversion_publish(version=second, actor=staff)


def test_regenerating_from_the_stored_data_gives_the_same_figures(published, admin):
    version = bulletin_generate(plan=published.plan, year=2019, month=4, actor=admin)
    stored = BulletinVersion.objects.get(pk=version.pk)
    files = bulletinversion_render(data=stored.data)
    assert docx_text(files["docx"]) == docx_text(version.docx.read())
    assert "67.46" in docx_text(files["docx"])


def test_the_generated_version_is_in_the_issuers_scope_only_until_published(published, admin, make_user):
    version = bulletin_generate(plan=published.plan, year=2019, month=4, actor=admin)
    leader = make_user(Role.LEADER, HAINING)
    assert not BulletinVersion.objects.visible_to(leader).filter(pk=version.pk).exists()
    bulletinversion_publish(version=version, actor=admin)
    assert BulletinVersion.objects.visible_to(leader).filter(pk=version.pk).exists()


def test_only_a_user_who_sees_the_plans_whole_region_publishes(published, admin, make_user):
    version = bulletin_generate(plan=published.plan, year=2019, month=4, actor=admin)
    county_staff = make_user(Role.CITY_STAFF, HAINING)  # holds the publish permission, for its own unit only
    with pytest.raises(Http404):
        bulletinversion_publish(version=version, actor=county_staff)
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
