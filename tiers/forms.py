from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm, StyledForm
from core.uploads import EVIDENCE, SPREADSHEET, UploadField

from .choices import Level
from .models import TierEntry, Title


class TitleForm(ScopedModelForm):
    levels = forms.MultipleChoiceField(
        label=_("认定层级"), choices=Level.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Title
        fields = ["code", "name", "ladder", "levels", "validity_years", "aliases", "target_label", "active",
                  "description"]  # fmt: skip


class TierEntryForm(ScopedModelForm):
    """Nominating or correcting an entry; the enterprise choices are the user's scope only."""

    evidence = UploadField(label=_("佐证材料"), accept=EVIDENCE, required=False)
    scoped_fields = ("enterprise",)

    class Meta:
        model = TierEntry
        fields = ["enterprise", "title", "year", "level", "recognised_on", "document_no", "evidence", "note"]
        widgets = {"recognised_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["title"].queryset = Title.objects.filter(active=True)  # type: ignore[attr-defined]


class TransitionForm(StyledForm):
    """One workflow step: recognition data where it applies, the evidence and a note."""

    level = forms.ChoiceField(label=_("认定层级"), choices=[("", "—"), *Level.choices], required=False)
    recognised_on = forms.DateField(label=_("认定日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    document_no = forms.CharField(label=_("认定文号"), max_length=100, required=False)
    ended_on = forms.DateField(label=_("退出/到期日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    evidence = UploadField(label=_("佐证材料"), accept=EVIDENCE, required=False)
    note = forms.CharField(label=_("备注"), max_length=300, required=False)


class UploadForm(StyledForm):
    file = UploadField(label=_("认定名单（Excel）"), accept=SPREADSHEET)


class YearForm(StyledForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
