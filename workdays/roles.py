"""Roles and the calendar: everyone reads it (deadlines are shown to all); the city admin (all permissions) edits it."""

from accounts.choices import Role

_READ = {"workdays.holidayyear": ("view",), "workdays.holidayday": ("view",)}

DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.CITY_STAFF: dict(_READ),
    Role.UNIT_REPORTER: dict(_READ),
    Role.UNIT_REVIEWER: dict(_READ),
    Role.DEPARTMENT_HANDLER: dict(_READ),
    Role.ENTERPRISE_USER: dict(_READ),
    Role.LEADER: dict(_READ),
}
