"""Everyone reads their own messages (the scope rule keeps them to their own)."""

from accounts.choices import Role

DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    role: {"notifications.notification": ("view", "change")}
    for role in (
        Role.CITY_STAFF,
        Role.UNIT_REPORTER,
        Role.UNIT_REVIEWER,
        Role.DEPARTMENT_HANDLER,
        Role.ENTERPRISE_USER,
        Role.LEADER,
    )
}
