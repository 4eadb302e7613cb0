"""How a run's per-indicator figures are stored: positional number lists in text columns (core.fields.
FloatListField), named by the run's indicator codes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.fields import FloatListField
from mujun.models import EvaluationResult
from mujun.tests.factories import EvaluationResultFactory
from regions.models import Region
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_lists_round_trip_as_compact_text_and_read_by_code(regions: dict[str, Region]) -> None:
    result = EvaluationResultFactory(
        enterprise=EnterpriseFactory(region=regions["330481"]),
        run__codes=["tax_per_mu", "va_per_emission", "rd_ratio"],
        value_list=[12.0485, None, 2.5],
        benchmark_list=[24.097, 120.0, None],
        contribution_list=[15.0, 7.25, 0.0],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT value_list FROM mujun_evaluationresult WHERE id = %s", [result.pk])
        (raw,) = cursor.fetchone()
    assert raw == "[12.0485,null,2.5]"
    stored = EvaluationResult.objects.select_related("run").get(pk=result.pk)
    assert stored.value_list == [12.0485, None, 2.5]
    assert stored.values == {"tax_per_mu": 12.0485, "va_per_emission": None, "rd_ratio": 2.5}
    assert stored.benchmarks["va_per_emission"] == 120.0
    assert stored.contributions == {"tax_per_mu": 15.0, "va_per_emission": 7.25, "rd_ratio": 0.0}


@pytest.mark.parametrize("bad", ["abc", '{"tax_per_mu": 1}', '["x"]', "[1, [2]]"])
def test_anything_but_a_list_of_numbers_is_refused(bad: str) -> None:
    with pytest.raises(ValidationError):
        FloatListField().to_python(bad)


def test_whole_numbers_come_back_as_floats() -> None:
    assert FloatListField().to_python("[1,null,2.5]") == [1.0, None, 2.5]
    assert FloatListField().get_prep_value([1.0, None]) == "[1.0,null]"
