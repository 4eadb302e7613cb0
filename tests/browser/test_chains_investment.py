"""Chains and investment promotion in a real Chromium: a lead in talks is signed on its page and appears in the
key-project library (stage 签约服务) with the link back; the chain page draws its graph with the 链主 highlighted
and a click opens the enterprise's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.choices import Role
from investment.choices import LeadStage
from investment.models import Lead
from projects.models import Project
from tests.factories import EnterpriseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HAINING = "330481"


def test_a_lead_is_signed_and_appears_in_the_key_project_library(page, live_server, login, regions, make_user):
    from investment.tests.factories import LeadFactory  # after tests.factories, which merges the app factories

    make_user(Role.UNIT_REPORTER, HAINING, username="haining_inv")
    lead = LeadFactory(
        region=regions[HAINING], name="年产8GW高效电池片项目", amount=Decimal("890000"), stage=LeadStage.TALKS
    )
    login(page, "haining_inv")
    page.goto(f"{live_server.url}{lead.get_absolute_url()}")
    assert page.get_by_test_id("lead-stage").inner_text() == "洽谈"
    page.get_by_label("签约日期").fill(dt.date.today().isoformat())
    page.get_by_test_id("sign").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("lead-stage").inner_text() == "签约"
    assert page.get_by_test_id("sign-form").count() == 0  # no second signing offered
    project = Project.objects.get(lead=Lead.objects.get(pk=lead.pk))
    page.goto(f"{live_server.url}/projects/?stage=signing")
    row = page.locator("table tbody tr", has_text="年产8GW高效电池片项目")
    assert row.count() == 1 and "签约服务" in row.inner_text()
    row.get_by_role("link", name="年产8GW高效电池片项目").click()
    page.wait_for_url(f"{live_server.url}{project.get_absolute_url()}")
    assert page.get_by_test_id("project-lead").inner_text() == "年产8GW高效电池片项目"


def test_the_chain_graph_draws_and_opens_an_enterprise(page, live_server, login, regions, make_user):
    from chains.tests.factories import ChainFactory, make_member, make_segment

    make_user(Role.CITY_STAFF, "330400", username="city_chains")
    chain = ChainFactory(name="光伏")
    cells = make_segment(chain, "电池片", position="mid")
    make_segment(chain, "光伏玻璃", position="up")
    master = EnterpriseFactory(region=regions[HAINING], name="晶科能源有限公司")
    make_member(regions[HAINING], enterprise=master, segment=cells, role="master")
    for i in range(5):
        make_member(
            regions[HAINING], enterprise=EnterpriseFactory(region=regions[HAINING], name=f"配套企业{i}"), segment=cells
        )
    login(page, "city_chains")
    page.goto(f"{live_server.url}{chain.get_absolute_url()}")
    graph = page.get_by_test_id("chain-graph")
    # A function, not a string expression: Playwright evaluates a string with eval, which the CSP refuses.
    page.wait_for_function("() => document.querySelector('[data-chain-graph]').dataset.drawn !== undefined")
    assert graph.get_attribute("data-drawn") == "9"  # the chain, 2 segments, 6 enterprises
    assert page.locator("[data-chain-graph] canvas").first.bounding_box()["height"] > 300
    # the 链主 is drawn large; clicking it opens the enterprise's page
    x, y = page.evaluate(
        """() => {
          const el = document.querySelector('[data-chain-graph]');
          const chart = window.echarts.getInstanceByDom(el);
          const data = chart.getModel().getSeriesByIndex(0).getData();
          let idx = -1;
          for (let i = 0; i < data.count(); i++) { if (data.getRawDataItem(i).master) { idx = i; } }
          const size = data.getRawDataItem(idx).symbolSize;
          return chart.convertToPixel({seriesIndex: 0}, data.getItemLayout(idx)).concat([size]).slice(0, 2);
        }"""
    )
    graph.scroll_into_view_if_needed()
    box = graph.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(f"{live_server.url}{master.get_absolute_url()}")
    assert "晶科能源有限公司" in page.locator("h2, .page-title").first.inner_text()
