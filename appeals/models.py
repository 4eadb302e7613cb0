"""Enterprise requests (诉求, domain.md §10): categories with their deadlines, the request, its hops and files.

Routing is 属地为主、分级分办: a request lands at the enterprise's unit (`region`), which answers it or
passes it up to the city or across to a department; the city assigns departments. `level` and
`department` say who holds it now; every move is an `AppealHop`. Deadlines are working days on the
Chinese calendar (workdays app), per category, and stored, so lists and figures filter on columns.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.fields import actor_field
from core.models import AttachmentModel, AuditedModel, ScopedModel
from core.scope import ScopeRule

from .choices import Channel, Complexity, HopAction, Level, Rating, Status, Urgency

DAYS = [MinValueValidator(0), MaxValueValidator(120)]


class AppealCategory(AuditedModel):
    """A kind of request (缺工, 缺箱, 融资 …) and its deadlines in working days: data the admin edits."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("类别名称"), max_length=40, unique=True)
    accept_days = models.PositiveSmallIntegerField(_("受理时限（工作日）"), default=1, validators=DAYS)
    simple_days = models.PositiveSmallIntegerField(_("简单诉求答复时限（工作日）"), default=3, validators=DAYS)
    complex_days = models.PositiveSmallIntegerField(_("复杂诉求答复时限（工作日）"), default=15, validators=DAYS)
    extended_days = models.PositiveSmallIntegerField(_("延期后答复时限（工作日）"), default=30, validators=DAYS)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(public=True)

    class Meta:
        verbose_name = _("诉求类别")
        ordering = ["order", "code"]

    def get_absolute_url(self) -> str:
        return reverse("appeals:appealcategory_edit", args=[self.pk])


class Appeal(AuditedModel):
    """One enterprise request: who filed it how, what it asks, who holds it, its deadlines, answer and rating."""

    number = models.CharField(_("诉求编号"), max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="appeals"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("属地单位"), on_delete=models.PROTECT, related_name="appeals"
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.PLATFORM)
    category = models.ForeignKey(
        AppealCategory, verbose_name=_("诉求类别"), on_delete=models.PROTECT, related_name="appeals"
    )
    complexity = models.CharField(_("复杂程度"), max_length=8, choices=Complexity.choices, default=Complexity.SIMPLE)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    title = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("诉求内容"))
    contact_name = models.CharField(_("联系人"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    level = models.CharField(_("当前办理层级"), max_length=10, choices=Level.choices, default=Level.UNIT)
    department = models.ForeignKey(
        "regions.Department",
        verbose_name=_("承办部门"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
    )
    filed_on = models.DateField(_("登记日期"), db_index=True)
    accept_due = models.DateField(_("受理期限"))
    answer_due = models.DateField(_("答复期限"), db_index=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answer = models.TextField(_("答复内容"), blank=True)
    extended = models.BooleanField(_("已延期"), default=False)
    extension_reason = models.CharField(_("延期理由"), max_length=200, blank=True)
    paused_on = models.DateField(_("暂停计时日期"), null=True, blank=True, help_text=_("等待企业补充材料期间不计时"))
    paused_workdays = models.PositiveSmallIntegerField(_("暂停工作日数"), default=0)
    workdays_to_answer = models.PositiveSmallIntegerField(_("办理用时（工作日）"), null=True, blank=True)
    on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_on = models.DateField(_("评价日期"), null=True, blank=True)
    reopened = models.BooleanField(_("已重办"), default=False)
    escalation_level = models.PositiveSmallIntegerField(
        _("督办级别"), default=0, help_text=_("0 未督办，1 市级督办，2 领导督办")
    )
    reminded_on = models.DateField(_("提醒日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("并入诉求"), on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    created_by = actor_field(_("登记人"))

    scope = ScopeRule(region="region", enterprise="enterprise", department="department")

    class Meta:
        verbose_name = _("企业诉求")
        ordering = ["-filed_on", "-pk"]
        indexes = [
            models.Index(fields=["region", "status", "filed_on"], name="appeal_region_status_filed"),
            models.Index(fields=["status", "answer_due"], name="appeal_status_due"),
            models.Index(fields=["department", "status"], name="appeal_department_status"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class AppealHop(ScopedModel):
    """One move of a request: who, when, what, from which holder to which, and why (every hop recorded)."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="hops")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = actor_field(_("操作人"))
    action = models.CharField(_("操作"), max_length=20, choices=HopAction.choices)
    from_holder = models.CharField(_("自"), max_length=100, blank=True)
    to_holder = models.CharField(_("至"), max_length=100, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    shown_on = "appeal"
    scope = ScopeRule(region="appeal__region", enterprise="appeal__enterprise", department="appeal__department")

    class Meta:
        verbose_name = _("流转记录")
        ordering = ["appeal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal.number} {self.get_action_display()}"


class AppealAttachment(AttachmentModel):
    """A file of a request (the enterprise's material, or a handler's answer document)."""

    appeal = models.ForeignKey(Appeal, verbose_name=_("诉求"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to="appeals/%Y/%m/")

    shown_on = "appeal"
    scope = ScopeRule(region="appeal__region", enterprise="appeal__enterprise", department="appeal__department")

    class Meta:
        verbose_name = _("诉求附件")
        ordering = ["appeal", "pk"]
