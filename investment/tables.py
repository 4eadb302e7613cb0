"""Tables of investment promotion (django-tables2); labels come from the models' verbose names."""

from __future__ import annotations

import django_tables2 as tables

from core.tables import RowLinkColumn

from .models import ExchangeRate, Lead, LeadVisit, Platform, ProjectPlatform, SigningTarget


class LeadTable(tables.Table):
    # The pk breaks ties, so pages of equal amounts stay stable between requests.
    name = tables.Column(linkify=True, order_by=("name", "pk"))
    region = tables.Column(accessor="region__name", order_by=("region__path", "pk"))
    chain = tables.Column(accessor="chain__name", order_by=("chain", "pk"))
    amount = tables.Column(attrs={"td": {"class": "text-end"}}, order_by=("amount", "pk"))
    stage = tables.Column(order_by=("stage", "pk"))

    class Meta:
        model = Lead
        fields = ("name", "investor", "investor_kind", "fortune500", "region", "chain", "amount", "land_mu", "stage",
                  "leader", "signed_on")  # fmt: skip
        order_by = ("-amount",)


class LeadVisitTable(tables.Table):
    lead = RowLinkColumn(accessor="lead__name")

    class Meta:
        model = LeadVisit
        fields = ("date", "lead", "kind", "leader", "content", "next_step")


class PlatformTable(tables.Table):
    name = tables.Column(linkify=True)
    region = tables.Column(accessor="region__name")

    class Meta:
        model = Platform
        fields = ("name", "kind", "region", "area_km2", "target_year", "investment_target", "signing_target")


class ExchangeRateTable(tables.Table):
    date = tables.Column(linkify=True)

    class Meta:
        model = ExchangeRate
        fields = ("date", "usd_cny")


class SigningTargetTable(tables.Table):
    region = RowLinkColumn(accessor="region__name")

    class Meta:
        model = SigningTarget
        fields = ("year", "region", "tier", "count", "amount")


class ProjectPlatformTable(tables.Table):
    project = tables.Column(accessor="project__name", linkify=lambda record: record.project.get_absolute_url())
    platform = RowLinkColumn(accessor="platform__name")

    class Meta:
        model = ProjectPlatform
        fields = ("project", "platform")
