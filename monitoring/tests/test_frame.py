"""The vectorised matrix (monitoring/frame.py) judges every cell as the Decimal reference `calculations.evaluate`.

Hypothesis draws cells of every kind and direction with figures that may be missing or zero, and
each is evaluated both ways: numbers agree to frame.PLACES decimal places (relative for large
ones), colours, forecast warnings and reported flags are the same.
"""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring import frame
from monitoring.calculations import Figures, Thresholds, evaluate, profile_share

KINDS = ["flow_amount", "flow_count", "stock", "growth_rate", "share", "qualitative"]
YEAR = 2019

amounts = st.one_of(
    st.none(),
    st.just(D(0)),
    st.decimals(min_value=D("-500"), max_value=D("2000000"), places=2, allow_nan=False, allow_infinity=False),
)
cell_strategy = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(KINDS),
        "higher": st.booleans(),
        "reported": st.booleans(),
        "value": amounts,
        "base": amounts,
        "num": amounts,
        "den": amounts,
        "target": amounts,
        "earlier": amounts,
        "profile": st.lists(amounts, min_size=4, max_size=4),
    }
)


def _close(got: D | None, want: D | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(got - want) <= D("2e-9") * max(D(1), abs(want))


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(cell_strategy, min_size=1, max_size=12), month=st.integers(min_value=2, max_value=12))
def test_vectorised_cells_match_the_decimal_reference(cells, month):
    thresholds = Thresholds(yellow_pp=D(0), red_pp=D(10))
    indicators, rows, targets = [], [], {}
    for n, spec in enumerate(cells, start=1):
        indicator = SimpleNamespace(pk=n, kind=spec["kind"], direction="higher" if spec["higher"] else "lower")
        indicators.append(indicator)
        key = f"s{n}"
        targets[(1, n)] = spec["target"]
        f = [None if x is None else float(x) for x in (spec["value"], spec["base"], spec["num"], spec["den"])]
        if spec["reported"]:
            rows.append((1, key, YEAR, month, *f, False))
        if spec["earlier"] is not None:
            rows.append((1, key, YEAR - 2, month, float(spec["earlier"]), None, None, None, False))
        p = spec["profile"]
        for y, (at_month, at_end) in zip((YEAR - 2, YEAR - 1), (p[:2], p[2:]), strict=True):
            if month != 12:
                rows.append((1, key, y, month, None if at_month is None else float(at_month), None, None, None, False))
            rows.append((1, key, y, 12, None if at_end is None else float(at_end), None, None, None, False))
    # earlier-year rows of the same period collide for month 12 / two years earlier: keep the first, like the DB would hold one
    values = pl.DataFrame(rows, schema=frame.VALUE_SCHEMA, orient="row").unique(
        subset=["region_id", "key", "year", "month"], keep="first", maintain_order=True
    )
    result = frame.evaluate_frame(
        values=values,
        indicators=indicators,  # type: ignore[arg-type]
        key_of_indicator={i.pk: f"s{i.pk}" for i in indicators},
        scales={i.pk: 100.0 for i in indicators},
        thresholds={i.pk: thresholds for i in indicators},
        targets=targets,
        region_ids=[1],
        year=YEAR,
        month=month,
        profile_years=2,
        with_previous=False,
    )
    got = {indicator_id: (ev, reported) for _r, indicator_id, ev, reported, _p in frame.evaluations(result, targets)}

    stored = {(r[1], r[2], r[3]): r for r in values.iter_rows()}

    def held(key: str, year: int, m: int) -> D | None:
        row = stored.get((key, year, m))
        return None if row is None or row[4] is None else D(repr(row[4]))

    for indicator, spec in zip(indicators, cells, strict=True):
        key = f"s{indicator.pk}"
        figures = Figures(spec["value"], spec["base"], spec["num"], spec["den"]) if spec["reported"] else None
        shares = [
            profile_share({month: held(key, y, month), 12: held(key, y, 12)}, month) for y in (YEAR - 2, YEAR - 1)
        ]
        want = evaluate(
            kind=spec["kind"],
            figures=figures,
            target=spec["target"],
            month=month,
            higher_is_better=spec["higher"],
            thresholds=thresholds,
            two_years_earlier=held(key, YEAR - 2, month),
            profile_shares=shares if spec["kind"] in frame.FLOWS else (),
        )
        evaluation, reported = got[indicator.pk]
        assert reported == spec["reported"]
        for field in (
            "value",
            "completion",
            "schedule",
            "deviation",
            "growth",
            "two_year_growth",
            "forecast",
            "measure",
        ):
            assert _close(getattr(evaluation, field), getattr(want, field)), (field, spec, evaluation, want)
        assert evaluation.target == want.target
        assert evaluation.colour == want.colour, (spec, evaluation, want)
        assert evaluation.forecast_warning == want.forecast_warning, (spec, evaluation, want)


def test_published_case_through_the_frame():
    """1–4月: 674,590 of 1,610,000 is 41.9 %, 8.6 pp ahead of 序时 (33.3 %); growth 12.4 % on 600,000."""
    indicator = SimpleNamespace(pk=1, kind="flow_amount", direction="higher")
    values = pl.DataFrame(
        [(1, "s", YEAR, 4, 674590.0, 600000.0, None, None, False)], schema=frame.VALUE_SCHEMA, orient="row"
    )
    targets = {(1, 1): D(1610000)}
    result = frame.evaluate_frame(
        values=values,
        indicators=[indicator],  # type: ignore[list-item]
        key_of_indicator={1: "s"},
        scales={1: 100.0},
        thresholds={1: Thresholds()},
        targets=targets,
        region_ids=[1],
        year=YEAR,
        month=4,
        profile_years=2,
        with_previous=False,
    )
    [(_r, _i, evaluation, reported, provisional)] = frame.evaluations(result, targets)
    assert reported and not provisional
    assert evaluation.completion.quantize(D("0.1")) == D("41.9")
    assert evaluation.deviation.quantize(D("0.1")) == D("8.6")
    assert evaluation.growth.quantize(D("0.1")) == D("12.4")
    assert evaluation.colour == "green"
