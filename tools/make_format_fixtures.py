"""Render a markdown policy document as PDF, DOCX and an imitation government-website HTML page.

The fixtures in tests/fixtures/formats/ are made with this script, so the readers in qa/ingest/formats are
tested against documents whose text is known exactly (the markdown source next to them):

    python tools/make_format_fixtures.py            # regenerate every fixture from tests/fixtures/formats/*.md
    python tools/make_format_fixtures.py doc.md --out /tmp/x --columns 2 --formats pdf

The sources were cut from the project's corpus:
  henan-aiguo-weisheng.md     = /work/shared/archive/henan/河南省爱国卫生条例(2020-06-04).md, unchanged
  liaocheng-texu-jingying.md  = data/gazettes/liaocheng-gazette-2021-12.md lines 281-475 (the 特许经营管理办法
                                notice and its 44 articles), unchanged

Markdown handled: '# ' headings (level = number of #), '<!-- ... -->' lines (skipped), '- ' list items,
'**bold**', blank-line separated paragraphs, and lines ending in two spaces (hard line breaks). Every
source line becomes one output line, which is what the readers must give back.

Needs reportlab (PDF; the CJK font is reportlab's built-in CID font STSong-Light, nothing is downloaded and
nothing is embedded, so the PDFs stay small) and python-docx (DOCX).
"""

from __future__ import annotations

import argparse
import html
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
FONT = "STSong-Light"

# Per-fixture page furniture and website metadata; the tests assert these exact values come back.
PROFILES = {
    "henan-aiguo-weisheng": {
        "header": ("河南省地方性法规汇编", "2020年第3辑"),
        "site": "河南省人民代表大会常务委员会",
        "charset": "gb2312",
        "meta": [("索引号", "000000000000000000/2020-00003"), ("主题分类", "卫生、体育\\卫生"),
                 ("发文机关", "河南省人民代表大会常务委员会"), ("成文日期", "2020年06月03日"),
                 ("标题", "河南省爱国卫生条例"), ("发文字号", ""), ("发布日期", "2020-06-04"), ("有效性", "有效")],
    },
    "liaocheng-texu-jingying": {
        "header": ("聊城市人民政府公报", "2021年第12期"),
        "site": "聊城市人民政府",
        "charset": "utf-8",
        "meta": [("索引号", "000000000000000000/2021-00007"), ("主题分类", "城乡建设、环境保护\\市政公用事业"),
                 ("发文机关", "聊城市人民政府办公室"), ("成文日期", "2021年12月25日"),
                 ("标题", "聊城市人民政府办公室关于印发聊城市市政基础设施和公用事业特许经营管理办法的通知"),
                 ("发文字号", "聊政办发〔2021〕7号"), ("发布日期", "2021-12-28"), ("有效性", "有效")],
    },
}
DEFAULT_PROFILE = {"header": ("政府公报", "2021年第1期"), "site": "某市人民政府", "charset": "utf-8", "meta": []}


@dataclass
class Block:
    kind: str  # "heading", "para" or "item"
    lines: list[str] = field(default_factory=list)  # hard-broken lines, still with **bold** markers
    level: int = 0
    hard_break: bool = False  # the last source line ended in two spaces


def parse_markdown(md: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for raw in md.splitlines():
        line = raw.rstrip()
        if not line.strip() or re.fullmatch(r"\s*<!--.*-->\s*", line):
            current = None
            continue
        heading = re.match(r"(#+)\s+(.*)", line)
        if heading:
            blocks.append(Block("heading", [heading.group(2).strip()], len(heading.group(1))))
            current = None
        elif line.startswith("- "):
            current = Block("item", [line[2:].strip()])
            blocks.append(current)
        elif current is not None and current.kind == "para" and current.hard_break:
            current.lines.append(line.strip())
        elif current is not None:  # a soft break: the same line, as markdown renders it
            current.lines[-1] += line.strip()
        else:
            current = Block("para", [line.strip()])
            blocks.append(current)
        if current is not None:
            current.hard_break = raw.endswith("  ")
    return blocks


def _runs(text: str) -> list[tuple[str, bool]]:
    """'**第一条** 为了…' -> [('第一条', True), (' 为了…', False)]."""
    parts = re.split(r"\*\*(.+?)\*\*", text)
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def plain(text: str) -> str:
    return text.replace("**", "")


# ---------------------------------------------------------------- PDF

def make_pdf(blocks: list[Block], profile: dict, columns: int = 1) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        NextPageTemplate,
        PageTemplate,
        Paragraph,
    )

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    margin_x, margin_top, margin_bottom, gutter = 64, 80, 72, 26
    body = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=19, firstLineIndent=22,
                          alignment=TA_JUSTIFY, wordWrap="CJK")
    sizes = {1: 18, 2: 15, 3: 13.5, 4: 12.5}
    headings = {level: ParagraphStyle(f"h{level}", fontName=FONT, fontSize=size, leading=size * 1.45,
                                      alignment=TA_CENTER, wordWrap="CJK", spaceBefore=10, spaceAfter=8)
                for level, size in sizes.items()}
    left_header, right_header = profile["header"]
    page_number = "- {} -" if columns == 1 else "第 {} 页"

    def furniture(canvas, doc):
        # The running header and the page number: what the reader must drop.
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawString(margin_x, height - 50, left_header)
        canvas.drawRightString(width - margin_x, height - 50, right_header)
        canvas.setLineWidth(0.6)
        canvas.line(margin_x, height - 56, width - margin_x, height - 56)
        canvas.drawCentredString(width / 2, 40, page_number.format(doc.page))
        canvas.restoreState()

    story = []
    for block in blocks:
        for line in block.lines:
            text = html.escape(plain(line), quote=False)
            style = headings[min(block.level, 4)] if block.kind == "heading" else body
            story.append(Paragraph(text, style))
    inner_w, inner_h = width - 2 * margin_x, height - margin_top - margin_bottom
    if columns == 1:
        frames = [Frame(margin_x, margin_bottom, inner_w, inner_h, id="body")]
        doc = BaseDocTemplate(io.BytesIO(), pagesize=A4, pageTemplates=[PageTemplate("one", frames, furniture)],
                              invariant=1)
    else:
        # Page 1: the title spans both columns, as in a gazette; the rest flows left column, then right.
        col_w = (inner_w - gutter) / 2
        title_h = story[0].wrap(inner_w, inner_h)[1] + 24 if blocks and blocks[0].kind == "heading" else 0

        def cols(top_h: float, prefix: str) -> list:
            return [Frame(margin_x + i * (col_w + gutter), margin_bottom, col_w, inner_h - top_h, id=f"{prefix}{i}")
                    for i in range(2)]

        first = [Frame(margin_x, margin_bottom + inner_h - title_h, inner_w, title_h, id="title")] if title_h else []
        templates = [PageTemplate("first", first + cols(title_h, "f"), furniture),
                     PageTemplate("later", cols(0, "c"), furniture)]
        doc = BaseDocTemplate(io.BytesIO(), pagesize=A4, pageTemplates=templates, invariant=1)
        story.insert(0, NextPageTemplate("later"))
        if title_h:
            story.insert(2, FrameBreak())
    out = io.BytesIO()
    doc.filename = out
    doc.title = plain(blocks[0].lines[0]) if blocks else ""
    doc.build(story)
    return out.getvalue()


def make_scanned_pdf() -> bytes:
    """One A4 page that is only a picture of text, as a scanner makes: no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (420, 594), 255)
    draw = ImageDraw.Draw(image)
    for row in range(40, 560, 18):  # grey bars where the lines of text would be
        draw.rectangle((40, row, 380 if row % 90 else 250, row + 8), fill=90)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(image), 0, 0, *A4)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def make_encrypted_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, encrypt="secret", invariant=1)  # a user password: cannot be opened without it
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 760, "第一条 本文件设有打开密码。")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


# ---------------------------------------------------------------- DOCX

def make_docx(blocks: list[Block], profile: dict) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    section = doc.sections[0]
    section.header.paragraphs[0].text = "\t".join(profile["header"])
    footer = section.footer.paragraphs[0]
    footer.add_run("第 ")
    page_field = OxmlElement("w:fldSimple")  # a PAGE field, as Word's page numbers are
    page_field.set(qn("w:instr"), "PAGE")
    footer._p.append(page_field)
    footer.add_run(" 页")
    for block in blocks:
        if block.kind == "heading":
            doc.add_heading(plain(block.lines[0]), level=0 if block.level == 1 else min(block.level - 1, 9))
            continue
        para = doc.add_paragraph(style="List Bullet" if block.kind == "item" else None)
        if block.kind == "para":
            para.paragraph_format.first_line_indent = Pt(24)
        for i, line in enumerate(block.lines):
            if i:
                para.add_run().add_break()  # a hard line break inside one paragraph (Shift+Enter)
            for text, bold in _runs(line):
                para.add_run(text).bold = bold or None
    out = io.BytesIO()
    doc.core_properties.title = plain(blocks[0].lines[0]) if blocks else ""
    doc.core_properties.created = doc.core_properties.modified = datetime(2021, 12, 28)
    doc.save(out)
    return _stable_zip(out.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same zip with fixed entry dates, so regenerating a fixture does not change its bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(2021, 12, 28, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item))
    return out.getvalue()


# ---------------------------------------------------------------- HTML

_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<meta name="ArticleTitle" content="{title}" />
<title>{title}_政策文件_{site}门户网站</title>
<link rel="stylesheet" href="/css/common.css" />
<script type="text/javascript">var _hmt = _hmt || []; /* 统计代码：首页 政务公开 */</script>
<style>.nav li {{ float: left; }} .footer {{ color: #666; }}</style>
</head>
<body>
<div class="top-bar">欢迎访问{site}门户网站 <a href="/wza/">无障碍</a> <a href="/en/">English</a> <a href="/old/">长者模式</a></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{site}门户网站" /></div>
<div class="search"><form action="/search"><input name="q" value="请输入关键词" /><button>搜索</button></form></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/ywdt/">要闻动态</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjsq/">走进本市</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; 正文</div>
<div class="main">
<div class="xxgk-info"><table class="xxgk-table" cellspacing="0">
{meta_rows}
</table></div>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-tools">发布时间：{published}　来源：{site}　字号：[<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>]
<a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<div class="article-content" id="zoom"><div class="TRS_Editor">
{body}
</div></div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="related"><h3>相关文件</h3><ul><li><a href="/zwgk/1.html">关于做好城市管理工作的通知</a></li>
<li><a href="/zwgk/2.html">政策解读：图解本市市政公用事业改革</a></li></ul></div>
</div></div>
<div class="footer"><p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/smsm/">隐私声明</a></p>
<p>主办：{site}办公室　地址：人民路1号　电话：0000-0000000</p>
<p>备案号：ICP备00000000号-1　网站标识码：0000000000　<img src="/images/jiucuo.png" alt="政府网站找错" /></p></div>
<script type="text/javascript">document.write("<div class='float'>扫一扫在手机打开当前页</div>");</script>
</body>
</html>
"""


def make_html(blocks: list[Block], profile: dict) -> bytes:
    esc = html.escape
    meta = profile["meta"] or [("标题", plain(blocks[0].lines[0]))]
    # Government sites lay the metadata out as key/value pairs, two pairs to a row.
    cells = [f'<td class="key">{esc(key)}：</td><td class="value">{esc(value)}</td>' for key, value in meta]
    meta_rows = "\n".join(f"<tr>{''.join(cells[i:i + 2])}</tr>" for i in range(0, len(cells), 2))
    title = dict(meta).get("标题") or plain(blocks[0].lines[0])
    body = []
    for i, block in enumerate(blocks):
        if i == 0 and block.kind == "heading" and plain(block.lines[0]).replace(" ", "") == title.replace(" ", ""):
            continue  # the page's <h1> above shows it (the reader must put it back first)
        if block.kind == "heading":
            tag = f"h{min(block.level + 1, 6)}"
            body.append(f'<{tag} style="text-align:center">{esc(plain(block.lines[0]))}</{tag}>')
            continue
        lines = ["".join(f"<strong>{esc(t)}</strong>" if bold else esc(t) for t, bold in _runs(line))
                 for line in block.lines]
        body.append(f'<p style="text-indent:2em">{"<br />".join(lines)}</p>')
    published = dict(meta).get("发布日期", "")
    page = _PAGE.format(charset=profile["charset"], title=esc(title), site=esc(profile["site"]),
                        meta_rows=meta_rows, published=esc(published), body="\n".join(body))
    # Declared gb2312 is written as GB18030 (a superset), as such sites' servers really do.
    codec = "gb18030" if profile["charset"].lower() in ("gb2312", "gbk") else profile["charset"]
    return page.encode(codec)


def build(source: Path, out_dir: Path, formats: list[str], columns: int | None = None) -> list[Path]:
    name = source.stem
    profile = PROFILES.get(name, DEFAULT_PROFILE)
    blocks = parse_markdown(source.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        if fmt == "pdf":
            for cols in ([columns] if columns else [1, 2]):
                path = out_dir / (f"{name}.pdf" if cols == 1 else f"{name}-2col.pdf")
                path.write_bytes(make_pdf(blocks, profile, cols))
                written.append(path)
        elif fmt == "docx":
            written.append(out_dir / f"{name}.docx")
            written[-1].write_bytes(make_docx(blocks, profile))
        elif fmt == "html":
            written.append(out_dir / f"{name}.html")
            written[-1].write_bytes(make_html(blocks, profile))
        else:
            raise SystemExit(f"unknown format {fmt!r}; use pdf, docx or html")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, help="markdown files (default: tests/fixtures/formats/*.md)")
    parser.add_argument("--out", type=Path, help="output folder (default: next to each source)")
    parser.add_argument("--formats", default="pdf,docx,html", help="comma-separated: pdf,docx,html")
    parser.add_argument("--columns", type=int, choices=(1, 2), help="PDF columns (default: both variants)")
    args = parser.parse_args(argv)
    sources = args.sources or sorted(FIXTURES.glob("*.md"))
    written = []
    for source in sources:
        written += build(source, args.out or source.parent, args.formats.split(","), args.columns)
    if not args.sources:  # the refusal fixtures, made once alongside the standard set
        for fname, maker in (("scanned-image-only.pdf", make_scanned_pdf), ("encrypted.pdf", make_encrypted_pdf)):
            (args.out or FIXTURES).joinpath(fname).write_bytes(maker())
            written.append((args.out or FIXTURES) / fname)
    for path in written:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
