"""The row-by-row reference implementation of the 亩均 rules (benchmarks/bench_mujun.py, per enterprise through
the ORM, plain Python arithmetic) gives the Polars run's scores, ranks and classes on a few hundred enterprises:
parcels shared by neighbours, veto and protection lists, missing figures, entered, mean and median benchmarks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from mujun import services
from mujun.choices import RunStatus
from mujun.models import EvaluationResult, EvaluationRun, Rectification
from mujun.services import evaluation_run_compute


@pytest.mark.parametrize("year", [2019, 2018])
def test_the_row_by_row_reference_gives_the_runs_scores_ranks_and_classes(bench, year, regions, city_staff, capsys):
    bench.seed(400, 400)
    fast = bench.new_run(year, city_staff)
    evaluation_run_compute(run=fast, actor=city_staff)
    naive = bench.new_run(year, city_staff)
    bench.naive_run(naive, city_staff)

    ours, reference = bench.results_of(fast), bench.results_of(naive)
    assert len(ours) > 380  # the 规下 firms under 3 亩 form a group these rule sets do not grade
    assert ours == reference
    # the sample is not trivial: every class, the veto and protection lists and shared parcels
    assert {final for _score, _rank, _computed, final in ours.values()} == {"A", "B", "C", "D"}
    results = EvaluationResult.objects.filter(run=fast)
    assert results.filter(vetoed=True).exists() and results.filter(protected=True).exists()
    assert results.exclude(parcel="").exists()


def test_rectification_candidates_in_one_statement_equal_the_row_by_row_way(bench, bench_rectify, regions, city_staff):
    # Given a final run of 400 firms (D class, 亩均税收 under both groups' lines, 规下 land and shared parcels),
    # one firm already listed for the year, and a 规下 rule set with its own lines
    bench.seed(400, 400)
    run = bench.new_run(2019, city_staff)
    below = next(rs for rs in run.rule_sets.all() if rs.group == "below")
    below.rectify_tax_per_mu, below.rectify_land_mu = Decimal("20.5"), Decimal("25")
    below.save()
    evaluation_run_compute(run=run, actor=city_staff)
    EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.FINAL)
    run.refresh_from_db()
    listed = run.results.order_by("pk").first()
    assert listed is not None
    Rectification.objects.create(enterprise_id=listed.enterprise_id, year=2019, reasons="手工")
    # when the candidates are found set-based, then (after removing them) row by row
    count = services.rectification_identify(run=run, actor=city_staff)
    ours = dict(Rectification.objects.filter(run=run).values_list("enterprise_id", "reasons"))
    history = Rectification.history.filter(run=run)
    assert count == len(ours) == history.count()
    assert set(history.values_list("history_type", "history_user", "history_change_reason")) == {
        ("+", city_staff.pk, "查找高耗低效企业")
    }
    assert set(history.values_list("id", "reasons")) == set(
        Rectification.objects.filter(run=run).values_list("id", "reasons")
    )
    Rectification.objects.filter(run=run).delete()
    reference = bench_rectify.naive_identify(run, city_staff)
    # then both list the same firms for the same reasons, and every reason occurs
    assert ours == reference
    assert listed.enterprise_id not in ours
    reasons = "；".join(ours.values())
    for text in ("D类", "亩均税收低于6万元/亩", "亩均税收低于20.5000万元/亩", "用地25.00亩以上仍为规下"):
        assert text in reasons
    assert any("；" in r for r in ours.values())


@pytest.mark.django_db
def test_the_rectification_history_is_indexed_only_for_its_readers():
    # 查找 writes one history record per candidate, hundreds of thousands at once: the history table keeps the
    # indexes its readers use (the records by history_id, an object's history by id, the operation log by date and
    # user), none on enterprise, run or reviewer, and no foreign key on the user (migration 0008, reversible)
    table = Rectification.history.model._meta.db_table  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexed = {tuple(c["columns"]) for c in constraints.values() if c["index"] or c["primary_key"]}
    assert indexed == {("history_id",), ("id",), ("history_date",), ("history_user_id",)}
    assert [c["columns"] for c in constraints.values() if c["foreign_key"]] == []
