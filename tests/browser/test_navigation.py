"""The navigation bar at 1366 × 768 (issue 15), for every role, in Chinese and in English: one line, nothing cut
off, every entry reachable through its task menu. One page per role × language, so it runs in the default run
(the every-entry walk of test_menus.py takes minutes; this one takes seconds per role).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from accounts.choices import Role
from core.context_processors import navigation
from tests.browser.conftest import ARTIFACTS, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REGION_OF = {Role.CITY_ADMIN: "330400", Role.CITY_STAFF: "330400", Role.LEADER: "330400"}
WIDTH = 1366


def measure(page: Any) -> dict[str, Any]:
    """The header's height, the page's width, and each top-level entry's box and whether its text fits it."""
    return page.evaluate(
        """() => {
        const header = document.querySelector('header.navbar');
        const items = [...header.querySelectorAll('#navbar-menu > .navbar-nav > .nav-item > .nav-link')];
        const language = header.querySelector('.nav-language');
        return {
          height: header.offsetHeight,
          width: document.documentElement.scrollWidth,
          right: Math.max(...[...header.querySelectorAll('.navbar-nav, .navbar-brand')]
                               .map(e => e.getBoundingClientRect().right)),
          cut: items.filter(a => a.scrollWidth > a.clientWidth + 1).map(a => a.textContent.trim()),
          tops: [...new Set(items.map(a => Math.round(a.getBoundingClientRect().top)))],
          language: language ? language.scrollWidth - language.clientWidth : 0,
        };
    }"""
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("role", list(Role))
def test_the_navigation_fits_one_line_at_1366(browser, live_server, make_user, role, language):
    user = make_user(role, REGION_OF.get(role, "330481"), username=f"nav_{role}", full_name="王科长")
    context = browser.new_context(locale="zh-CN", viewport={"width": WIDTH, "height": 768})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    found = measure(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"navigation_{role}_{language}.png"))

    assert found["height"] <= 80, f"{role} {language}: the navigation wraps ({found['height']} px high)"
    assert len(found["tops"]) <= 1, f"{role} {language}: entries on {len(found['tops'])} lines"
    assert found["width"] <= WIDTH, f"{role} {language}: the page is {found['width']} px wide"
    assert found["right"] <= WIDTH, f"{role} {language}: the navigation ends at {found['right']} px"
    assert not found["cut"], f"{role} {language}: cut entries {found['cut']}"
    assert found["language"] <= 0, f"{role} {language}: the language box is cut"

    # Every entry of the registry is in the drawn menus (grouping hides nothing).
    request = RequestFactory().get("/")
    request.user = user
    expected = {link["url"] for menu in navigation(request)["navigation"] for link in menu["links"]}
    drawn = set(
        page.eval_on_selector_all(
            "#navbar-menu .dropdown-menu a.dropdown-item", "els => els.map(e => e.getAttribute('href'))"
        )
    )
    assert expected == drawn

    # Each task menu, opened, lies inside the 1366 × 768 window (long ones in two columns).
    toggles = page.locator("#navbar-menu .dropdown-toggle")
    for i in range(toggles.count()):
        toggles.nth(i).click()
        menu = page.locator("#navbar-menu .dropdown-menu.show")
        box = menu.bounding_box()
        assert box is not None
        title = toggles.nth(i).inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{role} {language}: {title} is cut at the side"
        assert box["y"] + box["height"] <= 768, f"{role} {language}: {title} ends at {box['y'] + box['height']} px"
        if i == 0:
            page.screenshot(path=str(ARTIFACTS / f"navigation_{role}_{language}_menu.png"))
        page.keyboard.press("Escape")
    context.close()
