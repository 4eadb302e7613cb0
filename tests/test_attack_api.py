"""Attack suite: schemathesis over /api/schema/ with a city admin's token and a county reporter's token.

Every operation of the schema is fed generated requests (valid and invalid bodies, queries and ids), derandomized
and bounded (`EXAMPLES` per operation and token), in-process through the WSGI application. Every answer must
be no server error, carry a documented content type, and match the schema of its status code. GETs run first,
then writes, then DELETEs, so the seeded objects live as long as possible.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts.choices import Role
from tests.factories import EnterpriseFactory, PlanFactory  # first: it merges the apps' factories

pytestmark = [pytest.mark.attack, pytest.mark.django_db]

EXAMPLES = 2
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
ORDER = {"GET": 0, "POST": 1, "PUT": 1, "PATCH": 1, "DELETE": 2}


@pytest.fixture
def keep_test_connection() -> Any:
    """The requests run in-process through the WSGI handler, which closes "old" connections when a request starts
    and ends. Inside the test's transaction the connection is not in autocommit, so Django took it for one left in a
    bad state and closed it: on PostgreSQL the next query met "the connection is closed" (SQLite's in-memory test
    database ignores close()). Django's test client leaves these signals out for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(regions: dict[str, Any], make_user: Any) -> dict[str, str]:
    """A small world: enterprises, projects with updates and photos, a plan and a bulletin, in 海宁 and 嘉善."""
    from bulletins.tests.factories import BulletinVersionFactory, _bulletin_in
    from projects.tests.factories import ProjectFactory, ProjectPhotoFactory, ProjectUpdateFactory

    for code in ("330481", "330421"):
        region = regions[code]
        enterprise = EnterpriseFactory(region=region)
        project = ProjectFactory(region=region, enterprise=enterprise)
        ProjectPhotoFactory(update=ProjectUpdateFactory(project=project))
        PlanFactory(scope_region=region)
        BulletinVersionFactory(bulletin=_bulletin_in(region, None))
    admin = make_user(Role.CITY_ADMIN, "330400")
    county = make_user(Role.UNIT_REPORTER, "330481")
    return {name: Token.objects.create(user=user).key for name, user in (("admin", admin), ("county", county))}


def run_operation(operation: Any, headers: dict[str, str], failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        with transaction.atomic():  # a failed write rolls back to here, as a request's own transaction would
            response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    try:
        check()
    except Exception as exc:  # noqa: BLE001 - the operation's first failure (a FailureGroup), reported at the end
        failures.append(f"{operation.method.upper()} {operation.path}: " + " | ".join(str(exc).splitlines()[:14]))


def test_the_api_answers_every_generated_request_without_server_errors_and_within_its_schema(
    tokens, keep_test_connection
):
    from config.wsgi import application

    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", application, headers={"Authorization": f"Token {tokens['admin']}"}
    )
    operations = sorted(
        (result.ok() for result in schema.get_all_operations()), key=lambda op: ORDER[op.method.upper()]
    )
    assert len(operations) > 200
    failures: list[str] = []
    for name in ("county", "admin"):
        headers = {"Authorization": f"Token {tokens[name]}"}
        for operation in operations:
            run_operation(operation, headers, failures)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(dict.fromkeys(failures))
