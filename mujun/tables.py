from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from core.tables import RowLinkColumn

from .models import (
    EnterpriseYearData,
    EvaluationResult,
    EvaluationRun,
    ListEntry,
    Objection,
    PriceRule,
    Rectification,
    RuleSet,
)


class RuleSetTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = RuleSet
        fields = ("name", "year", "group", "version", "status", "cut_a", "cut_b", "cut_c")


class PriceRuleTable(tables.Table):
    klass = tables.Column(linkify=True)

    class Meta:
        model = PriceRule
        fields = ("year", "klass", "resource", "surcharge", "consecutive_years", "consecutive_surcharge")


class ListEntryTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")

    class Meta:
        model = ListEntry
        fields = ("year", "enterprise", "kind", "reason")


class EnterpriseYearDataTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")
    region = tables.Column(accessor="enterprise__region__name", verbose_name=_("属地"), orderable=False)

    class Meta:
        model = EnterpriseYearData
        fields = ("enterprise", "region", "year", "size_class", "tax", "value_added", "land_mu", "energy_tce", "parcel")


class EvaluationRunTable(tables.Table):
    name = tables.Column(linkify=True)

    class Meta:
        model = EvaluationRun
        fields = ("name", "year", "status", "result_count", "computed_at", "publish_start", "publish_end")


class EvaluationResultTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")
    region = tables.Column(accessor="region__name", verbose_name=_("属地"), orderable=False)  # as the run stored it

    class Meta:
        model = EvaluationResult
        fields = ("enterprise", "region", "group", "score", "rank", "group_size", "computed_class", "final_class")


class ObjectionTable(tables.Table):
    enterprise = RowLinkColumn(accessor="result__enterprise__name", verbose_name=_("企业"))

    class Meta:
        model = Objection
        fields = ("enterprise", "status", "requested_class", "created_at", "decided_at")


class RectificationTable(tables.Table):
    enterprise = RowLinkColumn(accessor="enterprise__name")
    region = tables.Column(accessor="enterprise__region__name", verbose_name=_("属地"), orderable=False)

    class Meta:
        model = Rectification
        fields = ("enterprise", "region", "year", "reasons", "path", "status", "land_freed_mu", "energy_freed_tce")
