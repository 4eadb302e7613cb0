"""A background job's record: what runs, for whom, how far it is, and what came out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import DomainModel
from core.scope import ScopeRule

from .choices import FINISHED, JobStatus


class Job(DomainModel):
    """One run of a long task (an import, a report). Pages poll `progress` to draw a bar."""

    kind = models.CharField(_("类型"), max_length=64, db_index=True)
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    message = models.CharField(_("进度说明"), max_length=500, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    input_file = models.FileField(_("上传文件"), upload_to="jobs/%Y/%m/", blank=True)
    # What an export job wrote (jobs/exports.py), given only to the person who started it.
    output_file = models.FileField(_("导出文件"), upload_to="exports/%Y/%m/", blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="jobs"
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    scope = ScopeRule(owner="user")

    class Meta:
        verbose_name = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED
