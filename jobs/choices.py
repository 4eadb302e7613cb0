from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    PENDING = "pending", _("排队中")  # created, waiting for a worker
    RUNNING = "running", _("运行中")  # a worker is executing it and reports progress
    SUCCEEDED = "succeeded", _("已完成")  # finished; `result` holds the outcome
    FAILED = "failed", _("失败")  # the handler raised; `message` says why


FINISHED = {JobStatus.SUCCEEDED, JobStatus.FAILED}
