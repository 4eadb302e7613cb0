"""Choices of the bulletins (domain.md §12). Every value says in one line what it means."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Machine, Transition, register


class BulletinKind(models.TextChoices):
    """Which bulletin: only the monthly one so far (quarterly and year-end reviews may follow)."""

    MONTHLY = "monthly", _("月度通报")  # a plan's targets and projects as they stood at the end of a published month


class VersionStatus(models.TextChoices):
    """Where a version of a bulletin stands; the allowed moves are VERSION_MACHINE below."""

    DRAFT = "draft", _("草稿")  # generated, seen by the city only, may be published
    PUBLISHED = "published", _("已发布")  # issued: units and leaders see it; never changes again
    SUPERSEDED = "superseded", _("已被替代")  # a draft left behind by a newer version; never published


# The moves a version may take; the services check this table, never the caller. A draft is superseded by the
# generation of a newer version (no button); publishing is the page's button (core.workflow.available_actions).
PUBLISH, SUPERSEDE = "publish", "supersede"
VERSION_MACHINE = register(
    Machine(
        "bulletins.bulletinversion",
        (
            Transition(PUBLISH, VersionStatus.DRAFT, VersionStatus.PUBLISHED, "bulletins.publish_bulletin", label=_("发布")),
            Transition(
                SUPERSEDE, VersionStatus.DRAFT, VersionStatus.SUPERSEDED, "bulletins.add_bulletinversion",
                label=_("已被替代"),
            ),
        ),
        hidden=frozenset({SUPERSEDE}),
    )
)  # fmt: skip


class DocumentFormat(models.TextChoices):
    """The files a version is rendered to."""

    DOCX = "docx", "Word"  # official-document layout from the editable template
    XLSX = "xlsx", "Excel"  # multi-level headers, coloured warnings, native charts
    PDF = "pdf", "PDF"  # rendered here with the bundled font


CONTENT_TYPES = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentFormat.PDF: "application/pdf",
}
