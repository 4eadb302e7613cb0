from django.apps import AppConfig


class InvestmentConfig(AppConfig):
    """Investment promotion (招商引资, domain.md §11b): leads, visits and talks, signing into the key-project
    library, platforms (开发区, 园区, 特色小镇, 小微企业园) and the figures against the plan's targets."""

    name = "investment"
    verbose_name = "招商引资"
