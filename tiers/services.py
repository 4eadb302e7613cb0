"""The tier-library rules (domain.md §9): titles kept as data, entries moved through the transition table,
小升规 recognised from the enterprise register's history. Each service: one transaction, validated, stamped
with the actor and reason, re-checked against the actor's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import clock
from core.asof import id_list
from core.history import history_from_rows, stamp
from core.services import assign, model_update, require_perm, save_audited

from . import calculations, selectors
from .choices import ACTION_TARGET, ENTRY_MACHINE, Action, EntryStatus, Level
from .models import TierEntry, Title

SMALL_TO_ABOVE = "xsg"  # the 小升规 title's code (seeded by migration 0002)
EXPIRE_CHUNK = 5000  # ids per UPDATE (SQLite's limit of parameters; PostgreSQL takes them as one array)
EXPIRE_PERM = "tiers.expire_tierentry"  # the city's: a unit does not end its own recognitions in bulk
ENTRY_FIELDS = ("enterprise", "title", "year", "level", "recognised_on", "document_no", "evidence", "note")


# --- titles --------------------------------------------------------------------------------------


def title_create(*, data: Mapping[str, Any], actor: Any) -> Title:
    """A new title of the ladder (reference data, kept by the city)."""
    require_perm(actor, "tiers.add_title")
    with transaction.atomic():
        title = Title()
        model_update(title, data=data, fields=data.keys(), actor=actor, reason=_("新增培育称号"))
    return title


def title_update(*, title: Title, data: Mapping[str, Any], actor: Any) -> Title:
    require_perm(actor, "tiers.change_title")
    with transaction.atomic():
        model_update(title, data=data, fields=data.keys(), actor=actor, reason=_("修改培育称号"))
    return title


def title_delete(*, title: Title, actor: Any) -> None:
    """Only a title without entries can go (PROTECT says so otherwise); deactivate it instead."""
    require_perm(actor, "tiers.delete_title")
    with transaction.atomic():
        stamp(title, actor=actor)
        title.delete()


# --- entries -------------------------------------------------------------------------------------


def _check_level(entry: TierEntry) -> None:
    levels = entry.title.levels or []
    if entry.level and entry.level not in levels:
        raise ValidationError({"level": _("“%(title)s”没有“%(level)s”层级") % {
            "title": entry.title, "level": Level(entry.level).label}})  # fmt: skip
    if entry.status == EntryStatus.RECOGNISED:
        if levels and not entry.level:
            raise ValidationError({"level": _("认定须填写认定层级")})
        if entry.recognised_on is None:
            raise ValidationError({"recognised_on": _("认定须填写认定日期")})


def tierentry_create(*, data: Mapping[str, Any], actor: Any) -> TierEntry:
    """Nominate an enterprise into a title's library for a year (status 已推荐)."""
    require_perm(actor, "tiers.add_tierentry")
    with transaction.atomic():
        entry = TierEntry(**{k: v for k, v in data.items() if k in ENTRY_FIELDS})
        entry.status = EntryStatus.NOMINATED
        _check_level(entry)
        save_audited(entry, actor=actor, reason=_("推荐入库"))
    return entry


def tierentry_update(*, tierentry: TierEntry, data: Mapping[str, Any], actor: Any) -> TierEntry:
    """Correct an entry's data; the status moves only through `tierentry_transition`."""
    require_perm(actor, "tiers.change_tierentry")
    with transaction.atomic():
        changed = assign(tierentry, data, ENTRY_FIELDS)
        _check_level(tierentry)
        save_audited(tierentry, actor=actor, reason=_("修改培育库记录"), changed=changed)
    return tierentry


def tierentry_delete(*, tierentry: TierEntry, actor: Any) -> None:
    """Only a nomination can be deleted; a recognised entry is dropped, so its history stays countable."""
    require_perm(actor, "tiers.delete_tierentry")
    if tierentry.status != EntryStatus.NOMINATED:
        raise ValidationError(_("只能删除“已推荐”状态的记录；其他状态请执行“退出”。"))
    with transaction.atomic():
        stamp(tierentry, actor=actor)
        tierentry.delete()


def tierentry_transition(
    *,
    tierentry: TierEntry,
    action: str,
    actor: Any,
    level: str = "",
    recognised_on: dt.date | None = None,
    document_no: str = "",
    ended_on: dt.date | None = None,
    evidence: Any = None,
    note: str = "",
) -> TierEntry:
    """Move an entry by one action of the transition table (ENTRY_MACHINE, which also says who may); recognising
    records level, date and document."""
    ENTRY_MACHINE.check(tierentry, action, actor)
    try:
        with transaction.atomic():
            _apply_transition(tierentry, action, level, recognised_on, document_no, ended_on, evidence, note, actor)
    except ValidationError:
        tierentry.refresh_from_db()  # the caller's object stays as stored, not half-changed
        raise
    return tierentry


def _apply_transition(
    tierentry: TierEntry, action: str, level: str, recognised_on: dt.date | None, document_no: str,
    ended_on: dt.date | None, evidence: Any, note: str, actor: Any,
) -> None:  # fmt: skip
    tierentry.status = ACTION_TARGET[action]
    if action == Action.RECOGNISE:
        tierentry.level = level or tierentry.level
        tierentry.recognised_on = recognised_on or tierentry.recognised_on
        tierentry.document_no = document_no or tierentry.document_no
    elif action in (Action.DROP, Action.EXPIRE):
        tierentry.ended_on = ended_on or clock.today()
    if evidence:
        tierentry.evidence = evidence
    if note:
        tierentry.note = note
    _check_level(tierentry)
    save_audited(tierentry, actor=actor, reason=str(Action(action).label) + (f"：{note}" if note else ""))


def tierentries_expire_due(*, today: dt.date, actor: Any) -> int:
    """Move every recognised entry whose recognition has run out by `today` (its `valid_until` is before today's
    year) to 已到期 through the transition table, `ended_on` the first day after the validity (1 January, not the
    day this runs), one history record per entry, reason "有效期届满（N年）". Titles without validity years never
    expire; dropped and already expired entries are left alone, so a second run changes nothing.

    Set-based: per validity length one locked read of (id, year of recognition), one `UPDATE` per year of
    recognition (the same `ended_on` for all its rows) and one `INSERT … SELECT` of their history records.
    The daily job (tiers/tasks.py) runs it as `core.actors.SYSTEM`; a user needs `tiers.expire_tierentry` (city
    staff) and expires the entries of their scope. Returns how many expired."""
    require_perm(actor, EXPIRE_PERM)
    move = ENTRY_MACHINE.find(Action.EXPIRE, EntryStatus.RECOGNISED)
    if move is None:  # the table no longer lets a recognition expire
        raise RuntimeError("ENTRY_MACHINE has no expire move from recognised")
    by_validity: dict[int, list[int]] = {}
    for pk, years in selectors.title_validities().items():
        by_validity.setdefault(years, []).append(pk)
    scope = TierEntry.objects.all()
    if not actor.sees_everything:  # a subquery: the lock below takes the entries' rows only, never their firms'
        scope = scope.filter(pk__in=TierEntry.objects.visible_to(actor).values("pk"))
    now, expired = timezone.now(), 0
    with transaction.atomic():
        for years, titles in sorted(by_validity.items()):
            due = (
                scope.filter(status=move.source, title_id__in=titles, recognised_on__isnull=False)
                .filter(recognised_on__lt=calculations.run_out_before(today, years))
                .select_for_update()
                .order_by("pk")
                .values_list("pk", "recognised_on__year")
            )
            by_year: dict[int, list[int]] = {}
            for pk, year in due:
                by_year.setdefault(year, []).append(pk)
            for year, pks in sorted(by_year.items()):  # one date per year of recognition: one UPDATE per chunk
                ended = calculations.expires_on(dt.date(year, 1, 1), years)
                for start in range(0, len(pks), EXPIRE_CHUNK):
                    chunk = id_list(pks[start : start + EXPIRE_CHUNK])
                    TierEntry.objects.filter(pk__in=chunk).update(status=move.target, ended_on=ended, updated_at=now)
            pks = sorted(pk for ids in by_year.values() for pk in ids)
            reason = _("有效期届满（%(years)s年）") % {"years": years}
            history_from_rows(TierEntry, pks, history_type="~", actor=actor, reason=reason, date=now)
            expired += len(pks)
    return expired


# --- 小升规 from the register's history --------------------------------------------------------------


def small_to_above_recognise(*, year: int, actor: Any) -> dict[str, int]:
    """Record the year's 小升规 events found in the enterprise register's history (规下 → 规上 within the year,
    selectors.small_to_above_events) as recognised 小升规 entries dated on the change; existing ones are kept."""
    require_perm(actor, "tiers.add_tierentry")
    title = Title.objects.get(code=SMALL_TO_ABOVE)
    events = selectors.small_to_above_events(year=year, user=actor)
    created = updated = 0
    with transaction.atomic():
        existing = {
            e.enterprise_id: e for e in TierEntry.objects.filter(title=title, year=year, enterprise_id__in=events)
        }
        for enterprise_id, changed_on in sorted(events.items()):
            entry = existing.get(enterprise_id)
            reason = _("企业库历史：%s 由规下转为规上") % changed_on.isoformat()
            if entry is None:
                entry = TierEntry(enterprise_id=enterprise_id, title=title, year=year)
                entry.status, entry.recognised_on = EntryStatus.RECOGNISED, changed_on
                entry.note = reason
                save_audited(entry, actor=actor, reason=reason)
                created += 1
            elif ENTRY_MACHINE.find(Action.RECOGNISE, entry.status) and entry.status != EntryStatus.RECOGNISED:
                tierentry_transition(tierentry=entry, action=Action.RECOGNISE, recognised_on=changed_on, actor=actor)
                updated += 1
    return {"events": len(events), "created": created, "updated": updated}
