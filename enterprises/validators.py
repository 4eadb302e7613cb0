"""统一社会信用代码 (GB 32100-2015) validation with python-stdnum's maintained implementation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength


def clean_uscc(raw: str) -> str:
    """Return the compact, upper-case code, or raise ValidationError saying what is wrong with it."""
    value = uscc.compact(raw or "")
    try:
        return str(uscc.validate(value))
    except InvalidLength:
        raise ValidationError(_("统一社会信用代码应为18位，实际为%(n)d位") % {"n": len(value)}, code="length") from None
    except InvalidChecksum:
        expected = uscc.calc_check_digit(value[:17])
        raise ValidationError(
            _("统一社会信用代码校验位错误：第18位应为“%(expected)s”，实际为“%(actual)s”")
            % {"expected": expected, "actual": value[17]},
            code="checksum",
        ) from None
    except (InvalidFormat, InvalidComponent):
        raise ValidationError(
            _("统一社会信用代码格式错误：只能包含数字和大写字母（不含 I、O、Z、S、V）"), code="format"
        ) from None


def validate_uscc(value: str) -> None:
    clean_uscc(value)
