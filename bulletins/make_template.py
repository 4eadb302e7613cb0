"""Build the Word template of the monthly bulletin: `bulletins/templates_docx/monthly.docx`.

The layout is the official-document standard as summarised in domain.md §12 (GB/T 9704-2012):
A4; margins top 37 mm, bottom 35, left 28, right 26; title 二号 (22 pt) 方正小标宋简体; body 三号
(16 pt) 仿宋_GB2312 at a fixed 28 pt line pitch (22 lines a page); headings 一、 in 黑体 and （一）
in 楷体_GB2312; page numbers "— 1 —" in 四号 (14 pt) 宋体, odd pages right and even pages left.
East-Asian font names go into `w:eastAsia` of the run fonts, so Word and WPS pick them for hanzi.

The template holds docxtpl (Jinja) tags; the bureau may edit it in Word or WPS (keeping the tags)
or replace it. Reproducible: `.venv/bin/python -m bulletins.make_template` rewrites the file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, ParagraphStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

TEMPLATE_PATH = Path(__file__).resolve().parent / "templates_docx" / "monthly.docx"

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(10.5)  # 五号
LINE_PITCH = Pt(28)  # 22 lines on the type area
NO_SPACE = Pt(0)

# Style names used by the renderer (bulletins/word.py) and the tests.
TITLE = "通报标题"
SUBTITLE = "通报副标题"
BODY = "Normal"
HEADING1 = "Heading 1"
HEADING2 = "Heading 2"
TABLE_TEXT = "表格文字"
TABLE_HEAD = "表头文字"
TABLE_TITLE = "表格标题"
FOOTER = "页码"


def set_fonts(style: BaseStyle, east_asian: str, *, latin: str = LATIN_FONT) -> None:
    """Latin and East-Asian font names of a style; theme fonts are removed so the names win."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _paragraph_style(document: DocxDocument, name: str, base: str | None = None) -> Any:
    styles = document.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base is not None:
        style.base_style = styles[base]
    return style


def _configure(
    style: ParagraphStyle,
    *,
    font: str,
    size: Pt,
    bold: bool = False,
    align: int | None = None,
    indent: Pt | None = None,
    pitch: Pt | None = LINE_PITCH,
    before: Length = NO_SPACE,
    after: Length = NO_SPACE,
) -> None:
    set_fonts(style, font)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fmt = style.paragraph_format
    if pitch is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = pitch
    fmt.space_before = before
    fmt.space_after = after
    fmt.first_line_indent = indent
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = None


def _page_number(paragraph: Paragraph) -> None:
    """ "— 1 —": an em dash, a space, the PAGE field, a space, an em dash."""
    paragraph.add_run("— ")
    begin = paragraph.add_run()
    field = OxmlElement("w:fldChar")
    field.set(qn("w:fldCharType"), "begin")
    begin._r.append(field)
    code = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    code._r.append(instr)
    separate = paragraph.add_run()
    field = OxmlElement("w:fldChar")
    field.set(qn("w:fldCharType"), "separate")
    separate._r.append(field)
    paragraph.add_run("1")
    end = paragraph.add_run()
    field = OxmlElement("w:fldChar")
    field.set(qn("w:fldCharType"), "end")
    end._r.append(field)
    paragraph.add_run(" —")


def _doc_grid(section_element: object) -> None:
    """A line grid of 28 pt so Word keeps 22 lines per page."""
    sect = section_element
    grid = sect.find(qn("w:docGrid"))  # type: ignore[attr-defined]
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)  # type: ignore[attr-defined]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))


def _table(
    document: DocxDocument,
    header: list[str],
    row: list[str],
    loop: str,
    *,
    widths: list[float] | None = None,
    bg: str | None = None,
) -> Table:
    """A table with one header row and a docxtpl row loop (`{%tr for … %}` row, the row, `{%tr endfor %}` row)."""
    table = document.add_table(rows=4, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(header):
        cell = table.cell(0, i)
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = document.styles[TABLE_HEAD]
    table.cell(1, 0).paragraphs[0].text = "{%tr " + loop + " %}"
    for i, text in enumerate(row):
        cell = table.cell(2, i)
        prefix = "{% cellbg " + bg + " %}" if bg and i == len(row) - 1 else ""
        cell.paragraphs[0].text = prefix + text
        cell.paragraphs[0].style = document.styles[TABLE_TEXT]
    table.cell(3, 0).paragraphs[0].text = "{%tr endfor %}"
    header_row = table.rows[0]._tr
    props = header_row.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    props.append(repeat)
    if widths:
        for r in table.rows:
            for i, width in enumerate(widths):
                r.cells[i].width = Mm(width)
    return table


def build_template(path: Path = TEMPLATE_PATH) -> Path:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28) - Pt(14)  # the page number sits about 7 mm under the type area
    section.header_distance = Mm(15)
    _doc_grid(section._sectPr)

    styles = document.styles
    _configure(styles[BODY], font=BODY_FONT, size=BODY_SIZE, indent=Pt(32), align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _configure(
        _paragraph_style(document, TITLE, BODY),
        font=TITLE_FONT,
        size=TITLE_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=Pt(0),
        pitch=Pt(36),
    )
    _configure(
        _paragraph_style(document, SUBTITLE, BODY),
        font=HEADING2_FONT,
        size=BODY_SIZE,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent=Pt(0),
        after=LINE_PITCH,
    )
    _configure(styles[HEADING1], font=HEADING1_FONT, size=BODY_SIZE, indent=Pt(32), align=WD_ALIGN_PARAGRAPH.LEFT)
    _configure(styles[HEADING2], font=HEADING2_FONT, size=BODY_SIZE, indent=Pt(32), align=WD_ALIGN_PARAGRAPH.LEFT)
    _configure(
        _paragraph_style(document, TABLE_TEXT, BODY),
        font=BODY_FONT,
        size=TABLE_SIZE,
        indent=Pt(0),
        pitch=None,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _configure(
        _paragraph_style(document, TABLE_HEAD, BODY),
        font=HEADING1_FONT,
        size=TABLE_SIZE,
        indent=Pt(0),
        pitch=None,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _configure(
        _paragraph_style(document, TABLE_TITLE, BODY),
        font=HEADING1_FONT,
        size=Pt(14),
        indent=Pt(0),
        align=WD_ALIGN_PARAGRAPH.CENTER,
        before=Pt(14),
    )
    _configure(
        _paragraph_style(document, FOOTER), font=PAGE_NUMBER_FONT, size=PAGE_NUMBER_SIZE, indent=Pt(0), pitch=None
    )
    for name in (HEADING1, HEADING2):
        styles[name].paragraph_format.keep_with_next = True

    # Page numbers: odd pages on the right, even pages on the left, one character in from the edge.
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.style = styles[FOOTER]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(14)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.style = styles[FOOTER]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(14)
    _page_number(even)

    def p(text: str, style: str = BODY) -> Paragraph:
        return document.add_paragraph(text, style=styles[style])

    p("{{ title }}", TITLE)
    p("（{{ period }}）", SUBTITLE)
    para = p("{{ addressee }}")
    para.paragraph_format.first_line_indent = Pt(0)
    p("{{ opening }}")
    p("一、目标任务完成情况", HEADING1)
    p("{%p for text in commentary %}")
    p("{{ text }}")
    p("{%p endfor %}")
    p("（一）主要指标分地区完成情况", HEADING2)
    p("表1  {{ headline_label }}分地区完成情况", TABLE_TITLE)
    _table(
        document,
        [
            "单位",
            "完成值（{{ headline_unit }}）",
            "年度目标",
            "完成率（%）",
            "快慢序时（个百分点）",
            "同比（%）",
            "排名",
            "预警",
        ],
        [
            "{{ r.name }}",
            "{{ r.value }}",
            "{{ r.target }}",
            "{{ r.completion }}",
            "{{ r.deviation }}",
            "{{ r.growth }}",
            "{{ r.rank }}",
            "{{ r.colour }}",
        ],
        "for r in headline_rows",
        widths=[28, 22, 20, 18, 22, 18, 14, 14],
        bg="r.fill",
    )
    p("{{ chart_completion }}", TABLE_TEXT)
    p("（二）各项指标完成情况", HEADING2)
    p("表2  各项指标全市完成情况", TABLE_TITLE)
    _table(
        document,
        ["序号", "指标", "完成值", "年度目标", "完成率（%）", "快慢序时/目标（个百分点）", "红色预警单位"],
        [
            "{{ r.no }}",
            "{{ r.label }}",
            "{{ r.value }}",
            "{{ r.target }}",
            "{{ r.completion }}",
            "{{ r.deviation }}",
            "{{ r.red_units }}",
        ],
        "for r in indicator_rows",
        widths=[10, 46, 20, 20, 18, 24, 30],
    )
    p("（三）综合排名", HEADING2)
    p("表3  各地综合排名", TABLE_TITLE)
    _table(
        document,
        ["排名", "单位", "平均名次", "较上月"],
        ["{{ r.rank }}", "{{ r.name }}", "{{ r.mean_rank }}", "{{ r.change }}"],
        "for r in overall_rows",
        widths=[20, 50, 40, 40],
    )
    p("{{ chart_ranking }}", TABLE_TEXT)
    p("{%p if projects %}")
    p("二、重点项目推进情况", HEADING1)
    p("{{ projects_summary }}")
    p("表4  重点项目分地区推进情况", TABLE_TITLE)
    _table(
        document,
        ["单位", "签约项目", "开工项目", "投产项目", "开工率（%）", "投产率（%）", "平均星级", "本年完成投资（亿元）"],
        [
            "{{ r.name }}",
            "{{ r.signed }}",
            "{{ r.started }}",
            "{{ r.producing }}",
            "{{ r.start_rate }}",
            "{{ r.production_rate }}",
            "{{ r.average_stars }}",
            "{{ r.investment_ytd }}",
        ],
        "for r in project_rows",
        widths=[28, 18, 18, 18, 20, 20, 18, 26],
    )
    p("{{ list_note }}")
    p("（一）逾期节点", HEADING2)
    p("{%p for n in overdue_nodes %}")
    p(
        "{{ loop.index }}. {{ n.region }} {{ n.project_name }}：{{ n.node }}计划于{{ n.planned }}完成，已逾期{{ n.days_overdue }}天。"
    )
    p("{%p endfor %}")
    p("（二）待解决问题", HEADING2)
    p("{%p for q in open_problems %}")
    p(
        "{{ loop.index }}. {{ q.region }} {{ q.project_name }}（{{ q.kind }}）：{{ q.text }}（责任部门：{{ q.department }}）"
    )
    p("{%p endfor %}")
    p("{%p endif %}")
    p("{{ closing }}")
    signature = p("{{ issuer }}")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.paragraph_format.right_indent = Pt(64)
    date = p("{{ issued_on }}")
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date.paragraph_format.right_indent = Pt(64)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.core_properties.title = "月度通报模板"
    document.core_properties.author = "经信"
    document.save(str(path))
    return path


if __name__ == "__main__":
    print(build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_PATH))
