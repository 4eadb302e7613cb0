"""Attributable writes: every change to domain data records who, when, before and after.

Single-object saves get their history from django-simple-history's `HistoricalRecords`
(the service sets `_history_user` and `_change_reason`). Bulk writes (imports) must go through
these helpers so that each row gets a history record naming the actor and the reason too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from .actors import user_of

M = TypeVar("M", bound=models.Model)


def stamp(obj: models.Model, *, actor: Any, reason: str = "") -> None:
    """Mark the next save of `obj` with the actor and reason for its history record (no user for `SYSTEM`)."""
    obj._history_user = user_of(actor)  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]


def bulk_create_audited(
    model: type[M], objs: Sequence[M], *, actor: Any, reason: str, batch_size: int = 2000
) -> list[M]:
    """Insert many rows and one history record per row ("+", actor, reason)."""
    objs = list(objs)
    if not objs:
        return []
    with transaction.atomic(using=router.db_for_write(model)):
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        if any(obj.pk is None for obj in created):  # a database that does not return new keys
            raise NotImplementedError("bulk_create_audited needs the new rows' primary keys")
        history_from_rows(model, [obj.pk for obj in created], history_type="+", actor=actor, reason=reason)
    return created


def bulk_update_audited(
    model: type[M],
    objs: Sequence[M],
    fields: Sequence[str],
    *,
    actor: Any,
    reason: str,
    batch_size: int = 2000,
) -> int:
    """Update many rows and add one history record per row ("~"), so before/after stay visible."""
    if not objs:
        return 0
    objs = list(objs)
    with transaction.atomic(using=router.db_for_write(model)):
        updated = bulk_update_values(model, objs, fields, batch_size=batch_size)
        history_from_rows(model, [obj.pk for obj in objs], history_type="~", actor=actor, reason=reason)
    return updated


def history_from_rows(
    model: type[models.Model],
    pks: Sequence[Any],
    *,
    history_type: str,
    actor: Any,
    reason: str,
    date: dt.datetime | None = None,
    batch_size: int = 5000,
) -> int:
    """One history record per row, copied by the database from the rows as they now are.

    The same records django-simple-history's `bulk_history_create` makes (every tracked field,
    date, actor, reason, type), without building a Python object per record: for 100,000 rows
    that took most of an import's writing time. Returns the number of records written.
    """
    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    connection = connections[router.db_for_write(model)]
    history = get_history_model_for_model(model)
    quote = connection.ops.quote_name
    # Only identifiers from the models' metadata (quoted) go into the SQL text; values are parameters.
    tracked = [str(f.column) for f in history.tracked_fields]  # the model's own fields, same columns
    target = ", ".join(quote(c) for c in tracked)
    extra = ["history_date", "history_change_reason", "history_type", "history_user"]
    target += ", " + ", ".join(quote(str(history._meta.get_field(name).column)) for name in extra)
    source = ", ".join(f"{quote(model._meta.db_table)}.{quote(c)}" for c in tracked)
    history_date = history._meta.get_field("history_date").get_db_prep_save(date or timezone.now(), connection)
    constants = [history_date, reason, history_type, getattr(user_of(actor), "pk", None)]
    pk_column = f"{quote(model._meta.db_table)}.{quote(str(model._meta.pk.column))}"
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({target}) "  # noqa: S608
        f"SELECT {source}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE "
    )
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(insert + f"{pk_column} = ANY(%s) ORDER BY {pk_column}", [*constants, list(pks)])
            return cursor.rowcount
        size = max(1, min(batch_size, (connection.features.max_query_params or batch_size) - len(constants)))
        for start in range(0, len(pks), size):
            chunk = list(pks[start : start + size])
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(insert + f"{pk_column} IN ({placeholders}) ORDER BY {pk_column}", [*constants, *chunk])
            written += cursor.rowcount
    return written


def history_from_returning(
    model: type[models.Model],
    source: str,
    *,
    history_type: str,
    actor: Any,
    reason: str,
    date: dt.datetime | None = None,
) -> tuple[str, list[str], dict[str, Any]] | None:
    """An `INSERT INTO <history> … SELECT … FROM <source>` that writes one history record per row of `source`, a CTE
    of the same statement (PostgreSQL: `WITH new AS (INSERT … RETURNING <the columns>) <this>`), so the rows and
    their history are one statement and the history needs no key list. Returns the SQL (named parameters
    `%(history_…)s`), the model's columns the CTE must return, and the parameters; None when history is off.
    The records are the ones `history_from_rows` copies: every tracked field, date, actor, reason, type."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return None
    connection = connections[router.db_for_write(model)]
    history = get_history_model_for_model(model)
    quote = connection.ops.quote_name
    tracked = [str(f.column) for f in history.tracked_fields]
    extra = ["history_date", "history_change_reason", "history_type", "history_user"]
    target = ", ".join([*(quote(c) for c in tracked), *(quote(str(history._meta.get_field(n).column)) for n in extra)])
    params = {
        "history_date": history._meta.get_field("history_date").get_db_prep_save(date or timezone.now(), connection),
        "history_reason": reason,
        "history_type": history_type,
        "history_user": getattr(user_of(actor), "pk", None),
    }
    pk = quote(str(model._meta.pk.column))
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({target}) "  # noqa: S608  (identifiers from the models)
        f"SELECT {', '.join(f'{source}.{quote(c)}' for c in tracked)}, %(history_date)s, %(history_reason)s, "
        f"%(history_type)s, %(history_user)s FROM {source} ORDER BY {source}.{pk}"
    )
    return sql, tracked, params


def bulk_update_values(model: type[M], objs: Sequence[M], fields: Sequence[str], *, batch_size: int = 2000) -> int:
    """Write `fields` of many rows with one `UPDATE … FROM` statement per batch of rows.

    Django's `bulk_update` builds a `CASE WHEN pk = … THEN …` expression per field and row; on
    100,000 rows that costs minutes of Python (profiled: ~5 ms a row for nine fields). Joining
    the table with the new values instead is an order of magnitude faster: on PostgreSQL one
    typed array per column (`unnest`), so a batch is a handful of parameters; on SQLite (3.33+,
    UPDATE … FROM) a VALUES list. Other databases fall back to `bulk_update`.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor not in ("postgresql", "sqlite") or not objs:
        return model._default_manager.bulk_update(objs, list(fields), batch_size=batch_size)
    meta = model._meta
    columns: list[models.Field[Any, Any]] = []
    for field in [meta.pk, *(meta.get_field(name) for name in fields)]:
        if not isinstance(field, models.Field) or not field.concrete or field.many_to_many or not field.column:
            raise ValueError(f"bulk_update_values updates concrete columns only, not {field!r}")
        columns.append(field)
    # Only identifiers from the model's metadata (quoted) and database type names go into the
    # SQL text; every value is a query parameter.
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    aliases = [f"c{i}" for i in range(len(columns))]  # neutral names: field names may be SQL keywords
    assignments = ", ".join(f"{quote(str(f.column))} = v.{a}" for f, a in zip(columns[1:], aliases[1:], strict=True))
    where = f"{table}.{quote(str(columns[0].column))} = v.c0"
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"CAST(%s AS {f.cast_db_type(connection)}[])" for f in columns)
        sql = f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS v ({', '.join(aliases)}) WHERE {where}"  # noqa: S608
        size = batch_size
    else:  # SQLite is dynamically typed: plain parameters (a CAST to DATETIME would mangle the text)
        row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
        size = max(1, min(batch_size, connection.ops.bulk_batch_size(columns, objs)))
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            values = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in batch] for f in columns]
            if connection.vendor == "postgresql":
                cursor.execute(sql, values)
            else:
                cursor.execute(
                    f"WITH v ({', '.join(aliases)}) AS (VALUES {', '.join([row_sql] * len(batch))}) "  # noqa: S608
                    f"UPDATE {table} SET {assignments} FROM v WHERE {where}",
                    [row[i] for i in range(len(batch)) for row in values],
                )
            updated += cursor.rowcount
    return updated


def bulk_m2m_history(model: type[models.Model], field: str, *, reason: str, ids: Sequence[int]) -> None:
    """Attach each object's current `field` links to the history record a bulk write gave it (`reason`).

    Single saves get these rows from django-simple-history's m2m tracking (`m2m_fields=`); bulk
    writes bypass it, so imports add the same rows (`Historical<Model>_<field>`) here: the history
    then shows the links before and after like any other field. Objects without a record of that
    reason are left alone.
    """
    from django.apps import apps
    from django.db.models import Max

    m2m = model._meta.get_field(field)
    through = m2m.remote_field.through  # type: ignore[union-attr]
    source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()  # type: ignore[union-attr]
    history_model = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{field}")
    history = get_history_model_for_model(model)
    rows = []
    for start in range(0, len(ids), 5000):
        chunk = list(ids[start : start + 5000])
        latest = dict(
            history.objects.filter(**{f"{model._meta.pk.attname}__in": chunk}, history_change_reason=reason)
            .values_list(model._meta.pk.attname)
            .annotate(last=Max("history_id"))
            .order_by()
        )
        for through_id, object_id, target_id in through.objects.filter(**{f"{source}__in": chunk}).values_list(
            "id", source, target
        ):
            if object_id in latest:
                rows.append(
                    history_model(id=through_id, history_id=latest[object_id], **{source: object_id, target: target_id})
                )
    history_model.objects.bulk_create(rows, batch_size=5000)


# The object pages show an object's change history; the `audit` app reads it (and registers itself in
# its AppConfig.ready), so the generic views need not import a domain app.
_history_readers: list[Callable[..., list[Any]]] = []


def register_history_reader(reader: Callable[..., list[Any]]) -> None:
    _history_readers[:] = [reader]


def object_history(obj: models.Model, *, limit: int = 20) -> list[Any]:
    """The newest `limit` changes of one object (empty while no reader is registered)."""
    return _history_readers[0](obj, limit=limit) if _history_readers else []
