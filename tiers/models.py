"""The tier libraries (梯度培育, domain.md §9): titles as data with a ladder, and enterprises' entries per year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import AuditedModel
from core.scope import ScopeRule

from . import calculations
from .choices import EntryStatus, Level

YEAR_HELP = _("四位年份")


class Title(AuditedModel):
    """A title of the cultivation ladder (小升规 … 链主). `ladder` orders them, so "moved up" is computable;
    `levels` are the recognising levels it has (empty: none), `validity_years` how long a recognition holds.
    Every title, seeded or added by the admin, feeds target indicators through its computed sources
    (`source_keys`: new recognitions of the title, and of each of its levels; tiers/sources.py)."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("称号"), max_length=50, unique=True)
    ladder = models.PositiveSmallIntegerField(_("梯度序号"), help_text=_("越大越高：用于判断企业是否晋级"))
    levels = models.JSONField(_("认定层级"), default=list, blank=True, help_text=_("national / province / city"))
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"), null=True, blank=True)
    aliases = models.CharField(
        _("别名"), max_length=200, blank=True, help_text=_("名单中可能出现的其他写法，用“；”分隔")
    )
    active = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)
    target_label = models.CharField(
        _("目标指标名称"),
        max_length=100,
        blank=True,
        help_text=_("通知中该称号对应的目标指标写法，如：新增专精特新“小巨人”企业；空则为“新增”加称号"),
    )

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("培育称号")
        ordering = ["ladder", "pk"]

    def clean(self) -> None:
        bad = [lv for lv in self.levels or [] if lv not in Level.values]
        if bad:
            raise ValidationError({"levels": _("未知的认定层级：%s") % "、".join(map(str, bad))})

    def source_keys(self) -> list[tuple[str, str]]:
        """The computed sources (取数口径) this title feeds, as (key, label): an indicator names the key."""
        from .sources import title_sources

        return title_sources(self)

    def level_labels(self) -> str:
        return "、".join(str(Level(lv).label) for lv in self.levels or []) or "—"


class TierEntry(AuditedModel):
    """One enterprise in one title's library for one year: nominated → cultivating → recognised (level, date,
    document number) → dropped or expired (choices.ENTRY_TRANSITIONS), with the evidence."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="tier_entries"
    )
    title = models.ForeignKey(Title, verbose_name=_("称号"), on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField(_("年度"), help_text=YEAR_HELP)
    status = models.CharField(
        _("状态"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.NOMINATED, editable=False
    )
    level = models.CharField(_("认定层级"), max_length=10, choices=Level.choices, blank=True)
    recognised_on = models.DateField(_("认定日期"), null=True, blank=True)
    document_no = models.CharField(_("认定文号"), max_length=100, blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to="tiers/evidence/%Y/", blank=True)
    ended_on = models.DateField(_("退出/到期日期"), null=True, blank=True, editable=False)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    scope = ScopeRule(region="enterprise__region", enterprise="enterprise")

    class Meta:
        verbose_name = _("培育库企业")
        ordering = ["-year", "title__ladder", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "title", "year"], name="tierentry_enterprise_title_year")
        ]
        indexes = [models.Index(fields=["title", "year", "status"], name="tierentry_title_year_status")]
        # the city's daily expiry (services.tierentries_expire_due) and its button on the list
        permissions = [("expire_tierentry", _("处理到期认定"))]

    def __str__(self) -> str:
        return f"{self.year} {self.title} · {self.enterprise}"

    @property
    def valid_until(self) -> int | None:
        """The last year the recognition holds (year of recognition + validity − 1), None without a limit."""
        if self.recognised_on is None:
            return None
        return calculations.valid_until(self.recognised_on, self.title.validity_years)
