"""The key-project library (重点项目全过程、清单化、节点化管理, domain.md §6).

A project belongs to one county-level unit (its region) and usually one enterprise. Its lifecycle
is nine nodes with planned and actual dates; its stage, stars and flags follow from the nodes and
are stored on the project (kept current by the services) so that lists of 100,000 projects filter
and sort on indexed columns. Lists (省重点, 700项, 亿元以上 …) and categories (五个一批) are data the
city admin maintains. Units report a monthly update per project; the library as it stood at the
end of a month is kept as a snapshot, so past months stay reproducible.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.fields import actor_field
from core.models import AuditedModel, DomainModel, ScopedModel
from core.scope import ScopeRule

from .choices import ApprovalPhase, Node, ProblemKind, ProblemStatus, ProjectType, Stage, UpdateStatus

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]
MONTH_VALIDATORS = [MinValueValidator(1), MaxValueValidator(12)]
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


def _money(label: object, **kwargs: object) -> models.DecimalField:
    """An amount in 万元, stored exactly (domain.md §13)."""
    return models.DecimalField(label, max_digits=16, decimal_places=2, validators=NON_NEGATIVE, **kwargs)  # type: ignore[arg-type]


class ProjectCategory(AuditedModel):
    """A category of 五个一批 (智能化改造、绿色制造、工业强基、产业链提升、未来产业); data the city admin keeps."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("项目类别")
        ordering = ["order", "code"]


class ProjectList(AuditedModel):
    """A list a project can be on (省重点, 700项重点技改, 亿元以上, 民间投资 …); data the city admin keeps.

    With `min_total_investment` the list is a tier (亿元以上 = 10,000 万元): membership follows from
    the project's total investment and is kept by the services, not chosen by hand.
    """

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=60, unique=True)
    min_total_investment = _money(
        _("总投资下限（万元）"), null=True, blank=True, help_text=_("填写后按总投资自动归入，如亿元以上填 10000")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("项目清单")
        ordering = ["order", "code"]


class StarGate(AuditedModel):
    """One star of the 五星 evaluation: earned when `node` is reached on or before its planned date.

    Default (domain.md §6, the Jiaxing rule is not public): 签约落地, 前期完成, 按期开工, 按期竣工投产,
    按期达产. `grace_days` tolerates a late actual date; the city admin may change the gates.
    """

    name = models.CharField(_("名称"), max_length=30, unique=True)
    node = models.CharField(_("节点"), max_length=12, choices=Node.choices)
    grace_days = models.PositiveSmallIntegerField(_("宽限天数"), default=0)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("星级规则")
        ordering = ["order", "pk"]


class Project(DomainModel):
    """A key project of a county-level unit. Stage, stars and flags are derived and stored (see module doc)."""

    code = models.CharField(
        _("项目代码"), max_length=40, blank=True, help_text=_("浙江省投资项目在线审批监管平台的投资项目代码")
    )
    name = models.CharField(_("项目名称"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("建设单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="projects"
    )
    industry = models.ForeignKey(
        "enterprises.Industry",
        verbose_name=_("所属行业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
    )
    project_type = models.CharField(_("项目类型"), max_length=10, choices=ProjectType.choices, default=ProjectType.TECH)
    total_investment = _money(_("总投资（万元）"))
    equipment_investment = _money(_("其中设备投资（万元）"), default=Decimal(0))
    land_mu = models.DecimalField(
        _("用地（亩）"), max_digits=12, decimal_places=2, default=Decimal(0), validators=NON_NEGATIVE
    )
    categories = models.ManyToManyField(ProjectCategory, verbose_name=_("类别"), blank=True, related_name="projects")
    lists = models.ManyToManyField(ProjectList, verbose_name=_("所属清单"), blank=True, related_name="projects")
    description = models.TextField(_("建设内容"), blank=True)
    contact = models.CharField(_("联系人及电话"), max_length=100, blank=True)
    active = models.BooleanField(_("在库"), default=True, help_text=_("终止或退库的项目不再统计"))

    # Derived and stored by the services (projects/calculations.py computes them).
    stage = models.CharField(_("阶段"), max_length=14, choices=Stage.choices, default=Stage.SIGNING, editable=False)
    stars = models.PositiveSmallIntegerField(_("星级"), default=0, editable=False)
    flags = models.JSONField(_("预警"), default=list, blank=True, editable=False)
    last_update_year_month = models.PositiveIntegerField(
        _("最近月度更新"), null=True, blank=True, editable=False, help_text=_("年×100+月")
    )

    scope = ScopeRule(region="region", enterprise="enterprise")
    history = HistoricalRecords(m2m_fields=[categories, lists])

    class Meta:
        verbose_name = _("重点项目")
        ordering = ["region__path", "-total_investment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="project_unique_code_when_present"
            )
        ]
        indexes = [
            models.Index(fields=["region", "stage"], name="project_region_stage"),
            models.Index(fields=["stage", "-total_investment"], name="project_stage_investment"),
            models.Index(fields=["-total_investment", "id"], name="project_investment_id"),
            models.Index(fields=["stars"], name="project_stars"),
            # P1 (0003_p1_list_indexes): the list sorted by stars takes its first page from this index.
            models.Index(fields=["stars", "id"], name="project_stars_id"),
        ]


class ProjectPart(AuditedModel):
    """A record of one project, shown on (and linked to) the project's page and seen like the project."""

    shown_on = "project"
    scope = ScopeRule(region="project__region", enterprise="project__enterprise")

    class Meta:
        abstract = True


class ProjectNode(ProjectPart):
    """One lifecycle node of a project, with its planned and actual date."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="nodes")
    node = models.CharField(_("节点"), max_length=12, choices=Node.choices)
    planned_date = models.DateField(_("计划时间"), null=True, blank=True)
    actual_date = models.DateField(_("实际时间"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("项目节点")
        ordering = ["project", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "node"], name="projectnode_unique")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_node_display()}"


class ProjectYearPlan(ProjectPart):
    """The investment a project plans for one year, with its monthly plan (万元 per month, 12 values)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    planned_investment = _money(_("年度计划投资（万元）"))
    monthly_plan = models.JSONField(_("分月计划（万元）"), default=list, blank=True, help_text=_("12 个月的计划投资"))

    class Meta:
        verbose_name = _("年度投资计划")
        ordering = ["project", "year"]
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="projectyearplan_unique")]

    def __str__(self) -> str:
        return f"{self.project} · {self.year}"


class ApprovalStep(ProjectPart):
    """A government step between 赋码备案 and 竣工验收, with the days the government had it (最多90天).

    Only the time from `submitted_on` (the owner hands in a complete file) to `approved_on` counts:
    time the owner spends preparing does not. Approval steps ≤ 60 days in all, acceptance ≤ 30.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="approval_steps"
    )
    phase = models.CharField(_("阶段"), max_length=12, choices=ApprovalPhase.choices)
    name = models.CharField(_("事项"), max_length=60)
    submitted_on = models.DateField(_("受理日期"))
    approved_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("审批事项")
        ordering = ["project", "submitted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project} · {self.name}"


class StandardLandContract(ProjectPart):
    """The 标准地 contract indicators promised at land sale, and the actuals at 达产 (对标验收)."""

    project = models.OneToOneField(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="land_contract"
    )
    investment_intensity = models.DecimalField(_("亩均投资强度（万元/亩）"), max_digits=12, decimal_places=2)
    plot_ratio = models.DecimalField(_("容积率"), max_digits=6, decimal_places=2)
    tax_per_mu = models.DecimalField(_("亩均税收（万元/亩）"), max_digits=12, decimal_places=2)
    energy_per_value = models.DecimalField(
        _("单位增加值能耗（吨标煤/万元）"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    emission_per_value = models.DecimalField(
        _("单位增加值排放（吨/万元）"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    rd_ratio = models.DecimalField(_("研发经费占比（%）"), max_digits=6, decimal_places=2, null=True, blank=True)
    actual_investment_intensity = models.DecimalField(
        _("实际亩均投资强度"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    actual_plot_ratio = models.DecimalField(_("实际容积率"), max_digits=6, decimal_places=2, null=True, blank=True)
    actual_tax_per_mu = models.DecimalField(_("实际亩均税收"), max_digits=12, decimal_places=2, null=True, blank=True)
    actual_energy_per_value = models.DecimalField(
        _("实际单位增加值能耗"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    actual_emission_per_value = models.DecimalField(
        _("实际单位增加值排放"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    actual_rd_ratio = models.DecimalField(_("实际研发经费占比"), max_digits=6, decimal_places=2, null=True, blank=True)
    checked_on = models.DateField(_("对标验收日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准地出让指标")

    def __str__(self) -> str:
        return f"{self.project} · {_('标准地')}"


class ProjectUpdate(AuditedModel):
    """A project's monthly update (月度进展): investment this month and year to date, image progress, nodes."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="updates")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS)
    investment_month = _money(_("本月完成投资（万元）"), default=Decimal(0))
    investment_ytd = _money(_("本年累计完成投资（万元）"), default=Decimal(0))
    progress_text = models.TextField(_("形象进度"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = actor_field(_("提交人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = actor_field(_("审核人"))
    comment = models.TextField(_("审核意见"), blank=True)

    scope = ScopeRule(region="project__region", enterprise="project__enterprise")

    class Meta:
        verbose_name = _("项目月度进展")
        ordering = ["-year", "-month", "project"]
        constraints = [models.UniqueConstraint(fields=["project", "year", "month"], name="projectupdate_unique")]
        indexes = [models.Index(fields=["year", "month", "status"], name="projectupdate_month_status")]
        permissions = [("review_projectupdate", _("审核项目月度进展"))]

    def __str__(self) -> str:
        return f"{self.project} · {self.year}年{self.month}月"


class ProjectPhoto(AuditedModel):
    """A site photo attached to a monthly update."""

    update = models.ForeignKey(
        ProjectUpdate, verbose_name=_("月度进展"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("照片"), upload_to="projects/photos/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=100, blank=True)

    shown_on = "update"
    scope = ScopeRule(region="update__project__region", enterprise="update__project__enterprise")

    class Meta:
        verbose_name = _("现场照片")
        ordering = ["update", "pk"]

    def __str__(self) -> str:
        return self.caption or str(self.image.name)


class ProjectProblem(AuditedModel):
    """A problem to coordinate (协调事项): the responsible department's handler answers it by the deadline.

    Department-scoped like duties: a department handler sees their own department's problems only;
    everyone else sees them by the project's region. Overdue problems escalate (scheduled job).
    """

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="problems")
    kind = models.CharField(_("问题类型"), max_length=10, choices=ProblemKind.choices)
    text = models.TextField(_("问题描述"))
    department = models.ForeignKey(
        "regions.Department", verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="project_problems"
    )
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    resolution = models.TextField(_("办理结果"), blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("督办级别"), default=0, help_text=_("0 未督办，1 起逐级上升"))
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    raised_by = actor_field(_("提出人"))

    scope = ScopeRule(region="project__region", enterprise="project__enterprise", department="department")

    class Meta:
        verbose_name = _("协调事项")
        ordering = ["status", "deadline", "pk"]
        indexes = [models.Index(fields=["status", "deadline"], name="projectproblem_status_deadline")]

    def __str__(self) -> str:
        return f"{self.project} · {self.get_kind_display()}"


class MonthSnapshot(AuditedModel):
    """The library as it stood at the end of a month (domain.md §6: past months stay reproducible)."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="project_snapshots"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=MONTH_VALIDATORS)
    taken_at = models.DateTimeField(_("生成时间"))
    taken_by = actor_field(_("生成人"))
    project_count = models.PositiveIntegerField(_("项目数"), default=0)

    scope = ScopeRule(region="region")

    class Meta:
        verbose_name = _("月末项目快照")
        ordering = ["-year", "-month", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "month"], name="monthsnapshot_unique")]

    def __str__(self) -> str:
        return f"{self.region} · {self.year}年{self.month}月"


class SnapshotRow(ScopedModel):
    """One project as it stood in a month-end snapshot; written once in bulk, never changed.

    Its references carry no database constraint and the snapshot and region ones no index of their own: the
    one INSERT … SELECT that writes the rows takes every id from the row it references in the same
    transaction, so the 400,000 foreign-key checks of a 100,000-project snapshot proved nothing and cost a
    quarter of its time (benchmarks/bench_projects_snapshot.py); Django still applies CASCADE and PROTECT,
    and the (snapshot, …) indexes below serve every read by snapshot.
    """

    snapshot = models.ForeignKey(
        MonthSnapshot,
        verbose_name=_("快照"),
        on_delete=models.CASCADE,
        related_name="rows",
        db_constraint=False,
        db_index=False,
    )
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("建设单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    name = models.CharField(_("项目名称"), max_length=200)
    code = models.CharField(_("项目代码"), max_length=40, blank=True)
    project_type = models.CharField(_("项目类型"), max_length=10, choices=ProjectType.choices)
    total_investment = _money(_("总投资（万元）"))
    year_plan = _money(_("年度计划投资（万元）"), default=Decimal(0))
    investment_ytd = _money(_("本年累计完成投资（万元）"), default=Decimal(0))
    stage = models.CharField(_("阶段"), max_length=14, choices=Stage.choices)
    stars = models.PositiveSmallIntegerField(_("星级"))
    flags = models.JSONField(_("预警"), default=list)
    list_ids = models.JSONField(_("所属清单"), default=list)
    category_ids = models.JSONField(_("类别"), default=list)
    nodes = models.JSONField(_("节点"), default=dict, help_text=_("节点 → [计划时间, 实际时间]"))
    # For the rates (P2, migration 0010): the furthest node reached by the month end (its place in
    # NODE_ORDER, 1 = 签约 … 9 = 达产; 0 = none) and the year 竣工 is planned in.
    reached = models.PositiveSmallIntegerField(
        _("已达最远节点"), default=0, help_text=_("0 未达任何节点，1 签约 … 9 达产")
    )
    completion_planned_year = models.PositiveSmallIntegerField(_("计划竣工年份"), null=True, blank=True)

    shown_on = "snapshot"
    scope = ScopeRule(region="region", enterprise="enterprise")

    class Meta:
        verbose_name = _("快照项目")
        ordering = ["snapshot", "pk"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "project"], name="snapshotrow_unique")]
        indexes = [models.Index(fields=["snapshot", "region", "stage"], name="snapshotrow_region_stage")]

    def __str__(self) -> str:
        return f"{self.snapshot} · {self.name}"
