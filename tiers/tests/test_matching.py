"""Name matching of recognition lists: brackets of either width, spaces and 有限公司 forms do not matter."""

import pytest

from tiers.matching import NameIndex, normalise, normalise_title


@pytest.mark.parametrize(
    ("printed", "registered"),
    [
        ("嘉兴（中国）精密机械有限公司", "嘉兴(中国)精密机械有限公司"),
        ("嘉兴 (中国) 精密机械", "嘉兴（中国）精密机械有限公司"),
        ("浙江 禾丰 科技股份有限公司", "浙江禾丰科技有限公司"),
        ("海宁市长安织造有限责任公司", "海宁市长安织造有限公司"),
        ("ＡＢＣ电子（嘉兴）有限公司", "ABC电子(嘉兴)有限公司"),
    ],
)
def test_tolerant_forms_match(printed, registered):
    assert normalise(printed) == normalise(registered)


def test_different_firms_do_not_match():
    assert normalise("嘉兴精密机械有限公司") != normalise("嘉兴精密机电有限公司")
    assert normalise("有限公司") == "有限公司"  # a bare suffix is not stripped to nothing


def test_index_reports_ambiguity_and_misses():
    index = NameIndex([(1, "嘉兴恒力有限公司"), (2, "嘉兴恒力股份有限公司"), (3, "桐乡振石有限公司")])
    assert index.candidates("嘉兴 恒力") == [1, 2]  # two registered firms: ambiguous, never guessed
    assert index.candidates("桐乡振石（有限公司）") == [3]
    assert index.candidates("平湖某某") == []


def test_title_forms():
    assert normalise_title("专精特新“小巨人”企业") == normalise_title('专精特新"小巨人"')
