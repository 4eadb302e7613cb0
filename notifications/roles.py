"""Everyone reads their own messages (the scope rule keeps them to their own); marking one read is part of reading
it (the owner rule decides), so no role needs a change permission — leaders stay read-only."""

from accounts.choices import Role

DEFAULTS: dict[str, dict[str, tuple[str, ...]]] = {
    role: {"notifications.notification": ("view",)}
    for role in (
        Role.CITY_STAFF,
        Role.UNIT_REPORTER,
        Role.UNIT_REVIEWER,
        Role.DEPARTMENT_HANDLER,
        Role.ENTERPRISE_USER,
        Role.LEADER,
    )
}
