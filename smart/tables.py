from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import RowLinkColumn

from .models import (
    Demonstration,
    Diagnosis,
    EquipmentFigure,
    RankingRule,
    ServiceCompany,
    SubsidyAward,
    SubsidyRule,
)


class ServiceCompanyTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = ServiceCompany
        fields = ("name", "level", "region", "fields", "contact", "phone", "active")


class RankingRuleTable(tables.Table):
    year = tables.Column(linkify=True)

    class Meta:
        model = RankingRule
        fields = ("year", "diagnosis", "workshop_pilot", "factory_pilot", "recognised", "level_gain")


class DiagnosisTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")

    class Meta:
        model = Diagnosis
        fields = ("diagnosed_on", "enterprise", "company", "kind", "pilot", "level_before", "level_after", "outcome")


class DemonstrationTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = Demonstration
        fields = ("year", "name", "enterprise", "kind", "stage", "level", "recognised_on", "company")


class SubsidyRuleTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = SubsidyRule
        fields = ("year", "version", "name", "equipment_rate", "it_rate", "demo_cap", "demo_min_investment",
                  "superseded")  # fmt: skip


class SubsidyAwardTable(tables.Table):
    kind = tables.Column(linkify=True)

    class Meta:
        model = SubsidyAward
        fields = ("year", "kind", "demonstration", "company", "amount", "status", "rule")


class EquipmentFigureTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")
    robot_density = tables.Column(orderable=False, verbose_name=_("机器人密度（台/万人）"))

    class Meta:
        model = EquipmentFigure
        fields = ("year", "enterprise", "robots_in_service", "robots_added", "employees", "robot_density")
