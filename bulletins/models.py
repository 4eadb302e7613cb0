"""The monthly bulletin (月度通报, domain.md §12) and its versions.

A `Bulletin` is one plan × month; each generation makes a `BulletinVersion` holding the figures it
was rendered from (`data`, frozen JSON with every figure's source ids) and its Word, Excel and PDF
files. A version is built from a published month (reporting.MonthPublication), so regenerating a
version renders the same figures; a later correction of a report gives a new version with a
reason, never a silent change of a published one.

Scope, like the plan's (targets.NoticeQuerySet): users whose subtree holds the bulletin's region
see it; only users granted `bulletins.view_draft` (city staff and admin) see its drafts, everyone
else its published versions (the scope rule's `published`); users of the units below (a county
under the city) see it only once a version is published, and only the published versions. A city bulletin is the city's public
document for every unit under it; a county never sees another county's bulletin.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import actor_field
from core.models import AuditedModel, DomainModel
from core.scope import ScopedQuerySet, ScopeRule
from reporting.models import MONTH_VALIDATORS, YEAR_VALIDATORS
from reporting.periods import month_label

from .choices import BulletinKind, DocumentFormat, VersionStatus

# Who sees drafts (city staff and admin, bulletins/roles.py); leaders, departments and units see published versions.
DRAFTS = "bulletins.view_draft"


def _above(user: Any) -> list[str] | None:
    """The tree paths of the regions above a county-level user's region, or None when the plain rule applies."""
    if (
        not getattr(user, "is_authenticated", False)
        or not user.is_active
        or user.is_enterprise_user
        or user.sees_everything
        or user.region is None
    ):
        return None
    region = user.region
    return [region.path[: i * region.steplen] for i in range(1, region.depth)]


class BulletinQuerySet(ScopedQuerySet["Bulletin"]):
    def visible_to(self, user: Any) -> Self:
        """Own subtree: every bulletin; regions above: only bulletins with a published version."""
        own = super().visible_to(user)
        above = _above(user)
        if above is None:
            return own
        published = BulletinVersion.objects.filter(bulletin=OuterRef("pk"), status=VersionStatus.PUBLISHED)
        return own | self.filter(Q(region__path__in=above) & Exists(published))


class BulletinVersionQuerySet(ScopedQuerySet["BulletinVersion"]):
    def visible_to(self, user: Any) -> Self:
        """Own subtree: every version; regions above: published versions only (drafts stay with the issuer)."""
        own = super().visible_to(user)
        above = _above(user)
        if above is None:
            return own
        return own | self.filter(bulletin__region__path__in=above, status=VersionStatus.PUBLISHED)

    def published(self) -> Self:
        return self.filter(status=VersionStatus.PUBLISHED)


class Bulletin(AuditedModel):
    """One bulletin of a plan for one month (1—m月), issued by the plan's region; its versions hold the content."""

    plan = models.ForeignKey(
        "targets.Plan", verbose_name=_("目标任务计划"), on_delete=models.PROTECT, related_name="bulletins"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS, help_text=_("2 表示 1—2月"))
    kind = models.CharField(_("类型"), max_length=12, choices=BulletinKind.choices, default=BulletinKind.MONTHLY)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("发布地区"), on_delete=models.PROTECT, related_name="bulletins"
    )
    title = models.CharField(_("标题"), max_length=200)

    scope = ScopeRule(
        region="region", published=(("versions__status", VersionStatus.PUBLISHED),), draft_permission=DRAFTS
    )
    objects = models.Manager.from_queryset(BulletinQuerySet)()  # type: ignore[misc]

    class Meta:
        verbose_name = _("通报")
        ordering = ["-year", "-month", "plan__title"]
        constraints = [models.UniqueConstraint(fields=["plan", "year", "month", "kind"], name="bulletin_unique_month")]
        permissions = [("publish_bulletin", _("发布通报")), ("view_draft", _("查看未发布的通报版本"))]

    @property
    def period_label(self) -> str:
        return month_label(self.year, self.month)


def _upload_to(instance: BulletinVersion, filename: str) -> str:
    return f"bulletins/{instance.bulletin.year}/{instance.bulletin_id}/{filename}"


class BulletinVersion(DomainModel):
    """One generation of a bulletin: the frozen figures (`data`) and the files rendered from them.

    `publication` is the published month the figures came from. A published version never changes;
    regenerating it renders the stored `data` again; new data needs a new version with a reason.
    """

    bulletin = models.ForeignKey(Bulletin, verbose_name=_("通报"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    publication = models.ForeignKey(
        "reporting.MonthPublication", verbose_name=_("所依据的月度发布"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    reason = models.TextField(_("生成原因"), blank=True)
    data = models.JSONField(_("通报数据"), default=dict)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("生成人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = actor_field(_("发布人"))
    docx = models.FileField(_("Word 文件"), upload_to=_upload_to, blank=True)
    xlsx = models.FileField(_("Excel 文件"), upload_to=_upload_to, blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to=_upload_to, blank=True)
    job = models.ForeignKey("jobs.Job", verbose_name=_("后台任务"), on_delete=models.SET_NULL, null=True, blank=True)

    scope = ScopeRule(
        region="bulletin__region", published=(("status", VersionStatus.PUBLISHED),), draft_permission=DRAFTS
    )
    objects = models.Manager.from_queryset(BulletinVersionQuerySet)()  # type: ignore[misc]
    history = HistoricalRecords(excluded_fields=["data"])

    class Meta:
        verbose_name = _("通报版本")
        ordering = ["bulletin", "-number"]
        constraints = [models.UniqueConstraint(fields=["bulletin", "number"], name="bulletinversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.bulletin} · {_('第%s版') % self.number}"

    def file_of(self, fmt: str) -> Any:
        return {DocumentFormat.DOCX: self.docx, DocumentFormat.XLSX: self.xlsx, DocumentFormat.PDF: self.pdf}[
            DocumentFormat(fmt)
        ]
