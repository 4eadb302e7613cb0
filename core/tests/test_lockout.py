"""Issue 11 point 3: the lock-out keys on user name and the client's address, read from the right-most
trusted X-Forwarded-For entry (core/client_address.py), on the login page and the token endpoint."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

import config.settings as production
from core.client_address import client_address

PASSWORD = "Test-password-2026"  # tests/factories.py UserFactory
PROXY = "10.0.0.1"  # the bureau's reverse proxy: every request reaches gunicorn from here
A, B = "203.0.113.7", "198.51.100.9"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, None, PROXY),  # no proxy configured: REMOTE_ADDR
        (0, "1.2.3.4", PROXY),  # …and a client's X-Forwarded-For is ignored
        (1, A, A),
        (1, f"1.2.3.4, {A}", A),  # the left entry is the client's own writing
        (1, f"{B}, 1.2.3.4, {A}", A),
        (2, f"1.2.3.4, {A}, 10.0.0.2", A),  # two proxies: the second entry from the right
        (2, A, PROXY),  # fewer entries than proxies: not through the chain, REMOTE_ADDR
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(count, forwarded, expected):
    extra = {"REMOTE_ADDR": PROXY}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_address(RequestFactory().get("/", **extra)) == expected


def test_settings_key_the_lock_out_on_user_name_and_this_address():
    assert production.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert production.AXES_CLIENT_IP_CALLABLE == "core.client_address.client_address"
    assert production.TRUSTED_PROXY_COUNT == 0  # default: no proxy, REMOTE_ADDR (README says how to set it)
    assert production.REST_FRAMEWORK["NUM_PROXIES"] == production.TRUSTED_PROXY_COUNT


def login(username: str, password: str, forwarded: str) -> int:
    response = Client().post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code


def token(username: str, password: str, forwarded: str) -> int:
    response = Client().post(
        "/api/auth/token/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    return response.status_code


SIGNED_IN = {login: 302, token: 200}


@pytest.mark.django_db
@pytest.mark.parametrize("attempt", [login, token], ids=["login", "token"])
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(attempt, make_user):
    admin = make_user("city_admin", "330400")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(admin.username, "wrong-password", A)
    assert attempt(admin.username, PASSWORD, A) != SIGNED_IN[attempt]  # A is locked out…
    assert attempt(admin.username, PASSWORD, B) == SIGNED_IN[attempt]  # …the real admin at B is not


@pytest.mark.django_db
@pytest.mark.parametrize("attempt", [login, token], ids=["login", "token"])
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_rotating_the_left_most_forwarded_entry_does_not_skip_the_lock_out(attempt, make_user):
    admin = make_user("city_admin", "330400")
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(admin.username, "wrong-password", f"192.0.2.{i + 1}, {A}")  # the proxy appends A
    assert attempt(admin.username, PASSWORD, f"192.0.2.99, {A}") != SIGNED_IN[attempt]
