"""PDF, DOCX and HTML readers against fixtures rendered from known markdown (tools/make_format_fixtures.py).

Each reader must give back the source's lines exactly (markdown markers and whitespace aside), in order,
with no page furniture; bad inputs are refused with IngestError saying what to do.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import pytest

# pypdfium2, python-docx and lxml are runtime dependencies: a missing one fails here, not skips.
from qa.ingest.formats import SUPPORTED_FORMATS, FormatText, IngestError, read_document_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
SOURCES = ("henan-aiguo-weisheng", "liaocheng-texu-jingying")
VARIANTS = (".pdf", "-2col.pdf", ".docx", ".html")
# The running headers the fixture script puts on every page (tools/make_format_fixtures.py PROFILES).
FURNITURE = {"henan-aiguo-weisheng": ("河南省地方性法规汇编", "2020年第3辑"),
             "liaocheng-texu-jingying": ("聊城市人民政府公报", "2021年第12期")}
PAGE_NUMBER = re.compile(r"^[-—\s]*\d+[-—\s]*$|^第\s*\d+\s*页$")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def source_lines(md: str) -> list[str]:
    """The markdown's lines without markers (#, **, leading '- ') and whitespace; comments and blanks dropped."""
    lines = []
    for line in md.splitlines():
        if re.fullmatch(r"\s*<!--.*-->\s*", line):
            continue
        line = re.sub(r"^\s*(#+\s+|-\s+)", "", line).replace("**", "")
        if squash(line):
            lines.append(squash(line))
    return lines


def read(name: str) -> FormatText:
    path = FIXTURES / name
    return read_document_bytes(path.read_bytes(), path.name)


@pytest.fixture(scope="module")
def results() -> dict[str, FormatText]:
    return {f"{source}{variant}": read(f"{source}{variant}") for source in SOURCES for variant in VARIANTS}


def test_fixtures_are_small_and_complete():
    for source in SOURCES:
        for variant in (".md", *VARIANTS):
            path = FIXTURES / f"{source}{variant}"
            assert path.exists(), f"missing {path.name}: run `python tools/make_format_fixtures.py`"
            assert path.stat().st_size < 200 * 1024


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("source", SOURCES)
def test_text_equals_source_line_by_line(results, source, variant):
    expected = source_lines((FIXTURES / f"{source}.md").read_text(encoding="utf-8"))
    got = [squash(line) for line in results[f"{source}{variant}"].text.splitlines() if squash(line)]
    assert got == expected


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("source", SOURCES)
def test_one_clean_line_per_paragraph(results, source, variant):
    text = results[f"{source}{variant}"].text
    assert text.endswith("\n") and "\n\n" not in text
    for line in text.splitlines():
        assert line == line.strip(), f"untrimmed line {line!r}"
        assert "  " not in line and "\u3000" not in line
    # The article parser needs the space after 第X条.
    assert re.search(r"^第一条 \S", text, re.MULTILINE)


@pytest.mark.parametrize("variant", (".pdf", "-2col.pdf", ".docx"))
@pytest.mark.parametrize("source", SOURCES)
def test_running_headers_footers_and_page_numbers_absent(results, source, variant):
    text = results[f"{source}{variant}"].text
    for furniture in FURNITURE[source]:
        assert furniture not in text
    assert not [line for line in text.splitlines() if PAGE_NUMBER.match(line)]
    assert "页" not in "".join(line for line in text.splitlines() if len(line) < 8)


def test_two_column_pdf_is_really_two_columns_and_read_left_then_right():
    import pypdfium2
    from pypdfium2 import raw

    from qa.ingest.formats import pdf

    for source in SOURCES:
        for variant, columns in (("-2col.pdf", {-1, 1, 2}), (".pdf", {0})):
            document = pypdfium2.PdfDocument(FIXTURES / f"{source}{variant}")
            page = document[0]
            rows = [pdf.Line(row, 1) for row in pdf._rows(pdf._page_chars(page, raw))]
            assert {line.col for line in pdf._columns(rows, page.get_size()[0])} == columns
            document.close()
    # On page 1 of the two-column gazette, 第三条 runs from the foot of the left column to the top of the right.
    lines = [squash(line) for line in read("liaocheng-texu-jingying-2col.pdf").text.splitlines()]
    assert "第三条市政基础设施和公用事业特许经营应当坚持公开、公平、公正，以公共利益优先，" in lines
    assert lines.index("第四条市人民政府统一领导本市市政基础设施和公用事业特许经营管理工作。") == \
        lines.index("第三条市政基础设施和公用事业特许经营应当坚持公开、公平、公正，以公共利益优先，") + 2


def test_pdf_layout_uses_geometry_not_drawing_order():
    """Shuffling each page's characters (as another PDF producer might order them) changes nothing."""
    import pypdfium2
    from pypdfium2 import raw

    from qa.ingest.formats import pdf

    document = pypdfium2.PdfDocument(FIXTURES / "henan-aiguo-weisheng-2col.pdf")
    pages, sizes = [], []
    for index in range(len(document)):
        pages.append(pdf._page_chars(document[index], raw))
        sizes.append(document[index].get_size())
    document.close()
    shuffled = [random.Random(index).sample(chars, len(chars)) for index, chars in enumerate(pages)]
    assert pdf.layout(shuffled, sizes) == pdf.layout(pages, sizes)
    assert "".join(pdf.layout(shuffled, sizes)) == read("henan-aiguo-weisheng-2col.pdf").text.replace("\n", "")


@pytest.mark.parametrize("text", ["- 3 -", "3", "第 3 页", "第3页 共12页", "3/12", "— 12 —", "Page 3 of 9", "·7·"])
def test_page_number_shapes(text):
    from qa.ingest.formats.pdf import _PAGE_NUMBER

    assert _PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["第三条", "2021年", "第3条 本办法", "（3）"])
def test_body_lines_are_not_page_numbers(text):
    from qa.ingest.formats.pdf import _PAGE_NUMBER

    assert not _PAGE_NUMBER.match(text)


def test_html_metadata_exact(results):
    meta = results["liaocheng-texu-jingying.html"].metadata
    assert meta["doc_number"] == "聊政办发〔2021〕7号"
    assert meta["issuer"] == "聊城市人民政府办公室"
    assert meta["signed_date"] == "2021-12-25"
    assert meta["published_date"] == "2021-12-28"
    assert meta["title"] == "聊城市人民政府办公室关于印发聊城市市政基础设施和公用事业特许经营管理办法的通知"
    assert meta["validity"] == "有效"
    meta = results["henan-aiguo-weisheng.html"].metadata
    assert "doc_number" not in meta  # the page's 发文字号 cell is empty
    assert (meta["issuer"], meta["signed_date"], meta["title"]) == (
        "河南省人民代表大会常务委员会", "2020-06-03", "河南省爱国卫生条例")


@pytest.mark.parametrize("source", SOURCES)
def test_html_navigation_footer_and_chrome_absent(results, source):
    text = results[f"{source}.html"].text
    for chrome in ("首页", "要闻动态", "当前位置", "网站地图", "联系我们", "备案号", "打印本页", "关闭窗口", "分享到",
                   "扫一扫", "相关文件", "欢迎访问", "无障碍", "搜索", "索引号", "主题分类", "_hmt", "document.write",
                   "字号", "发布时间"):
        assert chrome not in text, chrome


def test_html_gb2312_page_is_decoded():
    data = (FIXTURES / "henan-aiguo-weisheng.html").read_bytes()
    assert b"charset=gb2312" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read("henan-aiguo-weisheng.html").text.startswith("河南省爱国卫生条例\n")


def test_html_utf8_page_declared_gbk_is_read_as_utf8_with_a_warning():
    page = "<html><head><meta charset='gbk'></head><body><div><p>第一条 为了规范特许经营活动，制定本办法。</p></div></body></html>"
    result = read_document_bytes(page.encode("utf-8"), "page.htm")
    assert result.text == "第一条 为了规范特许经营活动，制定本办法。\n"
    assert any("gbk" in warning and "utf-8" in warning for warning in result.warnings)


def test_html_list_metadata_with_spaced_labels_and_br_body():
    page = """<html><head><title>关于做好冬季供暖工作的通知_某市人民政府</title></head><body>
    <div id="header"><h1 class="logo">某市人民政府门户网站</h1><div class="menu"><a>首页</a><a>新闻</a></div></div>
    <div class="position">您当前的位置：首页 &gt; 政务公开</div>
    <ul class="xxgk"><li>索 引 号：0001/2021-1</li><li>发文机关：某市人民政府办公室</li>
    <li><b>发文字号：</b>某政办字〔2021〕12号</li><li><span>成文日期：</span><span>2021年11月3日</span></li>
    <li>标　　题：关于做好冬季供暖工作的通知</li><li>有 效 性：有效</li></ul>
    <div class="content"><div class="info">发布时间：2021-11-05 10:20　来源：市政府办公室　浏览次数：12</div>
    <div id="zoom">各县（市、区）人民政府：<br>　　为做好今年冬季供暖工作，现将有关事项通知如下：<br>
    　　一、提高思想认识<br>　　各地要充分认识供暖工作的重要性，
    切实加强组织领导。<br><table><tr><td><p>序号</p></td><td><p>单位</p></td></tr>
    <tr><td>1</td><td>市住建局</td></tr></table>　　二、落实工作责任<br></div>
    <div class="tools">【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】 字号：[大 中 小]</div></div>
    <div class="foot">网站地图 | 联系我们 主办单位：某市人民政府办公室</div></body></html>"""
    result = read_document_bytes(page.encode("utf-8"), "notice.html")
    assert result.text.splitlines() == [
        "关于做好冬季供暖工作的通知", "各县（市、区）人民政府：", "为做好今年冬季供暖工作，现将有关事项通知如下：",
        "一、提高思想认识", "各地要充分认识供暖工作的重要性，切实加强组织领导。", "序号\t单位", "1\t市住建局",
        "二、落实工作责任"]
    assert result.metadata["doc_number"] == "某政办字〔2021〕12号"
    assert result.metadata["signed_date"] == "2021-11-03"
    assert result.metadata["published_date"] == "2021-11-05"
    assert result.metadata["title"] == "关于做好冬季供暖工作的通知"


def test_html_body_table_is_text_not_metadata_and_logo_is_not_the_title():
    page = """<html><head><meta name="ArticleTitle" content="某市行政许可事项目录"><title>某市人民政府</title></head>
    <body><div class="head"><h1 class="logo">某市人民政府门户网站</h1></div>
    <div class="main"><div class="article"><p>现将本市行政许可事项目录公布如下，请遵照执行。</p>
    <table><tr><th>序号</th><th>名称</th><th>文号</th><th>发布日期</th></tr>
    <tr><td>1</td><td>建设工程规划许可</td><td>某政发〔2021〕3号</td><td>2021-03-01</td></tr></table>
    <p>本目录自公布之日起施行。</p></div></div></body></html>"""
    result = read_document_bytes(page.encode("utf-8"), "list.html")
    assert result.text.splitlines() == [
        "某市行政许可事项目录", "现将本市行政许可事项目录公布如下，请遵照执行。", "序号\t名称\t文号\t发布日期",
        "1\t建设工程规划许可\t某政发〔2021〕3号\t2021-03-01", "本目录自公布之日起施行。"]
    assert result.metadata == {"title": "某市行政许可事项目录", "format": "html"}


def test_html_without_body_text_is_refused():
    page = """<html><head><title>政策文件</title><script src="app.js"></script></head><body>
    <div class="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a></div><div id="app"></div>
    <div class="footer">网站地图 | 联系我们</div></body></html>"""
    with pytest.raises(IngestError, match="no document text.*JavaScript"):
        read_document_bytes(page.encode(), "empty.html")


def test_pdf_without_text_layer_asks_for_ocr():
    with pytest.raises(IngestError, match=r"no text layer.*OCR.*ocrmypdf -l chi_sim"):
        read("scanned-image-only.pdf")


def test_encrypted_pdf_is_refused():
    with pytest.raises(IngestError, match="encrypted.*password"):
        read("encrypted.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", b"%PDF-"])
def test_corrupt_pdf_is_refused(data):
    with pytest.raises(IngestError, match=r"broken\.pdf: not a readable PDF.*damaged"):
        read_document_bytes(data, "broken.pdf")


def test_truncated_pdf_is_refused_or_read_never_crashes():
    data = (FIXTURES / "henan-aiguo-weisheng.pdf").read_bytes()
    try:
        result = read_document_bytes(data[: len(data) // 2], "cut.pdf")
    except IngestError as err:
        assert "cut.pdf" in str(err)
    else:
        assert result.text


def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_empty_docx_is_refused():
    data = _docx(lambda d: d.add_paragraph("   "))
    with pytest.raises(IngestError, match=r"empty\.docx: the document has no text"):
        read_document_bytes(data, "empty.docx")


def test_corrupt_docx_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/other.xml", "<x/>")
    with pytest.raises(IngestError, match=r"broken\.docx: not a readable Word \.docx"):
        read_document_bytes(out.getvalue(), "broken.docx")


def test_docx_tables_rows_headers_and_automatic_numbering():
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(document):
        document.sections[0].header.paragraphs[0].text = "某市人民政府公报"
        document.sections[0].footer.paragraphs[0].text = "第 1 页"
        document.add_heading("某市某某管理办法", level=0)
        # 第%1条 numbered by Word in Chinese numerals: the text itself has no 第X条.
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/><w:suff w:val="space"/></w:lvl>'
            f'</w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
        for text in ["为了规范管理，制定本办法。", "本办法适用于本市。"] + ["其他。"] * 9:
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
        table = document.add_table(rows=2, cols=3)
        for row, values in zip(table.rows, [("序号", "事项", "责任单位"), ("1", "供水", "市住建局")]):
            for cell, value in zip(row.cells, values):
                cell.text = value
        document.add_paragraph("某市人民政府").add_run().add_break()
        document.paragraphs[-1].add_run("2021年12月8日")

    lines = read_document_bytes(_docx(build), "numbered.docx").text.splitlines()
    assert lines[:3] == ["某市某某管理办法", "第一条 为了规范管理，制定本办法。", "第二条 本办法适用于本市。"]
    assert lines[11] == "第十一条 其他。"
    assert lines[12:] == ["序号\t事项\t责任单位", "1\t供水\t市住建局", "某市人民政府", "2021年12月8日"]


def test_dispatch_by_content_then_suffix():
    pdf = (FIXTURES / "henan-aiguo-weisheng.pdf").read_bytes()
    result = read_document_bytes(pdf, "saved-as.html")
    assert result.metadata["format"] == "pdf" and "named .html but its content is PDF" in result.warnings[0]
    assert read_document_bytes((FIXTURES / "henan-aiguo-weisheng.docx").read_bytes(), "x").metadata["format"] == "docx"
    with pytest.raises(IngestError, match=r"report\.xlsx: unsupported file type '\.xlsx'.*\.pdf, \.docx, \.html"):
        read_document_bytes(b"not a document", "report.xlsx")
    with pytest.raises(IngestError, match="empty"):
        read_document_bytes(b"  \n", "blank.pdf")
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(IngestError, match=r"book\.docx: this is an Excel or PowerPoint file"):
        read_document_bytes(workbook.getvalue(), "book.docx")
    page = (FIXTURES / "liaocheng-texu-jingying.html").read_bytes()
    assert read_document_bytes(page, "page.htm").warnings == []
    with pytest.raises(IngestError, match="legacy Office file.*libreoffice --headless --convert-to docx"):
        read_document_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.doc")
    assert SUPPORTED_FORMATS == (".pdf", ".docx", ".html", ".htm")


def test_missing_library_says_how_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    with pytest.raises(ImportError, match="pip install pypdfium2"):
        read("henan-aiguo-weisheng.pdf")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("source", SOURCES)
def test_pipeline_parses_reader_text_like_the_markdown(source, variant):
    """The ingestion pipeline finds the same documents and provisions in each format as in the markdown."""
    from qa.ingest import decode_source, ingest_text

    def parsed(data: bytes) -> list[tuple]:
        result = ingest_text(decode_source(f"{source}.txt", data))
        return [(doc.title, doc.doc_number, [(p.kind, p.label, p.chapter_path, squash(p.text).replace(
            "<!--INFOEND-->", "")) for p in doc.provisions]) for doc in result.documents]

    expected = parsed((FIXTURES / f"{source}.md").read_bytes())
    assert sum(len(doc[2]) for doc in expected) >= 29
    assert parsed(read(f"{source}{variant}").text.encode("utf-8")) == expected
