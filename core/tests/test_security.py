"""Security settings and behaviour: hashing, lock-out, sessions, CSRF, CSP, API auth, deploy checks, SQLite, assets."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from django.contrib.sessions.models import Session
from django.contrib.staticfiles import finders
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

import config.settings as production
from tests.factories import EnterpriseFactory, TagFactory

BASE_DIR = Path(settings.BASE_DIR)
PASSWORD = "Test-password-2026"  # tests/factories.py UserFactory


def _login(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


# --- Password hashing ------------------------------------------------------------------------------------------


def test_production_hashes_passwords_with_argon2():
    # The test settings use a fast hasher; the real settings must put Argon2 first.
    assert production.PASSWORD_HASHERS[0] == "core.hashers.BoundedArgon2PasswordHasher"  # Argon2, bounded
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        encoded = make_password("Jingxin@2026")
        assert encoded.startswith("argon2$argon2id$")
        assert identify_hasher(encoded).algorithm == "argon2"
        assert get_hasher().verify("Jingxin@2026", encoded)  # argon2-cffi is installed and works
        assert not get_hasher().verify("Jingxin@2025", encoded)


# --- Lock-out after repeated failures (django-axes) ------------------------------------------------------------


@pytest.mark.django_db
def test_login_works_below_the_failure_limit(client, haining_reporter):
    assert settings.AXES_FAILURE_LIMIT == production.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, haining_reporter.username, "wrong-password")
        assert response.status_code == 200
        assert 'data-testid="login-error"' in response.content.decode()
    response = _login(client, haining_reporter.username)
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_axes_locks_out_after_the_failure_limit(client, haining_reporter):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, haining_reporter.username, "wrong-password")

    response = _login(client, haining_reporter.username)  # the right password, too late
    assert response.status_code == 429
    page = response.content.decode()
    assert 'data-testid="locked-out"' in page
    assert "账号已被暂时锁定" in page
    assert "_auth_user_id" not in client.session
    # Not signed in: a page still sends the user to the login page.
    assert client.get(reverse("enterprises:enterprise_list")).status_code == 302

    # Another user from the same address is not locked (lock-out is per user name and address).
    other = Client()
    assert _login(other, "nobody-else", "wrong-password").status_code == 200


# --- Sessions ---------------------------------------------------------------------------------------------------


def test_session_settings():
    assert production.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert production.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert production.SESSION_SAVE_EVERY_REQUEST is False  # the refresh middleware saves it once a minute
    assert production.SESSION_REFRESH_SECONDS == 60
    assert "core.middleware.SessionRefreshMiddleware" in production.MIDDLEWARE
    assert production.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.django_db
def test_session_cookie_ends_with_the_browser_and_the_session_after_two_idle_hours(client, haining_reporter):
    response = _login(client, haining_reporter.username)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie

    session = Session.objects.get(session_key=cookie.value)
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((session.expire_date - expected).total_seconds()) < 60
    assert client.get(reverse("enterprises:enterprise_list")).status_code == 200

    # Two hours without a request: the session is gone and pages send the user to the login page.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("enterprises:enterprise_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_the_idle_timeout_moves_with_requests_but_the_session_is_written_once_a_minute(client, haining_reporter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert _login(client, haining_reporter.username).status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    url = reverse("enterprises:enterprise_list")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"] and "django_session" in q["sql"]]

    # A minute after the last save the next request saves the session again: two more idle hours from now.
    session = Session.objects.get(session_key=key)
    data = session.get_decoded()
    data["_refreshed"] -= settings.SESSION_REFRESH_SECONDS
    Session.objects.filter(pk=key).update(
        session_data=Session.objects.encode(data), expire_date=timezone.now() + timedelta(minutes=5)
    )
    assert client.get(url).status_code == 200
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((Session.objects.get(session_key=key).expire_date - expected).total_seconds()) < 60


# --- CSRF -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csrf_is_enforced_on_post_forms(haining_reporter):
    client = Client(enforce_csrf_checks=True)
    assert _login(client, haining_reporter.username).status_code == 403

    client.force_login(haining_reporter)
    url = reverse("enterprises:enterprise_import")
    assert client.post(url, {}).status_code == 403

    # The same form with the token from the page is accepted (re-shown with a validation error).
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 200


# --- Content-Security-Policy -----------------------------------------------------------------------------------


def _url_names(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_names(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def _parameterless_urls() -> list[str]:
    urls = set()
    for name in _url_names(get_resolver()):
        try:
            urls.add(reverse(name))
        except NoReverseMatch:
            continue  # needs arguments
    return sorted(urls)


def _csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        if part.strip():
            name, *values = part.split()
            directives[name] = values
    return directives


@pytest.mark.django_db
def test_every_page_has_a_csp_with_script_src_self_only(client, city_admin, regions):
    enterprise = EnterpriseFactory(region=regions["330481"])
    TagFactory()
    urls = _parameterless_urls()
    assert len(urls) > 20, urls
    urls += [enterprise.get_absolute_url(), "/no-such-page/", reverse("api_docs") + "?script"]

    checked = {"anonymous": [reverse("login"), "/no-such-page/", reverse("home")]}
    for url in checked["anonymous"]:
        assert _csp(client.get(url))["script-src"] == ["'self'"], url

    client.force_login(city_admin)
    for url in urls:
        response = client.get(url)
        directives = _csp(response)
        assert directives["script-src"] == ["'self'"], (url, directives)
        assert directives["default-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        if response.get("Content-Type", "").startswith("text/html"):
            # No inline script could run under this policy, so the pages must not have any.
            for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
                assert "src=" in tag or 'type="application/json"' in tag, (url, tag)


# --- API authentication ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_api_token_authentication(client, haining_reporter, regions):
    mine = EnterpriseFactory(region=regions["330481"])
    theirs = EnterpriseFactory(region=regions["330421"])
    url = reverse("enterprise-list")

    response = client.post(reverse("api_token"), {"username": haining_reporter.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=haining_reporter).key == token

    api = Client()
    response = api.get(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    codes = {row["uscc"] for row in response.json()["results"]}
    assert mine.uscc in codes and theirs.uscc not in codes  # the token user's data scope

    response = api.get(url, HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code in (401, 403)
    assert b"uscc" not in response.content
    assert (
        client.post(reverse("api_token"), {"username": haining_reporter.username, "password": "x"}).status_code == 400
    )


@pytest.mark.django_db
def test_anonymous_api_is_refused_not_redirected(client, regions):
    EnterpriseFactory(region=regions["330481"])
    for name in ("enterprise-list", "industry-list", "tag-list", "user-list", "api_schema", "api_docs"):
        response = client.get(reverse(name))
        assert response.status_code in (401, 403), (name, response.status_code)
        assert b"uscc" not in response.content


# --- Deployment checks -----------------------------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(60)[:60],
        "ALLOWED_HOSTS": "jingxin.example.gov.cn",
        "JINGXIN_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
    assert "WARNING" not in output and "?:" not in output, output


def test_production_security_settings():
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert "axes.middleware.AxesMiddleware" in production.MIDDLEWARE
    assert "csp.middleware.CSPMiddleware" in production.MIDDLEWARE
    assert "django.middleware.csrf.CsrfViewMiddleware" in production.MIDDLEWARE
    assert production.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


# --- SQLite: WAL and a busy timeout ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip(f"the database is {connection.vendor}, not SQLite")
    # The test database lives in memory (no WAL there), so open a file database with the same settings.
    settings_dict = {**connection.settings_dict, "NAME": str(tmp_path / "probe.sqlite3")}
    probe = type(connections["default"])(settings_dict, alias="wal_probe")
    try:
        with probe.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
            assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        probe.close()


# --- Nothing is loaded from another origin; vendored files and their licences -----------------------------------


def _template_files() -> list[Path]:
    dirs = [BASE_DIR / "templates"] + [p for p in BASE_DIR.glob("*/templates") if ".venv" not in p.parts]
    return sorted(f for d in dirs for f in d.rglob("*.html"))


REMOTE = r"(?:https?:)?//"
TEMPLATE_LOADS = [
    re.compile(r"\bsrc\s*=\s*[\"']?\s*" + REMOTE, re.I),  # script, img, iframe, source …
    re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*" + REMOTE, re.I),  # stylesheets, icons, preloads
    re.compile(r"url\(\s*[\"']?\s*" + REMOTE, re.I),  # inline styles
    re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*" + REMOTE, re.I),
    re.compile(r"\b(?:action|poster|data-src|srcset)\s*=\s*[\"']?\s*" + REMOTE, re.I),
]
CSS_LOADS = [
    re.compile(r"url\(\s*[\"']?\s*" + REMOTE, re.I),
    re.compile(r"@import\s+(?:url\()?\s*[\"']?\s*" + REMOTE, re.I),
]
JS_LOADS = [
    re.compile(r"\bimportScripts\(\s*[\"']" + REMOTE),
    re.compile(r"\bimport\(\s*[\"']" + REMOTE),
    re.compile(r"\bfetch\(\s*[\"']" + REMOTE),
    re.compile(r"\.src\s*=\s*[\"']" + REMOTE),
    re.compile(r"\bsrc\s*=\s*\\?[\"']" + REMOTE),
    re.compile(r"<(?:script|link|img|iframe)\b[^>]*" + REMOTE),
]


def test_templates_load_nothing_from_another_origin():
    templates = _template_files()
    assert len(templates) > 15
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern in TEMPLATE_LOADS:
            match = pattern.search(text)
            assert match is None, f"{path.relative_to(BASE_DIR)}: {match and match.group(0)}"
        for name in re.findall(r"{%\s*static\s+['\"]([^'\"]+)['\"]", text):
            assert finders.find(name), f"{path.relative_to(BASE_DIR)}: static file {name} does not exist"


def test_static_files_load_nothing_from_another_origin():
    files = sorted(p for p in (BASE_DIR / "static").rglob("*") if p.suffix in {".css", ".js"})
    assert {p.name for p in files} >= {"tabler.min.css", "tabler.min.js", "htmx.min.js", "echarts.min.js", "app.js"}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in CSS_LOADS if path.suffix == ".css" else JS_LOADS:
            match = pattern.search(text)
            assert match is None, f"{path.relative_to(BASE_DIR)}: {text[max(0, match.start() - 60) : match.end() + 60]}"


def test_the_patterns_catch_remote_loads():
    # The scans above are only as good as their patterns: each must catch what it is meant to.
    for sample in (
        '<script src="https://cdn.example.com/x.js"></script>',
        "<link rel=stylesheet href='//fonts.example.com/css'>",
        '<div style="background: url(https://example.com/a.png)">',
        "<style>@import url(http://example.com/a.css);</style>",
    ):
        assert any(p.search(sample) for p in TEMPLATE_LOADS), sample
    assert any(p.search("a{background:url('https://example.com/a.png')}") for p in CSS_LOADS)
    assert any(p.search('@import "https://fonts.example.com/x.css";') for p in CSS_LOADS)
    assert any(p.search('s.src="https://example.com/x.js"') for p in JS_LOADS)
    assert any(p.search('fetch("https://example.com/api")') for p in JS_LOADS)
    for harmless in (
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        '<a href="https://www.miit.gov.cn/">工信部</a>',
        '<img src="data:image/png;base64,AAAA">',
    ):
        assert not any(p.search(harmless) for p in TEMPLATE_LOADS), harmless


def test_vendored_files_exist_with_their_licences():
    vendor = BASE_DIR / "static" / "vendor"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    assert len(rows) >= 3, readme
    expected_licences = {"MIT": "MIT License", "Apache-2.0": "Apache License", "0BSD": "Zero-Clause BSD"}
    listed: set[Path] = set()
    for row in rows:
        _package, version, files, licence = (cell.strip() for cell in row.strip("|").split("|"))
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), row
        licence_files = [vendor / name for name in re.findall(r"`([^`]+)`", licence)]
        assert licence_files, row
        directory = licence_files[0].parent
        for path in licence_files:
            assert path.is_file() and path.stat().st_size > 0, path
        spdx = licence.split()[0]
        assert expected_licences[spdx] in licence_files[0].read_text(encoding="utf-8"), (row, spdx)
        for name in re.findall(r"`dist/[^`]*?([^/`]+)`", files):
            path = directory / name
            assert path.is_file() and path.stat().st_size > 10_000, path
            listed.add(path)
            if "source maps" in files:
                assert path.with_name(name + ".map").is_file(), path
                listed.add(path.with_name(name + ".map"))
        listed.update(licence_files)
    # Every vendored file is accounted for in the README.
    present = {p for p in vendor.rglob("*") if p.is_file() and p.name != "README.md"}
    assert present == listed, sorted(str(p.relative_to(vendor)) for p in present ^ listed)
