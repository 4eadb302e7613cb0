"""The one upload policy (core/uploads.py): size from the setting, kind sniffed from the content, never the name."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from core.uploads import (
    CSV,
    CSV_TEXT,
    DOCX,
    EVIDENCE,
    IMAGE,
    PDF,
    PNG,
    SPREADSHEET,
    XLS,
    XLSX,
    XLSX_ONLY,
    check_upload,
    sniff,
)
from jobs.models import Job

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "x")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (xlsx_bytes, XLSX),
        (docx_bytes, DOCX),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, None),  # OLE2: .xls or .doc by name
        (lambda: "代码,名称\n330400,嘉兴市\n".encode("gbk"), CSV),
        (lambda: "\ufeff代码,名称\n".encode(), CSV),
        (lambda: b"%PDF-1.7\n", PDF),
        (lambda: PNG_BYTES, PNG),
        (plain_zip, None),
        (lambda: b"\x00\x01\x02garbage", None),
    ],
)
def test_the_kind_comes_from_the_bytes(content: Any, kind: Any) -> None:
    found = sniff(io.BytesIO(content()))
    if kind is None:
        assert found is None or found.code == "ole2"
    else:
        assert found == kind


@pytest.mark.parametrize(
    ("name", "content", "accept", "ok"),
    [
        ("list.xlsx", xlsx_bytes(), SPREADSHEET, True),
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, SPREADSHEET, True),
        ("list.xlsx", "统一社会信用代码\n".encode(), SPREADSHEET, False),  # a CSV named .xlsx
        ("list.csv", xlsx_bytes(), SPREADSHEET, False),  # an xlsx named .csv: the name lies the other way
        ("list.xlsx", plain_zip(), XLSX_ONLY, False),
        ("list.docx", docx_bytes(), XLSX_ONLY, False),
        ("regions.csv", "code,name\n".encode("gb18030"), CSV_TEXT, True),
        ("regions.csv", b"\x00\x00binary", CSV_TEXT, False),
        ("site.png", PNG_BYTES, IMAGE, True),
        ("site.png", b"<script>alert(1)</script>", IMAGE, False),
        ("site.jpg", PNG_BYTES, IMAGE, False),  # suffix and content disagree
        ("proof.pdf", b"%PDF-1.4", EVIDENCE, True),
        ("proof.exe", b"MZ\x90\x00", EVIDENCE, False),
        ("empty.xlsx", b"", SPREADSHEET, False),
    ],
)
def test_check_upload(name: str, content: bytes, accept: Any, ok: bool) -> None:
    upload = SimpleUploadedFile(name, content)
    if ok:
        assert check_upload(upload, accept) in accept
        assert upload.tell() == 0  # rewound for whoever reads it next
    else:
        with pytest.raises(ValidationError):
            check_upload(upload, accept)


def test_an_ole2_file_named_doc_is_a_doc_and_not_a_spreadsheet() -> None:
    upload = SimpleUploadedFile("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ValidationError):
        check_upload(upload, SPREADSHEET)
    assert check_upload(upload, EVIDENCE).code == "doc"
    assert check_upload(SimpleUploadedFile("a.xls", upload.read()), SPREADSHEET) == XLS


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_the_limit_is_the_setting() -> None:
    big = SimpleUploadedFile("big.csv", b"a,b\n" * 300)
    with pytest.raises(ValidationError, match="上限"):
        check_upload(big, CSV_TEXT)
    assert check_upload(SimpleUploadedFile("small.csv", b"a,b\n"), CSV_TEXT) == CSV


def test_a_county_user_cannot_send_60_mb_to_the_project_update_upload(client: Any, haining_reporter: Any) -> None:
    """The 60 MB file is counted but not stored (SizeLimitedUploadHandler), and the form refuses it: no job."""
    client.force_login(haining_reporter)
    payload = xlsx_bytes() + b"\x00" * (60 * 1024 * 1024)
    upload = SimpleUploadedFile("updates.xlsx", payload)
    response = client.post(reverse("projects:projectupdate_upload"), {"file": upload})
    assert response.status_code == 200
    assert "上限为 20 MB" in response.content.decode()
    assert not Job.objects.exists()


def test_a_file_that_is_not_what_its_name_says_starts_no_job(client: Any, haining_reporter: Any) -> None:
    client.force_login(haining_reporter)
    upload = SimpleUploadedFile("updates.xlsx", b"\x89PNG\r\n\x1a\n not a workbook")
    response = client.post(reverse("projects:projectupdate_upload"), {"file": upload})
    assert response.status_code == 200 and "文件内容不是可接受的类型" in response.content.decode()
    assert not Job.objects.exists()


def test_the_api_upload_applies_the_same_policy(client: Any, city_admin: Any) -> None:
    client.force_login(city_admin)
    upload = SimpleUploadedFile("data.xlsx", "企业,亩均税收\n".encode())
    response = client.post("/api/mujun-year-data/import/", {"file": upload})
    assert response.status_code == 400, response.content
    assert "file" in response.json()
    assert not Job.objects.exists()


def test_every_upload_field_of_every_form_and_serializer_goes_through_the_policy() -> None:
    """A new import or attachment added with a bare FileField fails here."""
    import importlib
    import inspect
    import pkgutil

    from django import forms
    from django.apps import apps
    from rest_framework import serializers

    from core.uploads import ImageUploadField, ImageUploadSerializerField, UploadField, UploadSerializerField

    bare = []
    for config in apps.get_app_configs():
        path = str(config.path)
        if not path.startswith(str(__import__("django.conf").conf.settings.BASE_DIR)) or "site-packages" in path:
            continue
        # Every module of the app (forms and serializers live in packages and, for a one-off upload, in views).
        names = [config.name] + [
            info.name
            for info in pkgutil.walk_packages([str(config.path)], prefix=f"{config.name}.")
            if not any(part in ("tests", "migrations", "management") for part in info.name.split("."))
        ]
        for module_name in names:
            module = importlib.import_module(module_name)
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__:
                    continue
                if issubclass(cls, forms.BaseForm):
                    fields = cls.base_fields.values()
                    allowed: tuple[type, ...] = (UploadField, ImageUploadField)
                    kind: type = forms.FileField
                elif issubclass(cls, serializers.Serializer):
                    fields = cls._declared_fields.values()
                    allowed = (UploadSerializerField, ImageUploadSerializerField)
                    kind = serializers.FileField
                else:
                    continue
                bare += [
                    f"{module.__name__}.{cls.__name__}"
                    for f in fields
                    if isinstance(f, kind) and not isinstance(f, allowed)
                ]
    assert bare == [], "\n".join(bare)


def test_the_help_text_is_in_the_language_of_the_page_not_of_the_import():
    """Given a field built once (as forms are, at import time) in Chinese, when a page draws it in English, then
    the help text is English (and the limit is the setting's at that moment)."""
    from django.utils import translation

    from core.uploads import UploadField

    with translation.override("zh-hans"):
        field = UploadField(accept=XLSX_ONLY)
    with translation.override("en"), override_settings(UPLOAD_MAX_BYTES=7 * 1024 * 1024):
        assert str(field.help_text) == "Accepted: .xlsx, at most 7 MB"
    with translation.override("zh-hans"):
        assert str(field.help_text).startswith("可接受：.xlsx，不超过 ")
