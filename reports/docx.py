"""The report as a Word document (DOCX), in the template's structure, with python-docx.

The same ReportData as the pages and the PDF, laid out for people who finish and hand
on the report in Word or LibreOffice:

- Word's heading styles: "Heading 1" for the chapters (and the appendices), "Heading 2"
  for sections, tables and charts, so the navigation pane works; the contents after the
  title page list the chapters, each linked to its bookmarked heading with its page as a
  PAGEREF field (LibreOffice shows the pages at once, Word when it updates the fields);
- tables as Word tables whose header row repeats on every page, figures formatted
  the Latvian way by `reports.tables.format_number` (`6 441`, `20,8`), columns as wide
  as their words need (a list table steps down from 9 to 8 pt rather than break one);
- the charts of chapter 5 drawn by `figures.charts` (the very SVG of the pages and the
  PDF) and turned into PNG at print resolution with CairoSVG;
- appendix pictures with their numbered captions; page numbers in the footer.

No arithmetic here: every figure comes ready from the builder.
"""

import functools
import io
import re
from html.parser import HTMLParser

from django.core.files.storage import default_storage
from django.utils.translation import get_language, gettext
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from catalogue.formatting import format_change, format_number
from reports.consolidated import DECIMALS, NUMERIC_KINDS, ListTable, ReportData
from reports.presentation import report_charts
from reports.region_tables import RegionTable

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHART_SCALE = 3  # SVG px → PNG px: a 600 px wide chart becomes 1800 px (≈ 290 dpi at 16 cm)
TEXT_WIDTH = Cm(16)
PICTURE_MAX_HEIGHT = Cm(16)
FONT = "DejaVu Sans"
BODY_POINTS = 10
HEADER_FILL = "DDE5EE"
LANGUAGES = {"lv": "lv-LV", "en": "en-GB"}


# Word fields and small XML helpers ------------------------------------------------------------

def _field_char(paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        element.set(qn("w:dirty"), "true")  # recompute when the document opens
    paragraph.add_run()._r.append(element)


def _field_start(paragraph, instruction: str) -> None:
    _field_char(paragraph, "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    _field_char(paragraph, "separate")


def _field_end(paragraph) -> None:
    _field_char(paragraph, "end")


def _field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES ...) in the paragraph; Word fills it in."""
    _field_start(paragraph, instruction)
    paragraph.add_run(placeholder)
    _field_end(paragraph)


def _repeat_header(row) -> None:
    """The row repeats at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _cant_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_language(style, language: str) -> None:
    properties = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)
    properties.append(lang)


# The regional texts' HTML (sanitised: p, br, ul, ol, li, strong, b, em, i, a, blockquote) --

class _HtmlToDocx(HTMLParser):
    """Writes the sanitised HTML of a regional text as Word paragraphs and lists."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.bold = self.italic = 0
        self.lists: list[str] = []
        self.quote = 0

    def _new_paragraph(self, style: str | None = None):
        self.paragraph = self.document.add_paragraph(style=style)
        if self.quote:
            self.paragraph.paragraph_format.left_indent = Cm(1)
        return self.paragraph

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._new_paragraph("Quote" if self.quote and _has_style(self.document, "Quote")
                                else None)
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            style = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            self._new_paragraph(style)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(self.bold - 1, 0)
        elif tag in ("em", "i"):
            self.italic = max(self.italic - 1, 0)
        elif tag == "blockquote":
            self.quote = max(self.quote - 1, 0)

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self._new_paragraph()
        run = self.paragraph.add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def _has_style(document, name: str) -> bool:
    return any(style.name == name for style in document.styles)


def _html(document, html: str) -> None:
    parser = _HtmlToDocx(document)
    parser.feed(html)
    parser.close()


# The parts of the report ------------------------------------------------------------------------

def _caption(document, text: str):
    paragraph = document.add_paragraph(text, style="Caption")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(12)
    return paragraph


def _widths(weights: list[float]) -> list[int]:
    total = sum(weights)
    return [int(TEXT_WIDTH * weight / total) for weight in weights]


LIST_POINTS = (9, 8.5, 8)  # list tables' font sizes, the first whose words all fit
CELL_PADDING_CM = 0.39  # Word's and LibreOffice's cell margins: 0.19 cm a side
_BREAKS = re.compile(r"\s+|(?<=[–/-])")  # where Word and LibreOffice may wrap a line
_NUMBER_LIKE = re.compile(r"^[\d.,:%+−–-]*\d[\d.,:%+−–-]*$")


@functools.cache
def _font(bold: bool):
    from PIL import ImageFont  # measuring only; the document names the font, never embeds it

    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", 100)
    except OSError:  # no DejaVu here: a wide estimate
        return None


def _text_cm(text: str, points: float, bold: bool = False) -> float:
    font = _font(bold)
    em = points * 2.54 / 72
    if font is None:
        return len(text) * em * 0.7
    return font.getlength(text) / 100 * em


def _longest_word_cm(texts, points: float, bold: bool = False) -> float:
    return max((_text_cm(word, points, bold) for text in texts
                for word in _BREAKS.split(text) if word), default=0.0)


def _fit_widths(headers: list[str], rows: list[list[str]], numeric: list[bool],
                points: float) -> list[float]:
    """Column widths (cm) from the content, so words are not broken in the middle (equal
    widths broke "Organizētājs", "Dalībnieku" and "Izmaiņas" in two in LibreOffice).

    First every header word and every number or date fits; then, as far as the page allows, every
    word of the cells; what is left goes to the text columns by how much text they hold.
    """
    width = TEXT_WIDTH.cm
    columns = list(zip(headers, *rows, strict=True))
    head, body = _column_needs(headers, rows, numeric, points)
    spare = width - sum(head)
    if spare <= 0:
        return head
    deficit = [b - h for b, h in zip(body, head, strict=True)]
    if sum(deficit) >= spare:
        return [h + spare * d / sum(deficit) for h, d in zip(head, deficit, strict=True)]
    spare = width - sum(body)
    volume = [0.0 if is_number else sum(len(text) for text in texts[1:]) + 1
              for texts, is_number in zip(columns, numeric, strict=True)]
    if not sum(volume):
        volume = [1.0] * len(body)
    return [b + spare * v / sum(volume) for b, v in zip(body, volume, strict=True)]


def _column_needs(headers: list[str], rows: list[list[str]], numeric: list[bool],
                  points: float) -> tuple[list[float], list[float]]:
    """Each column's least width (cm): for its header words, numbers and dates (`head`),
    and for every word it holds (`body`)."""
    columns = list(zip(headers, *rows, strict=True))
    head = []
    body = []
    for texts, is_number in zip(columns, numeric, strict=True):
        least = _longest_word_cm([texts[0]], points, bold=True)
        if is_number:
            least = max(least, *(_text_cm(text, points) for text in texts[1:]), 0.0)
        else:  # a date such as "16.02.2021." is never broken either
            least = max(least, *(_text_cm(word, points) for text in texts[1:]
                                 for word in _BREAKS.split(text) if _NUMBER_LIKE.match(word)),
                        0.0)
        head.append(least + CELL_PADDING_CM)
        body.append(max(least, _longest_word_cm(texts[1:], points)) + CELL_PADDING_CM)
    return head, body


def list_points(headers: list[str], rows: list[list[str]], numeric: list[bool]) -> float:
    """A list table's font size: 9 pt, smaller (down to 8 pt) when the longest words of
    its columns do not fit the page's width side by side at 9 pt — a word broken in two
    in a narrow column ("Nenoteiktība / s") reads worse than a slightly smaller table."""
    for points in LIST_POINTS:
        if sum(_column_needs(headers, rows, numeric, points)[1]) <= TEXT_WIDTH.cm:
            return points
    return LIST_POINTS[-1]


def _table(document, headers: list[str], rows: list[list[str]], numeric: list[bool],
           weights: list[float], font_size=None):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(weights)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    header = table.rows[0]
    _repeat_header(header)
    for cell, text, is_number in zip(header.cells, headers, numeric, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = font_size
        if is_number:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _shade(cell, HEADER_FILL)
    for values in rows:
        row = table.add_row()
        _cant_split(row)
        for cell, text, is_number in zip(row.cells, values, numeric, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs if font_size is not None else ():
                run.font.size = font_size
            if is_number:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def _figure_table(document, data: ReportData, table: RegionTable) -> None:
    years = list(data.years)
    headers = [gettext("Indicator"), *(str(year) for year in years)]
    if table.show_change:
        headers += [gettext("Change %(year)s") % {"year": year} for year in years[1:]]
    rows = []
    for row in table.rows:
        cells = ["\u2003" * row.level + row.label]
        for value, missing in zip(row.values, row.missing, strict=False):
            text = format_number(value, row.decimals)
            if missing and value is not None:
                text += f" *{missing}"
            cells.append(text)
        if table.show_change:
            cells += [format_change(change, row.change_in_points) for change in row.changes[1:]]
        rows.append(cells)
    _caption(document, table.title)
    figures = len(headers) - 1
    numeric = [False, *([True] * figures)]
    _table(document, headers, rows, numeric, _fit_widths(headers, rows, numeric, BODY_POINTS))
    for note in table.notes:
        document.add_paragraph(note).runs[0].italic = True


def _list_table(document, table: ListTable) -> None:
    numeric = [kind in NUMERIC_KINDS for kind in table.kinds]
    rows = []
    for row in table.rows:
        rows.append([
            ("" if value is None else format_number(value, DECIMALS[kind]))
            if kind in NUMERIC_KINDS else str(value or "")
            for value, kind in zip(row, table.kinds, strict=False)])
    _caption(document, table.title)
    if not rows:
        rows = [[gettext("Nothing reported."), *([""] * (len(table.headers) - 1))]]
    headers = list(table.headers)
    points = list_points(headers, rows, numeric)
    _table(document, headers, rows, numeric, _fit_widths(headers, rows, numeric, points),
           font_size=Pt(points))


def chart_png(svg: str) -> bytes:
    """A chart's SVG (from `figures.charts`) as PNG at print resolution."""
    import cairosvg  # imported here: the portal starts even where Cairo is missing

    return cairosvg.svg2png(bytestring=svg.encode(), scale=CHART_SCALE)


def _chart(document, chart, width=TEXT_WIDTH) -> None:
    _caption(document, chart.title)
    document.add_picture(io.BytesIO(chart_png(str(chart.svg))), width=width)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if chart.note:
        document.add_paragraph(chart.note).runs[0].italic = True


def _charts(document, data: ReportData) -> None:
    charts = report_charts(data, for_print=True)
    if not charts:
        return
    if charts.trends:
        document.add_heading(gettext("The main indicators in charts"), level=2)
        document.add_paragraph(gettext("Region totals of the libraries counted; a ratio is "
                                       "the ratio of the region's sums."))
        for chart in charts.trends:
            _chart(document, chart, width=Cm(12))
    if charts.comparison:
        document.add_heading(gettext("The libraries compared"), level=2)
        _chart(document, charts.comparison)
    if charts.peers:
        document.add_heading(gettext("Libraries of similar size"), level=2)
        document.add_paragraph(gettext(
            "The libraries are put into groups of nearly equal size by the number of "
            "inhabitants they serve. Each chart shows one group with its first quartile "
            "(Q1), median and third quartile (Q3); a library under its group's Q1 is "
            "highlighted."))
        for chart in charts.peers:
            _chart(document, chart)


def figure_caption(picture) -> str:
    return gettext("Figure %(number)s. %(caption)s (%(library)s)") % {
        "number": picture.number, "caption": picture.caption, "library": picture.library}


def _picture(document, picture) -> None:
    if picture.path:
        try:
            with default_storage.open(picture.path, "rb") as handle:
                content = handle.read()
        except (FileNotFoundError, OSError, ValueError):
            content = b""
        if content:
            shape = document.add_picture(io.BytesIO(content), width=Cm(14))
            if shape.height > PICTURE_MAX_HEIGHT:
                ratio = PICTURE_MAX_HEIGHT / shape.height
                shape.height = int(PICTURE_MAX_HEIGHT)
                shape.width = int(shape.width * ratio)
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            document.paragraphs[-1].paragraph_format.keep_with_next = True
    document.add_paragraph(figure_caption(picture), style="Caption").alignment = (
        WD_ALIGN_PARAGRAPH.CENTER)


def _title_page(document, data: ReportData) -> None:
    region = document.add_paragraph(data.region_name)
    region.alignment = WD_ALIGN_PARAGRAPH.CENTER
    region.runs[0].font.size = Pt(16)
    region.paragraph_format.space_before = Cm(5)
    title = document.add_paragraph(data.report_name, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    year = document.add_paragraph(str(data.year))
    year.alignment = WD_ALIGN_PARAGRAPH.CENTER
    year.runs[0].font.size = Pt(28)
    year.runs[0].bold = True
    if not data.is_final:
        note = document.add_paragraph()
        note.alignment = WD_ALIGN_PARAGRAPH.CENTER
        note.add_run(gettext("Not final:")).bold = True
        note.add_run(" " + gettext("the totals include submissions that are not yet "
                                   "accepted."))
    meta = [(gettext("Regional main library"), data.main_library),
            (gettext("Compiled by"), data.compiled_by),
            (gettext("Compiled on"), data.compiled_on)]
    if data.is_published:
        meta.append((gettext("Version"), f"{data.version} ({data.published_on})"))
    for label, value in meta:
        if value:
            line = document.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            line.add_run(f"{label}: ").bold = True
            line.add_run(str(value))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc_entries(data: ReportData) -> list[str]:
    """The contents: the chapters' headings (Heading 1) in order, the appendices last."""
    entries = [f"{chapter.number}. {chapter.title}" if chapter.number else chapter.title
               for chapter in data.chapters]
    if data.appendices:
        entries.append(gettext("Appendices"))
    return entries


def _bookmark_name(index: int) -> str:
    return f"_Toc{index + 1:04d}"  # Word's own prefix: a TOC's bookmarks stay hidden


def _chapter_heading(document, text: str, index: int):
    """A chapter's Heading 1, bookmarked so the contents can give its page."""
    heading = document.add_heading(text, level=1)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(index + 1))
    start.set(qn("w:name"), _bookmark_name(index))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(index + 1))
    heading._p.insert(1 if heading._p.pPr is not None else 0, start)
    heading._p.append(end)
    return heading


def _toc_entry(paragraph, text: str, index: int) -> None:
    """One line of the contents as Word writes it: a link to the heading, a dotted tab and
    a PAGEREF field giving the heading's page (LibreOffice computes it as it lays the
    document out; Word when it updates the fields, which it offers on opening)."""
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), _bookmark_name(index))
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)

    def run(child=None, text: str | None = None):
        element = OxmlElement("w:r")
        if text is not None:
            child = OxmlElement("w:t")
            child.set(qn("xml:space"), "preserve")
            child.text = text
        element.append(child)
        link.append(element)

    def field_char(kind: str):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            element.set(qn("w:dirty"), "true")  # Word recomputes it
        return element

    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = f" PAGEREF {_bookmark_name(index)} \\h "
    run(text=text)
    run(OxmlElement("w:tab"))
    run(field_char("begin"))
    run(instruction)
    run(field_char("separate"))
    run(text="")  # the page: filled in by the application that lays the pages out
    run(field_char("end"))


def _contents(document, data: ReportData) -> None:
    """The table of contents: a TOC field whose result is already written in, each
    chapter with a PAGEREF field to its bookmarked heading, so the pages show in
    LibreOffice at once (it lays the references out itself) and in Word when it updates
    the fields, which it offers on opening (`updateFields`). A static list with numbers
    of our own would need the document's pagination, which only a word processor knows
    (the PDF's is another layout); the field keeps Word's "Update table" working.
    """
    heading = document.add_paragraph(gettext("Contents"), style="Title")
    heading.paragraph_format.keep_with_next = True
    entries = _toc_entries(data)
    for index, entry in enumerate(entries):
        _toc_entry(document.add_paragraph(), entry, index)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _overview(document, data: ReportData) -> None:
    document.add_paragraph(
        gettext("Libraries counted in %(year)s: %(counted)s of %(total)s.")
        % {"year": data.year, "counted": data.counted_libraries, "total": data.library_total}
        + " " + gettext("A figure marked * lacks some libraries; the number after it says how "
                        "many. Changes are on the previous year; percentages change in "
                        "percentage points (p.p.)."))
    if data.missing_libraries:
        document.add_paragraph(", ".join(data.missing_libraries))


def _footer_and_header(document, data: ReportData) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True  # the title page has neither
    header = section.header.paragraphs[0]
    header.text = f"{data.region_name} · {data.report_name} {data.year}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size = Pt(8)
    header.runs[0].font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _styles(document, language: str) -> None:
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_POINTS)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    _set_language(normal, language)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Caption"):
        if _has_style(document, name):
            document.styles[name].font.name = FONT
    document.styles["Caption"].font.size = Pt(9)
    document.styles["Caption"].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)


def render_docx(data: ReportData) -> bytes:
    """The consolidated report as DOCX bytes, in the template's order."""
    document = Document()
    language = LANGUAGES.get((get_language() or "lv")[:2], "lv-LV")
    _styles(document, language)
    properties = document.core_properties
    properties.title = data.title
    properties.language = language
    properties.subject = data.region_name
    properties.author = data.compiled_by or data.region_name
    _footer_and_header(document, data)
    _title_page(document, data)
    _contents(document, data)
    _overview(document, data)
    for index, chapter in enumerate(data.chapters):
        number = f"{chapter.number}. " if chapter.number else ""
        _chapter_heading(document, f"{number}{chapter.title}", index)
        if not chapter.has_print_content:
            document.add_paragraph(gettext("There is no regional text in this chapter."))
        for section in chapter.sections:
            if not section.regional_html:
                continue
            document.add_heading(section.title, level=2)
            _html(document, section.regional_html)
        for item in chapter.yes_no:
            parts = item.sentence
            line = document.add_paragraph(style="List Bullet")
            line.add_run(f"{item.label}: ").bold = True
            text = parts.summary
            if parts.names:
                text += f"; {parts.names_label}: {', '.join(parts.names)}"
            line.add_run(text + ".")
        for table in chapter.tables:
            _figure_table(document, data, table)
        for table in chapter.lists:
            _list_table(document, table)
        if chapter.number == 5:
            _charts(document, data)
    if data.appendices:
        _chapter_heading(document, gettext("Appendices"), len(data.chapters))
        for group in data.appendices:
            document.add_heading(f"{group.chapter}. {group.chapter_title}", level=2)
            for picture in group.pictures:
                _picture(document, picture)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
