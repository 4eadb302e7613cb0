from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    PROVINCE = "province", _("省")  # 省级
    CITY = "city", _("地级市")  # 设区市, the bureau's own level
    DISTRICT = "district", _("区")  # 市辖区
    COUNTY = "county", _("县")
    COUNTY_CITY = "county_city", _("县级市")
    ZONE = "zone", _("功能区")  # 开发区/港区/高新区: receives targets, no GB/T 2260 code
    TOWN = "town", _("乡镇街道")  # below county level, for sub-units


# County-level units: the units that receive targets and report monthly (domain.md §1).
COUNTY_LEVEL = {RegionKind.DISTRICT, RegionKind.COUNTY, RegionKind.COUNTY_CITY, RegionKind.ZONE}


class DepartmentLevel(models.TextChoices):
    CITY = "city", _("市级部门")
    COUNTY = "county", _("县级部门")
