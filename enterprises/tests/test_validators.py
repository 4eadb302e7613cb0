"""统一社会信用代码 (GB 32100-2015) validation: python-stdnum decides, the message says what is wrong, in Chinese."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc

from enterprises.validators import clean_uscc, validate_uscc

# Codes built with python-stdnum's own check-character function, so the cases do not depend on ours.
BODY = "91330481MA2B3C4D5"
VALID = BODY + uscc.calc_check_digit(BODY)


def message(raw: str) -> tuple[str, str]:
    with pytest.raises(ValidationError) as info:
        clean_uscc(raw)
    return info.value.code or "", info.value.messages[0]


def test_a_valid_code_is_returned_compact_and_upper_case():
    assert clean_uscc(VALID) == VALID
    assert clean_uscc(f" {VALID[:9].lower()} {VALID[9:]}") == VALID
    assert clean_uscc("-".join([VALID[:6], VALID[6:]])) == VALID
    validate_uscc(VALID)  # the model field validator accepts it (raises otherwise)


@pytest.mark.parametrize("position_char", ["0", "1", "A", "Y"])
def test_a_wrong_check_character_says_which_character_is_expected(position_char):
    assert VALID[17] == "G"  # none of the wrong characters above is the right one
    code, text = message(BODY + position_char)
    assert code == "checksum"
    assert text == f"统一社会信用代码校验位错误：第18位应为“{VALID[17]}”，实际为“{position_char}”"


def test_the_expected_check_character_is_the_one_stdnum_accepts():
    """Following the message's advice gives a valid code."""
    wrong = BODY + ("0" if VALID[17] != "0" else "1")
    _code, text = message(wrong)
    suggested = text.split("第18位应为“")[1][0]
    assert uscc.is_valid(BODY + suggested)
    assert clean_uscc(BODY + suggested) == VALID


@pytest.mark.parametrize(
    ("raw", "length"),
    [("", 0), ("9133", 4), (VALID[:17], 17), (VALID + "0", 19)],
)
def test_a_wrong_length_says_the_actual_length(raw, length):
    code, text = message(raw)
    assert code == "length"
    assert text == f"统一社会信用代码应为18位，实际为{length}位"


@pytest.mark.parametrize(
    "raw",
    [
        VALID[:10] + "I" + VALID[11:],  # I, O, Z, S, V are not in the GB 32100 alphabet
        VALID[:10] + "O" + VALID[11:],
        VALID[:17] + "Z",
        "A" + VALID[1:],  # the first eight characters are digits
        VALID[:16] + "！" + VALID[17],
    ],
)
def test_a_character_outside_the_alphabet_is_a_format_error(raw):
    code, text = message(raw)
    assert code == "format"
    assert text.startswith("统一社会信用代码格式错误")


def test_the_model_rejects_an_invalid_code_on_full_clean(regions):
    from enterprises.models import Enterprise

    enterprise = Enterprise(uscc=BODY + ("0" if VALID[17] != "0" else "1"), name="某公司", region=regions["330481"])
    with pytest.raises(ValidationError) as info:
        enterprise.full_clean()
    assert "第18位应为" in info.value.message_dict["uscc"][0]
