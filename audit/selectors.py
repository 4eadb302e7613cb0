"""Reading the audit trail that django-simple-history keeps for every domain model.

Each audited model has its own history table; the operation log reads them all at once with
one UNION query per page (filtered by user, model, object and date, newest first), and the
before/after of each row comes from that row and the previous record of the same object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, F, Value
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history import utils
from simple_history.exceptions import NotHistoricalModelError
from simple_history.models import HistoricalChanges
from simple_history.utils import get_history_model_for_model

HISTORY_TYPES = {"+": _("新增"), "~": _("修改"), "-": _("删除")}


def audited_models() -> list[type[models.Model]]:
    """Every model of the project apps that keeps history, in a stable order."""
    found = []
    for model in apps.get_models():
        if hasattr(model, "history") and not issubclass(model, HistoricalChanges):
            try:
                get_history_model_for_model(model)
            except NotHistoricalModelError:
                continue
            found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


@dataclass
class Change:
    field: str
    before: Any
    after: Any


@dataclass
class LogEntry:
    model: type[models.Model]
    object_id: Any
    object_repr: str
    history_id: int
    date: dt.datetime
    type: str
    user: Any
    reason: str
    changes: list[Change]

    @property
    def type_label(self) -> str:
        return str(HISTORY_TYPES.get(self.type, self.type))

    @property
    def model_name(self) -> str:
        return str(self.model._meta.verbose_name)


_SKIPPED = {"id", "created_at", "updated_at", "path", "depth", "numchild", "password", "last_login"}
_HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def _display(
    model: type[models.Model], name: str, value: Any, cache: dict[tuple[Any, Any], str], record: Any = None
) -> Any:
    """A value as the user reads it: choice labels, names of related objects, 是/否; a model whose figures have a
    unit says how it shows them (`history_value(name, value, record)`, e.g. a target in 亿元, not a raw Decimal)."""
    if value is None or value == "" or value == []:
        return None
    hook = getattr(model, "history_value", None)
    if hook is not None and record is not None:
        shown = hook(name, value, record)
        if shown is not None:
            return shown
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return value
    if isinstance(value, list):  # many-to-many: simple-history gives the through rows as dicts
        target = getattr(field, "related_model", None)
        ids = [row.get(getattr(target, "__name__", "").lower()) if isinstance(row, dict) else row for row in value]
        if target is None:  # a JSON list (a region's aliases): its items, as a person writes a list
            return "、".join(str(item) for item in value)
        return "、".join(str(_related(target, pk, cache)) for pk in ids if pk is not None)
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)  # type: ignore[union-attr]
    if field.is_relation and field.related_model is not None and not field.many_to_many:
        return _related(field.related_model, value, cache)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return value


def _related(model: Any, pk: Any, cache: dict[tuple[Any, Any], str]) -> str:
    key = (model, pk)
    if key not in cache:
        obj = model._default_manager.filter(pk=pk).first()
        if obj is None:
            cache[key] = f"#{pk}"
        else:
            cache[key] = permission_label(obj) if isinstance(obj, Permission) else str(obj)
    return cache[key]


def _reason(stored: str | None) -> str:
    """A change reason in the reader's language: the services write theirs as catalog strings in Chinese (导入地区),
    which read as themselves when the catalog has no entry (a reason a person typed)."""
    return gettext(stored) if stored else ""


_ACTIONS = {
    "view": pgettext_lazy("permission", "查看"),
    "add": pgettext_lazy("permission", "新增"),
    "change": pgettext_lazy("permission", "修改"),
    "delete": pgettext_lazy("permission", "删除"),
}


def permission_label(permission: Permission) -> str:
    """A permission in the reader's language: its stored name was written once, in Chinese, when the tables
    were made ("Can view 产业链", "上报月报"), so it is rebuilt from its model and action (查看产业链 / View
    industrial chain) or its model's own label (Meta.permissions); an unknown one keeps its stored name."""
    model = ContentType.objects.get_for_id(permission.content_type_id).model_class()
    if model is None:
        return permission.name
    action, _sep, model_name = permission.codename.partition("_")
    if action in _ACTIONS and model_name == model._meta.model_name:
        return pgettext("permission", "%(action)s%(model)s") % {
            "action": _ACTIONS[action],
            "model": model._meta.verbose_name,
        }
    for codename, label in model._meta.permissions:
        if codename == permission.codename:
            return str(label)
    return permission.name


M2MRows = dict[tuple[str, int], list[Any]]  # (m2m field, history id) → the related ids at that record


def _m2m_names(model: type[models.Model]) -> list[str]:
    history = get_history_model_for_model(model)
    return [f.name for f in getattr(history, "_history_m2m_fields", [])]


def _m2m_rows(model: type[models.Model], records: list[Any]) -> M2MRows:
    """The many-to-many links (e.g. an enterprise's tags) of many history records of one model, one query
    per field, instead of simple-history's two queries per record and field in `diff_against`."""
    found: M2MRows = {}
    records = [r for r in records if r is not None]
    if not records:
        return found
    history_ids = [r.history_id for r in records]
    for name in _m2m_names(model):
        through = getattr(records[0], name).model  # the historical through table, as diff_against finds it
        target = utils.get_m2m_reverse_field_name(model._meta.get_field(name))
        rows = through.objects.filter(history_id__in=history_ids).order_by(f"{target}_id")
        for history_id, related_id in rows.values_list("history_id", f"{target}_id"):
            found.setdefault((name, history_id), []).append(related_id)
    return found


def _diff(
    record: Any, previous: Any, cache: dict[tuple[Any, Any], str] | None = None, m2m: M2MRows | None = None
) -> list[Change]:
    model = record.instance_type
    cache = {} if cache is None else cache
    changes = []
    if previous is None or record.history_type == "-":
        # A creation shows every value as new and a deletion every value as gone: a deletion's
        # record repeats the last state, so a diff against the record before it would be empty.
        for field in model._meta.concrete_fields:
            if field.name in _SKIPPED or field.name in _HISTORY_FIELDS:
                continue
            value = _display(model, field.name, getattr(record, field.attname, None), cache, record)
            if value in (None, "", [], {}):
                continue
            if record.history_type == "-":
                changes.append(Change(_label(model, field.name), value, None))
            else:
                changes.append(Change(_label(model, field.name), None, value))
        return changes
    names = _m2m_names(model)
    delta = record.diff_against(previous, excluded_fields=["updated_at", "created_at", *names])
    for change in delta.changes:
        if change.field in _SKIPPED:
            continue
        changes.append(
            Change(
                _label(model, change.field),
                _display(model, change.field, change.old, cache, record),
                _display(model, change.field, change.new, cache, record),
            )
        )
    if names:
        m2m = _m2m_rows(model, [record, previous]) if m2m is None else m2m
        for name in names:
            old, new = m2m.get((name, previous.history_id), []), m2m.get((name, record.history_id), [])
            if old != new:
                changes.append(
                    Change(_label(model, name), _display(model, name, old, cache), _display(model, name, new, cache))
                )
    return changes


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:  # history-only fields have no counterpart on the model
        return name


def object_history(obj: models.Model, *, limit: int = 20) -> list[LogEntry]:
    """The newest `limit` changes of one object with before/after."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])  # type: ignore[attr-defined]
    entries = []
    cache: dict[tuple[Any, Any], str] = {}
    pairs = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        if previous is None and record.history_type != "+":
            previous = record.prev_record
        pairs.append((record, previous))
    m2m = _m2m_rows(type(obj), [r for pair in pairs for r in pair])
    for record, previous in pairs:
        entries.append(_entry(type(obj), record, previous, cache, m2m))
    return entries


def _entry(
    model: type[models.Model],
    record: Any,
    previous: Any,
    cache: dict[tuple[Any, Any], str] | None = None,
    m2m: M2MRows | None = None,
) -> LogEntry:
    return LogEntry(
        model=model,
        object_id=getattr(record, model._meta.pk.attname),
        # the object as it was at that record (for a deletion: its last state), without "as of <date>"
        object_repr=str(record.instance),
        history_id=record.history_id,
        date=record.history_date,
        type=record.history_type,
        user=record.history_user,
        reason=_reason(record.history_change_reason),
        changes=_diff(record, previous, cache, m2m),
    )


def operation_log(
    *,
    user_id: int | None = None,
    model: str | None = None,
    object_id: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[LogEntry], bool]:
    """One page of the log across all audited models, newest first; returns (entries, has_more)."""
    models_ = [m for m in audited_models() if model in (None, "", model_label(m))]
    parts = []
    for m in models_:
        hist = get_history_model_for_model(m)
        qs = hist.objects.all()
        if user_id:
            qs = qs.filter(history_user_id=user_id)
        if object_id:
            qs = qs.filter(**{m._meta.pk.attname: object_id})
        if date_from:
            qs = qs.filter(history_date__date__gte=date_from)
        if date_to:
            qs = qs.filter(history_date__date__lte=date_to)
        parts.append(
            qs.annotate(label=Value(model_label(m), output_field=CharField()), hid=F("history_id"))
            .values_list("label", "hid", "history_date")
            .order_by()
        )
    if not parts:
        return [], False
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    rows = list(union.order_by("-history_date", "-hid")[offset : offset + limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    by_label = {model_label(m): m for m in models_}
    wanted: dict[str, list[int]] = {}
    for label, hid, _date in rows:
        wanted.setdefault(label, []).append(hid)
    records: dict[tuple[str, int], Any] = {}
    for label, ids in wanted.items():
        hist = get_history_model_for_model(by_label[label])
        for record in hist.objects.filter(history_id__in=ids).select_related("history_user"):
            records[(label, record.history_id)] = record
    previous = _previous_records(records, by_label)
    m2m: dict[str, M2MRows] = {}
    for label in wanted:
        of_model = [r for (lbl, _hid), r in records.items() if lbl == label]
        of_model += [p for (lbl, _hid), p in previous.items() if lbl == label]
        m2m[label] = _m2m_rows(by_label[label], of_model)
    entries = []
    cache: dict[tuple[Any, Any], str] = {}
    for label, hid, _date in rows:
        record = records[(label, hid)]
        entries.append(_entry(by_label[label], record, previous.get((label, hid)), cache, m2m[label]))
    return entries, has_more


def _previous_records(
    records: dict[tuple[str, int], Any], by_label: dict[str, type[models.Model]]
) -> dict[tuple[str, int], Any]:
    """Each record's previous record of the same object, two queries per model instead of one per entry.

    The ids and dates of the objects' history rows are read first (small), the previous records then
    by id; "previous" is simple-history's order: history_date, then history_id.
    """
    found: dict[tuple[str, int], Any] = {}
    for label, model in by_label.items():
        mine = [r for (lbl, _hid), r in records.items() if lbl == label]
        if not mine:
            continue
        hist = get_history_model_for_model(model)
        pk = model._meta.pk.attname
        latest = max(r.history_date for r in mine)
        timeline: dict[Any, list[tuple[Any, int]]] = {}
        for object_id, date, hid in (
            hist.objects.filter(**{f"{pk}__in": {getattr(r, pk) for r in mine}}, history_date__lte=latest)
            .order_by()
            .values_list(pk, "history_date", "history_id")
        ):
            timeline.setdefault(object_id, []).append((date, hid))
        wanted: dict[int, int] = {}
        for record in mine:
            earlier = [
                (date, hid)
                for date, hid in timeline.get(getattr(record, pk), [])
                if (date, hid) < (record.history_date, record.history_id)
            ]
            if earlier:
                wanted[record.history_id] = max(earlier)[1]
        if wanted:
            rows = {r.history_id: r for r in hist.objects.filter(history_id__in=set(wanted.values()))}
            for hid, previous_id in wanted.items():
                found[(label, hid)] = rows[previous_id]
    return found
