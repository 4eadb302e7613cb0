"""Generated from the navigation registry: for every role and every menu entry it sees, in Chinese and in English,
the page answers 200 without a script error, shows no text of the other language (beyond names and codes) and
is no wider than a 1366 px window. A new page in a menu is covered without writing a test.

One browser context and one page per role × language; each entry is one navigation. The default run (`make test`)
takes every role in Chinese, the users' language (7 min 46 s of wall time, 4 min 15 s CPU, at -n 2 on a loaded 2-core
machine, half of both languages); `make test-menus` (MENUS_LANGUAGES=all) adds English; MENUS_LANGUAGES=en runs
English alone. The bar's fit alone, for every role in both languages, is the quicker tests/browser/test_navigation.py.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.test import RequestFactory

from accounts.choices import Role
from core.context_processors import navigation
from tests.browser.conftest import ARTIFACTS, PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.menus,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CJK = re.compile(r"[\u3400-\u9fff]+")
# English words a Chinese page may show: product and format names, units and codes.
ASCII_ALLOWED = {
    "API",
    "Excel",
    "Word",
    "PDF",
    "OpenAPI",
    "Swagger",
    "Token",
    "Authorization",
    "USCC",
    "GDP",
    "CSV",
    "JSON",
    "xlsx",
    "docx",
    "Try",
    "it",
    "out",
    "English",
}
# UI words are capitalised ("Status", "Submit"); lower-case words are codes (chain, demo), shown as codes.
ENGLISH_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")
# The API reference is a technical document (schema names, Swagger UI's own controls): not checked for language.
NOT_CHECKED_FOR_LANGUAGE = {"/api/docs/"}
# Words an English import page quotes from the Chinese Excel file it takes (column headers and accepted values):
# the file is Chinese, so the instructions name its columns as they are written in it.
FILE_WORDS = {
    "产业链",
    "环节",
    "统一社会信用代码",
    "企业名称",
    "角色",
    "链主",
    "核心配套",
    "一般",
    "主要产品",
    "有限公司",
    "简单",
    "复杂",
}
REGION_OF = {Role.CITY_ADMIN: "330400", Role.CITY_STAFF: "330400", Role.LEADER: "330400"}


def names_in_data() -> list[str]:
    """Names people gave to things (regions, departments, industries, users …): shown as they are in both languages."""
    from django.apps import apps

    names: set[str] = set()
    for label, field in (
        ("regions.Region", "name"),
        ("regions.Department", "name"),
        ("enterprises.Industry", "name"),
        ("enterprises.Enterprise", "name"),
        ("enterprises.Tag", "name"),
        ("projects.ProjectCategory", "name"),
        ("projects.ProjectList", "name"),
        ("projects.StarGate", "name"),
        ("accounts.User", "full_name"),
        ("appeals.AppealCategory", "name"),
        ("tiers.Title", "name"),
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        names |= {n for n in model.objects.values_list(field, flat=True) if n}
    # the other names official tables use for a unit (嘉兴经开区, 全市, 乍浦 …), shown where the operation log lists
    # a region's changes; and a department's short name
    from regions.models import Department, Region

    names |= {alias for aliases in Region.objects.values_list("aliases", flat=True) for alias in aliases or ()}
    names |= {n for n in Department.objects.values_list("short_name", flat=True) if n}
    names.add("简体中文")  # the language switch names each language in itself
    return sorted(names, key=len, reverse=True)


def menu_urls(user: Any) -> list[tuple[str, str]]:
    request = RequestFactory().get("/")
    request.user = user
    return [("工作台", "/")] + [
        (f"{menu['title']} › {link['label']}", link["url"])
        for menu in navigation(request)["navigation"]
        for link in menu["links"]
    ]


def foreign_text(text: str, language: str, names: list[str], url: str) -> list[str]:
    if language == "en":
        for name in names:
            text = text.replace(name, "")
        words = CJK.findall(text)
        return [w for w in words if w not in FILE_WORDS] if url.endswith("/import/") else words
    return [w for w in ENGLISH_WORD.findall(text) if w not in ASCII_ALLOWED]


def check_role(browser: Any, live_server: Any, user: Any, language: str, names: list[str]) -> list[str]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"script error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console: {msg.text}")
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None
        ),
    )
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    problems: list[str] = []
    for label, url in menu_urls(user):
        errors.clear()
        response = page.goto(f"{live_server.url}{url}")
        where = f"{user.role} {language} {label} {url}"
        if response is None or response.status != 200:
            problems.append(f"{where}: HTTP {response.status if response else '?'}")
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 1366:
            problems.append(f"{where}: {width} px wide")
        nav = page.evaluate("(document.querySelector('header.navbar') || {offsetHeight: 0}).offsetHeight")
        if nav > 80:
            problems.append(f"{where}: navigation wraps ({nav} px high)")
        text = page.locator("body").inner_text()
        foreign = [] if url in NOT_CHECKED_FOR_LANGUAGE else foreign_text(text, language, names, url)
        if foreign:
            problems.append(f"{where}: other language {sorted(set(foreign))[:8]}")
        problems += [f"{where}: {e}" for e in errors]
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/")
    page.screenshot(path=str(ARTIFACTS / f"menus_{user.role}_{language}.png"))
    context.close()
    return problems


def role_languages() -> list[tuple[str, str]]:
    """(role, language) pairs of this run: every role in Chinese; in English too with MENUS_LANGUAGES=all, or in
    the one language it names (MENUS_LANGUAGES=en: the English run alone)."""
    wanted = os.environ.get("MENUS_LANGUAGES", "zh-hans")
    languages = ("zh-hans", "en") if wanted == "all" else (wanted,)
    assert set(languages) <= {"zh-hans", "en"}, f"MENUS_LANGUAGES={wanted}: zh-hans, en or all"
    return [(role, language) for role in Role for language in languages]


@pytest.mark.parametrize(("role", "language"), role_languages())
def test_every_menu_entry_of_the_role(browser, live_server, make_user, regions, role, language):
    user = make_user(role, REGION_OF.get(role, "330481"), username=f"menu_{role}", full_name="王科长")
    problems = check_role(browser, live_server, user, language, names_in_data())
    assert not problems, "\n".join(problems)
