"""Reads of the region tree: the regions a user may act on, one such region, a unit's subtree."""

from __future__ import annotations

from typing import Any

from core.scope import access_object_from

from .choices import COUNTY_LEVEL
from .models import Region


def access_region(user: Any, pk: Any) -> Region:
    """One region of the user's subtree, or the same 404 whether it is missing or outside."""
    return access_object_from(Region.objects.in_scope_of(user), pk)


def region_in_scope(user: Any, region: Region | int | None) -> bool:
    """Whether a region (or region id) lies in the user's subtree (root-region users: every region)."""
    if region is None or not getattr(user, "is_authenticated", False):
        return False
    pk = region.pk if isinstance(region, Region) else region
    return bool(user.sees_everything or pk in set(user.scope_region_ids))


def region_choices(request: Any) -> Any:
    """Queryset callable for a FilterSet's region filter: the requesting user's subtree."""
    return Region.objects.in_scope_of(getattr(request, "user", None))


def subtree(region: Region) -> Any:
    """The region and every region below it, in tree order."""
    return Region.objects.filter(path__startswith=region.path)


def county_units(region: Region) -> Any:
    """The county-level units in a region's subtree (the region itself excluded), in tree order."""
    return subtree(region).filter(kind__in=COUNTY_LEVEL).exclude(pk=region.pk).order_by("path")
