"""Business rules of the bulletins (domain.md §12): generating a version, publishing it.

- A bulletin is built from a published month (reporting.MonthPublication) of the plan's region,
  by someone who sees that whole region (the city row and the ranks need every unit).
- Each generation is a new version, numbered 1..n, with the figures it was rendered from frozen
  in `data`; a version after the first needs a reason ("a correction of 海宁's September report").
  Earlier versions never change: a newer draft supersedes an older draft, a published version
  stays published as it was issued.
- Rendering a version again from its `data` gives the same figures (`bulletinversion_render`).
- Publishing makes a draft visible to the units and leaders under the region.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import clock
from core.actors import user_of
from core.history import stamp
from core.scope import access_object, ensure_in_scope
from core.services import access_for_update, require_perm
from reporting.periods import month_label
from targets.models import Plan

from . import charts, excel, pdf, word
from .choices import VERSION_MACHINE, BulletinKind, DocumentFormat, VersionStatus
from .models import Bulletin, BulletinVersion
from .selectors import bulletin_data, publication_for

PERM_GENERATE = "bulletins.add_bulletinversion"
PERM_PUBLISH = "bulletins.publish_bulletin"

Progress = Callable[[int, str], None]


def sees_whole_region(plan: Plan, actor: Any) -> bool:
    return bool(actor.sees_everything or plan.scope_region_id in set(actor.scope_region_ids))


def chinese_date(day: dt.date) -> str:
    """2019年10月8日: the date line of an official document (Arabic numerals, GB/T 9704-2012)."""
    return f"{day.year}年{day.month}月{day.day}日"


def bulletin_title(plan: Plan, year: int, month: int) -> str:
    """2019年1—4月全市工业投资目标任务完成情况通报 (the plan's leading year is not repeated)."""
    prefix = f"{year}年"
    subject = (
        plan.title[len(prefix) :] if plan.title.startswith(prefix) and len(plan.title) > len(prefix) else plan.title
    )
    return _("%(period)s%(plan)s完成情况通报") % {"period": month_label(year, month), "plan": subject}


def bulletinversion_render(*, data: dict[str, Any], progress: Progress | None = None) -> dict[str, bytes]:
    """Word, Excel and PDF from a version's frozen data: the same data gives the same figures."""
    say = progress or (lambda _p, _m: None)
    images = charts.charts(data)
    say(40, _("生成 Word 文档"))
    docx = word.bulletin_docx(data, images=images)
    say(55, _("生成 Excel 表格"))
    xlsx = excel.bulletin_xlsx(data)
    say(70, _("生成 PDF 文件"))
    pdf_bytes = pdf.bulletin_pdf(data, images=images)
    return {DocumentFormat.DOCX: docx, DocumentFormat.XLSX: xlsx, DocumentFormat.PDF: pdf_bytes}


def bulletin_generate(
    *,
    plan: Plan,
    year: int,
    month: int,
    actor: Any,
    reason: str = "",
    job: Any = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> BulletinVersion:
    """Generate a new version of the plan's bulletin for a published month, as a draft.

    The figures come from monitoring over the month's publication snapshot; they and the three
    files are stored on the version. Any unpublished earlier draft is superseded.
    """
    say = progress or (lambda _p, _m: None)
    require_perm(actor, PERM_GENERATE)
    plan = access_object(Plan, actor, plan.pk)
    if not sees_whole_region(plan, actor):
        raise ValidationError(_("通报须由能看到%s全部单位的用户生成") % plan.scope_region.name)
    if not plan.year_start <= year <= plan.year_end:
        raise ValidationError(
            {
                "year": _("%(year)s 年不在计划年度 %(start)s—%(end)s 内")
                % {"year": year, "start": plan.year_start, "end": plan.year_end}
            }
        )
    publication = publication_for(plan, year, month)
    if publication is None:
        raise ValidationError(
            {
                "month": _("%(region)s %(period)s 尚未发布月度数据，不能生成通报")
                % {"region": plan.scope_region.name, "period": month_label(year, month)}
            }
        )
    say(5, _("读取 %s 已发布的月报数据") % month_label(year, month))
    data = bulletin_data(plan=plan, year=year, month=month, publication=publication, user=actor)
    data["issued_on"] = chinese_date(today or clock.today())
    say(30, _("绘制图表"))
    files = bulletinversion_render(data=data, progress=say)
    say(85, _("保存通报版本"))
    with transaction.atomic():
        bulletin = (
            Bulletin.objects.select_for_update()
            .filter(plan=plan, year=year, month=month, kind=BulletinKind.MONTHLY)
            .first()
        )
        if bulletin is None:
            bulletin = Bulletin(
                plan=plan,
                year=year,
                month=month,
                kind=BulletinKind.MONTHLY,
                region=plan.scope_region,
                title=bulletin_title(plan, year, month),
            )
            bulletin.full_clean()
            stamp(bulletin, actor=actor, reason=_("生成通报"))
            bulletin.save()
        previous = list(bulletin.versions.order_by("number"))
        if previous and not reason.strip():
            raise ValidationError({"reason": _("已有版本，重新生成须说明原因（如：月报修订）")})
        for old in previous:
            if old.status == VersionStatus.DRAFT:
                _move(old, VersionStatus.SUPERSEDED, actor, _("被新版本替代"))
        number = (previous[-1].number if previous else 0) + 1
        version = BulletinVersion(
            bulletin=bulletin,
            number=number,
            publication=publication,
            status=VersionStatus.DRAFT,
            reason=reason.strip() or _("首次生成"),
            data=data,
            generated_at=timezone.now(),
            generated_by=user_of(actor),
            job=job,
        )
        base = f"{bulletin.year}-{bulletin.month:02d}-v{number}"
        for fmt, content in files.items():
            version.file_of(fmt).save(f"{base}.{fmt}", ContentFile(content), save=False)
        version.full_clean()
        stamp(version, actor=actor, reason=version.reason)
        version.save()
        ensure_in_scope(version, actor)
    say(100, _("完成"))
    return version


def _move(version: BulletinVersion, to: str, actor: Any, reason: str) -> None:
    if not VERSION_MACHINE.allows(version.status, to):
        raise ValidationError(
            _("通报版本不能从“%(from)s”变为“%(to)s”")
            % {"from": version.get_status_display(), "to": VersionStatus(to).label}
        )
    version.status = to
    fields = ["status", "updated_at"]
    if to == VersionStatus.PUBLISHED:
        version.published_at = timezone.now()
        version.published_by = user_of(actor)
        fields += ["published_at", "published_by"]
    stamp(version, actor=actor, reason=reason)
    version.save(update_fields=fields)


@transaction.atomic
def bulletinversion_publish(*, version: BulletinVersion, actor: Any) -> BulletinVersion:
    """Publish a draft: the units and leaders under the region see it from now on; it never changes again."""
    require_perm(actor, PERM_PUBLISH)
    # Only a user who sees the plan's whole region publishes; to anyone else the version is not there (404).
    whole_region = BulletinVersion.objects.all()
    if not actor.sees_everything:
        whole_region = whole_region.filter(bulletin__plan__scope_region_id__in=actor.scope_region_ids)
    version = access_for_update(whole_region, actor, version.pk)
    _move(version, VersionStatus.PUBLISHED, actor, _("发布通报第%s版") % version.number)
    ensure_in_scope(version, actor)
    return version
