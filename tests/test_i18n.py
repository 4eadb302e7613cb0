"""The UI is Simplified Chinese first and English on request (LANGUAGE_CODE zh-hans, LANGUAGES zh-hans/en).

Source strings are Chinese msgids; locale/en/LC_MESSAGES/django.po holds the English. These tests
check that the language switch works on real pages, and that the English catalog is complete,
free of fuzzy entries, consistent in its placeholders, and compiled: a string added to the code
without an English translation fails here instead of showing Chinese on an English page.
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from enterprises.choices import SizeClass
from tests.factories import EnterpriseFactory

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"


# --- A small .po reader (polib is not a dependency) ------------------------------------------


@dataclass
class PoEntry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The key gettext uses in a compiled catalog: context EOT msgid."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


def parse_po(text: str) -> list[PoEntry]:
    """Entries of a .po file, header included (msgid ""); obsolete (#~) entries are skipped."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    flags: set[str] = set()
    target: tuple[str, int] | None = None  # the field continuation lines append to

    def flush() -> None:
        nonlocal current, target
        if current is not None:
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if current is not None and current.msgstr:
                flush()
            continue
        if line.startswith("#"):
            if current is not None and current.msgstr:
                flush()
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith('"'):
            assert current is not None and target is not None, f"line {number}: continuation without a keyword"
            name, index = target
            value = ast.literal_eval(line)
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        match = _KEYWORD.match(line)
        assert match, f"line {number}: cannot parse {raw!r}"
        keyword, index_text, literal = match.groups()
        value = ast.literal_eval(literal)
        if keyword in ("msgctxt", "msgid") and current is not None and (current.msgstr or keyword == "msgctxt"):
            flush()
        if current is None:
            current, flags = PoEntry(line=number, flags=flags), set()
        if keyword.startswith("msgstr"):
            index = int(index_text) if index_text else 0
            current.msgstr[index] = value
            target = ("msgstr", index)
        else:
            setattr(current, keyword, value)
            target = (keyword, 0)
    flush()
    return entries


def messages(entries: list[PoEntry]) -> list[PoEntry]:
    return [e for e in entries if e.msgid != ""]


_PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]")


def placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text.replace("%%", "")))


# --- The language switch on real pages ----------------------------------------------------------


def switch_language(client, code: str, next_url: str) -> None:
    response = client.post(reverse("set_language"), {"language": code, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == code


@pytest.mark.django_db
def test_login_page_is_chinese_by_default(client):
    html = client.get(reverse("login")).content.decode()

    assert '<html lang="zh-hans">' in html
    assert "<title>登录 · 经信</title>" in html
    assert "登录您的账号" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_login_page_is_english_after_switching_language(client):
    switch_language(client, "en", reverse("login"))

    html = client.get(reverse("login")).content.decode()

    assert '<html lang="en">' in html
    assert "<title>Sign in · Jingxin</title>" in html
    assert "Sign in to your account" in html
    assert "Industrial Investment and Technical Transformation Management System" in html
    assert ">Username</label>" in html and ">Password</label>" in html
    assert "登录您的账号" not in html
    # The switch back offers Chinese.
    assert 'value="zh-hans"' in html and "简体中文" in html


@pytest.mark.django_db
def test_enterprise_list_follows_the_chosen_language(client, city_admin, regions):
    EnterpriseFactory(region=regions["330481"], size_class=SizeClass.ABOVE)
    client.force_login(city_admin)
    url = reverse("enterprises:enterprise_list")

    chinese = client.get(url).content.decode()
    assert "<title>企业 · 经信</title>" in chinese
    assert "企业库" in chinese and "统一社会信用代码" in chinese

    switch_language(client, "en", url)
    english = client.get(url).content.decode()

    assert english.count("<title>Enterprises · Jingxin</title>") == 1
    assert '<h2 class="page-title">Enterprises</h2>' in english
    # Navigation: the menus, their links, the dashboard and the user menu.
    for label in (
        "Dashboard",
        "Enterprises",
        "Import enterprises",
        "Regions",
        "System",
    ):  # short menu titles (fit 1366 px)
        assert f">{label}<" in english, label
    assert "Operation log" in english and "Sign out" in english
    assert "City admin" in english  # the role under the user's name
    # The table, its filters and its actions: verbose names and choices translated once, in the catalog.
    for text in ("Unified Social Credit Code", "Home region", "Size class", "Above designated size"):
        assert text in english, text
    assert ">Search</label>" in english and ">Filter</button>" in english and "Export to Excel" in english
    for chinese_label in ("企业库", "工作台", "统一社会信用代码", "筛选", "退出登录"):
        assert chinese_label not in english, chinese_label


# --- The English catalog ----------------------------------------------------------------------


def test_english_catalog_has_no_untranslated_or_fuzzy_entries():
    entries = parse_po(PO_FILE.read_text(encoding="utf-8"))
    header = [e for e in entries if e.msgid == ""]
    assert len(header) == 1 and "fuzzy" not in header[0].flags, "the header must exist and not be fuzzy"
    assert "Language: en" in header[0].msgstr[0]
    found = messages(entries)
    assert len(found) > 100  # the parser read the catalog, not an empty file

    untranslated = [e.msgid for e in found if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in found if "fuzzy" in e.flags]
    assert not untranslated, f"untranslated in {PO_FILE}: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) entries in {PO_FILE}: {fuzzy}"


def test_english_translations_keep_every_placeholder():
    wrong = []
    for entry in messages(parse_po(PO_FILE.read_text(encoding="utf-8"))):
        if "python-format" not in entry.flags:
            continue
        for index, text in entry.msgstr.items():
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            if placeholders(text) != placeholders(source):
                wrong.append((entry.line, entry.msgid, text))
    assert not wrong, wrong


def test_compiled_catalog_matches_the_po_file():
    """The .mo in the repository is what Django reads; it must carry exactly the .po's messages."""
    # msgfmt compiles the translated entries that are not fuzzy; the other tests reject the rest.
    entries = [
        e
        for e in messages(parse_po(PO_FILE.read_text(encoding="utf-8")))
        if e.msgstr and all(e.msgstr.values()) and "fuzzy" not in e.flags
    ]
    expected = {e.key: e.msgstr[0] for e in entries if e.msgid_plural is None}
    expected |= {(e.key, i): text for e in entries if e.msgid_plural is not None for i, text in e.msgstr.items()}

    with MO_FILE.open("rb") as fh:
        catalog = dict(gettext.GNUTranslations(fh)._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)  # the header

    stale = sorted(str(k) for k in expected.keys() - catalog.keys())
    extra = sorted(str(k) for k in catalog.keys() - expected.keys())
    changed = sorted(str(k) for k in expected.keys() & catalog.keys() if expected[k] != catalog[k])
    assert not (stale or extra or changed), (
        f"{MO_FILE.name} is out of date; run `manage.py compilemessages --ignore=.venv`. "
        f"missing: {stale[:10]} extra: {extra[:10]} changed: {changed[:10]}"
    )


_SKIP_DIRS = {".venv", "var", "benchmarks", "locale", "static", "node_modules", "test-artifacts", "media"}


def _copy_sources(target: Path) -> None:
    base = Path(settings.BASE_DIR)

    def ignore(directory: str, names: list[str]) -> list[str]:
        here = Path(directory)
        skipped = []
        for name in names:
            path = here / name
            if path.is_dir():
                if name.startswith(".") or name == "__pycache__" or (here == base and name in _SKIP_DIRS):
                    skipped.append(name)
            elif path.suffix not in {".py", ".html", ".txt"}:
                skipped.append(name)
        return skipped

    shutil.copytree(base, target, ignore=ignore)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs the GNU gettext tools (xgettext)")
def test_every_string_in_the_code_is_in_the_english_catalog(tmp_path, monkeypatch):
    """Extract the msgids from a copy of the sources (the repository is not touched) and look each up."""
    sources, locale = tmp_path / "src", tmp_path / "locale"
    _copy_sources(sources)
    monkeypatch.chdir(sources)
    with override_settings(LOCALE_PATHS=[str(locale)]):
        call_command("makemessages", locale=["en"], verbosity=0)

    extracted = {e.key for e in messages(parse_po((locale / "en" / "LC_MESSAGES" / "django.po").read_text("utf-8")))}
    translated = {
        e.key
        for e in messages(parse_po(PO_FILE.read_text(encoding="utf-8")))
        if e.msgstr and all(e.msgstr.values()) and "fuzzy" not in e.flags
    }
    assert len(extracted) > 100
    missing = sorted(extracted - translated)
    assert not missing, (
        "strings in the code without an English translation; run `manage.py makemessages -l en --ignore=.venv "
        f"--ignore=var --ignore=benchmarks`, translate them in {PO_FILE}, then compilemessages: {missing}"
    )
