"""Every filter of every list page and API endpoint shows a label in the user's language, whatever built its form
field first (the OpenAPI schema builds the class-level filters' fields, which had left "Status", "Kind" or "Level",
the fields' names, on the Chinese pages)."""

from __future__ import annotations

import re
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import django_filters
import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from accounts.choices import Role
from core.filters import FilterSet

CJK = re.compile(r"[\u3400-\u9fff]")


def app_filtersets() -> list[type[django_filters.FilterSet]]:
    found = []
    for config in apps.get_app_configs():
        if find_spec(f"{config.name}.filtersets") is None:
            continue
        module = import_module(f"{config.name}.filtersets")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, django_filters.FilterSet)
            and value.__module__.startswith(config.name)
            and getattr(value._meta, "model", None) is not None
        ]
    return found


def test_every_app_filterset_is_built_on_the_shared_base():
    filtersets = app_filtersets()
    assert len(filtersets) > 60
    assert [fs.__qualname__ for fs in filtersets if not issubclass(fs, FilterSet)] == []


def test_labels_are_in_the_language_of_the_page_even_after_the_schema_built_the_class_level_fields():
    filtersets = app_filtersets()
    for filterset in filtersets:
        for filter_ in filterset.base_filters.values():
            filter_.field  # what drf-spectacular does for choice filters
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels = {
                f"{fs.__name__}.{name}": str(field.label)
                for fs in filtersets
                for name, field in fs(queryset=fs._meta.model._default_manager.none()).form.fields.items()
            }
        if language == "zh-hans":
            assert {where: label for where, label in labels.items() if not CJK.search(label)} == {}
        else:
            assert labels["TierEntryFilterSet.level"] == "Recognition level"


def test_a_filter_without_a_model_field_or_a_label_is_refused():
    from tiers.models import Title

    with pytest.raises(ImproperlyConfigured, match="needs a label"):

        class Broken(FilterSet):
            ladder_step = django_filters.NumberFilter(method="filter_step")

            class Meta:
                model = Title
                fields = ["ladder_step"]


@pytest.mark.django_db
def test_the_list_page_keeps_its_labels_after_the_api_schema_was_served(client: Any, make_user: Any) -> None:
    client.force_login(make_user(Role.CITY_STAFF, "330400"))
    assert client.get("/api/schema/").status_code == 200
    page = client.get("/tiers/entries/").content.decode()
    assert 'for="id_level"' in page
    assert ">认定层级<" in page and ">Level<" not in page
