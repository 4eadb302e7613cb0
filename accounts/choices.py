from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of domain.md §0. Each is a Django group (a permission set) of the same code."""

    CITY_ADMIN = "city_admin", _("市级管理员")  # 市经信局 system admin: everything, users, regions, rules
    CITY_STAFF = "city_staff", _("市局业务处室")  # 投资处, 技改处 …: all units' data, approves, issues bulletins
    UNIT_REPORTER = "unit_reporter", _("县区填报员")  # fills their unit's reports, updates projects
    UNIT_REVIEWER = "unit_reviewer", _("县区审核人")  # approves their unit's submissions
    DEPARTMENT_HANDLER = "department_handler", _("部门经办人")  # items assigned to their department
    ENTERPRISE_USER = "enterprise_user", _("企业用户")  # their own company only
    LEADER = "leader", _("领导")  # read-only dashboards and bulletins
