"""`{% load files %}{% stored_file_url photo "image" %}`: the scoped URL of a stored file (core/files.py)."""

from __future__ import annotations

from django import template
from django.db import models

from core.files import stored_file_url as _stored_file_url

register = template.Library()


@register.simple_tag
def stored_file_url(obj: models.Model, field: str) -> str:
    return _stored_file_url(obj, field)
