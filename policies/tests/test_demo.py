"""The demo's 20 policies with criteria, confirmed 免申即享 lists, reviewed applications and payments."""

from __future__ import annotations

import pytest

from policies import demo
from policies.models import Disbursement, Policy, PolicyGrant
from policies.selectors import summary_sentence
from regions.models import Department
from tests.factories import EnterpriseFactory


@pytest.mark.django_db
def test_demo_policies(regions, make_user):
    make_user("city_admin", "330400")
    Department.objects.create(
        name="嘉兴市经济和信息化局", short_name="市经信局", level="city", region=regions["330400"]
    )
    EnterpriseFactory.create_batch(20, region=regions["330481"], size_class="above", employees=200)
    demo.load_demo(progress=lambda text: None)
    assert Policy.objects.count() == 20 and Policy.objects.filter(no_application=True).count() == 6
    assert PolicyGrant.objects.filter(source="application", status="granted").exists()
    assert Disbursement.objects.exists()
    assert summary_sentence(PolicyGrant.objects.all(), Disbursement.objects.all(), 2019).startswith(
        "2019年共兑现惠企政策"
    )
    demo.load_demo(progress=lambda text: None)
    assert Policy.objects.count() == 20
