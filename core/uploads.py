"""The one upload policy: how large a file may be and what it must really be, for every import and attachment.

A file's name is the user's claim; its first bytes (and, for Office files, the parts inside the zip) are the
fact. Every upload field (pages: `UploadField`, `ImageUploadField`; API: `UploadSerializerField`,
`ImageUploadSerializerField`) names the kinds it accepts and is checked here: size at most
`settings.UPLOAD_MAX_BYTES` (one figure for the whole system, set by `UPLOAD_MAX_MB`), content sniffed, and
the name's suffix one of the sniffed kind's suffixes (an .xlsx that is a CSV, or a photo that is a zip, is
refused before any job reads it).
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

SNIFF_BYTES = 64 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and .doc (Office 97-2003)
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class FileKind:
    """What a file really is: a code, the suffixes its name may carry, and its content type when served."""

    code: str
    suffixes: tuple[str, ...]
    content_type: str


XLSX = FileKind("xlsx", (".xlsx", ".xlsm"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
XLS = FileKind("xls", (".xls",), "application/vnd.ms-excel")
ODS = FileKind("ods", (".ods",), "application/vnd.oasis.opendocument.spreadsheet")
DOCX = FileKind("docx", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
DOC = FileKind("doc", (".doc",), "application/msword")
CSV = FileKind("csv", (".csv", ".txt", ".tsv"), "text/csv")
PDF = FileKind("pdf", (".pdf",), "application/pdf")
PNG = FileKind("png", (".png",), "image/png")
JPEG = FileKind("jpeg", (".jpg", ".jpeg"), "image/jpeg")
GIF = FileKind("gif", (".gif",), "image/gif")
WEBP = FileKind("webp", (".webp",), "image/webp")
# An OLE2 container is .xls or .doc: telling them apart needs a parser, so the name decides between those two
# only (the importers refuse a .doc they cannot read as a sheet, with a finding).
OLE2 = FileKind("ole2", (".xls", ".doc"), "application/octet-stream")

# What each kind of upload accepts.
SPREADSHEET = (XLSX, XLS, ODS)  # imports read by calamine
XLSX_ONLY = (XLSX,)  # the system's own templates (projects, monthly updates, reports, 亩均)
TABLE_DOCUMENT = (XLSX, XLS, ODS, DOCX, CSV)  # a notice's decomposition table (targets; text pasted as a file)
CSV_TEXT = (CSV,)  # the region tree
IMAGE = (PNG, JPEG, GIF, WEBP)  # project site photos
EVIDENCE = (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, XLS, DOC)  # attachments and 销号/异议 material

ALL_KINDS = (XLSX, XLS, ODS, DOCX, DOC, CSV, PDF, PNG, JPEG, GIF, WEBP)


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 20 * 1024 * 1024))


def _zip_kind(stream: IO[bytes]) -> FileKind | None:
    """An Office Open XML or OpenDocument file by the parts inside its zip; None for any other zip."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
                    return XLSX
                if "word/document.xml" in names:
                    return DOCX
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
                    return ODS
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    return None


def _is_text(head: bytes) -> bool:
    """Plain text in UTF-8 (with or without BOM) or GB18030 (which covers GBK and GB2312), without NUL bytes."""
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=False)  # a character cut at the sniff boundary is not an error
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniff(stream: IO[bytes]) -> FileKind | None:
    """The kind of a file by its content, or None when it is none of the kinds the system accepts.
    Reads from the start and rewinds."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    try:
        if head.startswith(ZIP_MAGIC):
            stream.seek(0)
            return _zip_kind(stream)
        if head.startswith(OLE2_MAGIC):
            return OLE2
        if head.startswith(b"%PDF"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith((b"GIF87a", b"GIF89a")):
            return GIF
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return WEBP
        if _is_text(head):
            return CSV
        return None
    finally:
        stream.seek(0)


def _suffix(name: str) -> str:
    return PurePath(name or "").suffix.lower()


def _labels(accept: Iterable[FileKind]) -> str:
    return "、".join(dict.fromkeys(kind.suffixes[0] for kind in accept))


def check_upload(file: Any, accept: Iterable[FileKind]) -> FileKind:
    """Refuse (ValidationError, a Chinese message for the form) a file too large, of a kind not accepted here, or
    whose name does not match its content; return the kind it really is."""
    accept = tuple(accept)
    size = getattr(file, "size", None)
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise ValidationError(
            _("文件过大（%(size).1f MB），上限为 %(limit)d MB")
            % {"size": size / 1024 / 1024, "limit": limit // (1024 * 1024)},
            code="upload_too_large",
        )
    if not size:
        raise ValidationError(_("文件为空"), code="upload_empty")
    kind = sniff(file)
    suffix = _suffix(getattr(file, "name", "") or "")
    if kind is OLE2:
        kind = DOC if suffix == ".doc" else XLS
    if kind is None or kind not in accept:
        raise ValidationError(
            _("文件内容不是可接受的类型（应为 %(kinds)s）") % {"kinds": _labels(accept)}, code="upload_type"
        )
    if suffix not in kind.suffixes:
        raise ValidationError(
            _("文件名后缀与内容不符：内容是 %(kind)s 文件") % {"kind": kind.suffixes[0]}, code="upload_suffix"
        )
    return kind


def content_type_of(name: str, stream: IO[bytes] | None = None) -> str:
    """The content type a stored file is served with: sniffed from its bytes when given, else by its suffix."""
    if stream is not None:
        kind = sniff(stream)
        if kind is OLE2:
            kind = DOC if _suffix(name) == ".doc" else XLS
        if kind is not None and kind is not CSV:
            return kind.content_type
    suffix = _suffix(name)
    for kind in ALL_KINDS:
        if suffix in kind.suffixes:
            return kind.content_type
    return "application/octet-stream"


def _help_text(accept: tuple[FileKind, ...]) -> str:
    return _("可接受：%(kinds)s，不超过 %(limit)d MB") % {
        "kinds": _labels(accept),
        "limit": max_upload_bytes() // (1024 * 1024),
    }


# The field's help text, translated when a page draws it: forms are built once at import time, in no language.
upload_help_text = lazy(_help_text, str)


class _PolicyMixin:
    """A form field that applies `check_upload` with the kinds it accepts."""

    def __init__(self, *args: Any, accept: Iterable[FileKind], **kwargs: Any) -> None:
        self.accept = tuple(accept)
        kwargs.setdefault("help_text", upload_help_text(self.accept))
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault(  # type: ignore[attr-defined]
            "accept", ",".join(s for kind in self.accept for s in kind.suffixes)
        )

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)  # type: ignore[misc]
        if value and hasattr(value, "read"):
            check_upload(value, self.accept)
        return value


class UploadField(_PolicyMixin, forms.FileField):
    """An import or attachment file on a page."""


class ImageUploadField(_PolicyMixin, forms.ImageField):
    """A photo on a page (Pillow opens it too)."""


class _SerializerPolicyMixin:
    def __init__(self, *args: Any, accept: Iterable[FileKind], **kwargs: Any) -> None:
        self.accept = tuple(accept)
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)  # type: ignore[misc]
        try:
            check_upload(value, self.accept)
        except ValidationError as exc:
            raise serializers.ValidationError(list(exc.messages)) from None
        return value


class UploadSerializerField(_SerializerPolicyMixin, serializers.FileField):
    """An import or attachment file in the API (multipart)."""


class ImageUploadSerializerField(_SerializerPolicyMixin, serializers.ImageField):
    """A photo in the API (multipart)."""


class SizeLimitedUploadHandler(FileUploadHandler):
    """First of `FILE_UPLOAD_HANDLERS`: a file past the limit stops being stored (no 60 MB on disk for a form
    that refuses it) but is still counted, and reaches the form as an empty file with its real size, which
    `check_upload` refuses with the limit in the message."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            self.over = True
            return None  # the handlers after this one get no more of it
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.over:
            return None  # the next handler (memory or temporary file) completes it
        return UploadedFile(
            file=io.BytesIO(b""), name=self.file_name, content_type=self.content_type, size=self.received
        )
