"""The produced files, opened and read back: Word (python-docx), Excel (openpyxl), PDF (pypdf, pypdfium2)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from django.conf import settings
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from bulletins import make_template
from bulletins.services import bulletin_generate

from .conftest import HAINING

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"


@pytest.fixture
def version(published, admin):
    return bulletin_generate(plan=published.plan, year=2019, month=4, actor=admin)


def east_asian(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_word_has_the_official_layout_and_the_figures(version):
    document = Document(io.BytesIO(version.docx.read()))
    section = document.sections[0]
    # Word stores lengths in twips (1/1440 inch): compare in whole millimetres.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    styles = document.styles
    assert east_asian(styles[make_template.TITLE]) == "方正小标宋简体"
    assert styles[make_template.TITLE].font.size == Pt(22)
    assert east_asian(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size == Pt(16)
    assert styles["Normal"].paragraph_format.line_spacing == Pt(28)
    assert east_asian(styles["Heading 1"]) == "黑体"
    assert east_asian(styles["Heading 2"]) == "楷体_GB2312"

    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].text == "关于2019年1—4月全市工业投资目标任务完成情况的通报"
    assert paragraphs[0].style.name == make_template.TITLE
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、目标任务完成情况"]
    body = "\n".join(p.text for p in paragraphs)
    assert "全市工业投资完成123.96亿元，完成年度目标的15.9%，慢于序时进度17.4个百分点" in body
    assert "海宁市工业投资完成67.46亿元，快于序时进度8.6个百分点，列全市第1位。" in body
    assert "{{" not in body and "{%" not in body

    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:4] == ["单位", "完成值（亿元）", "年度目标", "完成率（%）"]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["海宁市"][1:8] == ["67.46", "161.00", "41.9", "8.6", "12.4", "1", "绿"]
    assert rows["嘉善县"][7] == "红"
    assert rows["全市"][3] == "15.9"
    shading = table.rows[[r.cells[0].text for r in table.rows].index("嘉善县")].cells[7]._tc.xpath(".//w:shd/@w:fill")
    assert shading == ["FFC7CE"]
    assert len(document.inline_shapes) == 2  # the two charts

    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in "".join(footer._p.xpath(".//w:instrText/text()"))
    assert footer.runs[0].font.size is None and footer.style.font.size == Pt(14)
    assert east_asian(footer.style) == "宋体"


def test_excel_has_merged_headers_formats_colours_and_native_charts(version):
    content = version.xlsx.read()
    book = load_workbook(io.BytesIO(content))
    ws = book["目标完成情况"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A3:A4" in merged  # 单位 spans the two header rows
    assert "B3:F3" in merged  # the indicator's group header
    assert ws["B3"].value == "工业投资（亿元）"
    assert [ws.cell(4, c).value for c in range(2, 7)] == [
        "完成值",
        "完成率（%）",
        "快慢序时（个百分点）",
        "同比（%）",
        "排名",
    ]
    rows = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    haining = rows["海宁市"]
    assert ws.cell(haining, 2).value == pytest.approx(67.46)
    assert ws.cell(haining, 2).number_format == "#,##0.00"
    assert ws.cell(haining, 3).value == pytest.approx(41.9)
    assert ws.cell(haining, 3).number_format == "0.0"
    assert ws.cell(haining, 4).value == pytest.approx(8.6)
    assert ws.cell(haining, 4).fill.fgColor.rgb.endswith("C6EFCE")  # green
    assert ws.cell(rows["嘉善县"], 4).fill.fgColor.rgb.endswith("FFC7CE")  # red
    assert ws.cell(rows["全市"], 3).value == pytest.approx(15.9)
    assert book["综合排名"]["B3"].value == "海宁市"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2


def test_pdf_text_is_extractable_and_the_font_is_embedded(version):
    content = version.pdf.read()
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    assert "关于2019年1—4月全市工业投资目标任务完成情况的通报" in compact
    assert "海宁市工业投资完成67.46亿元，快于序时进度8.6个百分点，列全市第1位。" in compact
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                fonts.append(
                    (str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
                )
    assert fonts and all(embedded for _name, embedded in fonts)
    assert any("NotoSerifSC" in name for name, _embedded in fonts), fonts

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = pypdfium2.PdfDocument(content)[0]
    image = page.render(scale=1.5).to_pil()
    image.save(ARTIFACTS / "bulletin-page1.png")
    assert image.width > 800


def test_the_template_is_reproducible(tmp_path):
    built = make_template.build_template(tmp_path / "monthly.docx")
    fresh = Document(str(built))
    committed = Document(str(make_template.TEMPLATE_PATH))
    assert [p.text for p in fresh.paragraphs] == [p.text for p in committed.paragraphs]
    assert HAINING not in "".join(p.text for p in committed.paragraphs)
