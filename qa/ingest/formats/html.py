"""A government website's policy page -> the document's text, plus the metadata table such pages carry.

lxml only (python-docx needs it anyway). trafilatura 2.3.1 was compared on the fixtures: its body text
is as good on the two generated pages (110/110 lines; 61/62 on the other, where it drops the <h1> title
that sits outside the body), but it brings 20-odd packages (courlan, htmldate, justext, lxml_html_clean,
dateparser...), gives only title and date of the metadata (no 发文字号, 发文机关, 成文日期), joins table
cells, and on a plainer page (a <ul> of metadata, <br>-separated body, class="position" breadcrumb) it
fell back to the whole page, navigation and footer included. So the few rules below instead:

1. decode by BOM, then the declared charset (gb2312/gbk are read as their superset gb18030), then UTF-8;
2. read the metadata table (索引号, 发文机关, 成文日期, 发文字号, 标题, 有效性...) and take it out of the page;
3. drop scripts, styles, forms, <nav>/<header>/<footer>/<aside> and elements whose class or id says
   navigation, breadcrumb, footer, share or print -- unless they hold most of the page's text;
4. the body is the deepest element that still holds most of the page's paragraph text (links excluded);
5. its lines: one per block element or <br>, one per table row (cells joined by a tab); chrome lines such
   as 【打印本页】【关闭窗口】 or 字号：大 中 小 are dropped; the page's <h1> title goes first if the body lacks it.
"""

from __future__ import annotations

import codecs
import re

from ...lazy import require
from . import FormatText, IngestError, iso_date, tidy_line

_KEYS = {
    "索引号": "index_number", "主题分类": "topic", "发文机关": "issuer", "发布机构": "issuer", "发布机关": "issuer",
    "发文单位": "issuer", "制发机关": "issuer", "成文日期": "signed_date", "成文时间": "signed_date",
    "发布日期": "published_date", "发布时间": "published_date", "公开日期": "published_date",
    "发文字号": "doc_number", "文号": "doc_number", "标题": "title", "文件名称": "title", "名称": "title",
    "有效性": "validity", "时效性": "validity", "效力状态": "validity", "生效日期": "effective_date",
    "实施日期": "effective_date",
}
_DATES = {"signed_date", "published_date", "effective_date"}
# Labels are often spaced out to align them: 索 引 号, 标　　题.
_LABELS = "|".join(r"[\s\u3000\xa0]*".join(label) for label in sorted(_KEYS, key=len, reverse=True))
_STOPS = _LABELS + "|来源|信息来源|作者|浏览次数|访问次数|点击数|字号"  # where an inline value ends
_INLINE_FIELD = re.compile(rf"({_LABELS})\s*[:：]\s*(.*?)\s*(?=(?:{_STOPS})\s*[:：]|$)")
_EMPTY_VALUES = {"", "无", "暂无", "-", "—", "/", "null", "none"}
_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "nav", "header", "footer",
              "aside", "form", "select", "button", "input", "textarea", "svg", "canvas", "map", "head"}
# Class/id names of page chrome: words that say so anywhere in the name, and short ones only as a whole
# word of it (so "canvas" is not "nav", "footnote" is not "foot").
_CHROME_NAME = re.compile(
    r"navbar|navigation|subnav|topnav|mainnav|menu|breadcrumb|crumb|footer|copyright|sidebar|share|"
    r"^(.*[-_])?(nav|foot|bottom|print|dayin|position|location|weizhi|dqwz|related|xgwj|xgxx|search|login|"
    r"banner|toolbar|topbar|float|piao|qrcode|ewm|skip|gotop|backtop|fenxiang)([-_].*)?$", re.IGNORECASE)
_BLOCKS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
           "h5", "h6", "blockquote", "pre", "center", "table", "tr", "td", "th", "tbody", "thead", "caption",
           "address", "figure", "figcaption", "hr", "body"}
_CHROME_LINE = re.compile(
    r"(发布时间|发布日期|更新时间|信息来源|来源|作者|责任编辑|编辑|浏览次数|阅读次数|访问次数|点击数)\s*[:：]\s*"
    r"[\d\-/:.年月日]*(\s*\d[\d:]*)?[^\s　:：]*|打印本页|打印|关闭本?窗口|关闭本页|关闭|分享到|分享|收藏|返回顶部|返回|"
    r"字号|字体|默认|扫一扫\S*|微信|微博|QQ空间|上一篇.*|下一篇.*|[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?"
    r"\s*[【\[]?\s*小\s*[】\]]?|[:：\s【】\[\]|｜/·•>＞()（）]")
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def read_html(data: bytes, name: str) -> FormatText:
    lxml_html = require("lxml.html", "reading .html pages", "pip install lxml")
    from lxml.etree import LxmlError

    text, warnings = _decode(data, name)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input that declares an encoding
    try:
        root = lxml_html.document_fromstring(text)
    except (LxmlError, ValueError) as err:  # e.g. a page with no elements at all
        raise IngestError(f"{name}: not an HTML page lxml can parse ({err}); save the page again from a browser "
                          f"or copy its text into a .txt file") from None
    metadata = _metadata(root, name, warnings)
    page_title = _page_title(root, metadata)
    if page_title:
        metadata.setdefault("title", page_title)
    body = root.find("body") if root.find("body") is not None else root
    _drop_chrome(body)
    node = _content_node(body)
    lines = [line for line in _lines(node) if not _is_chrome(line)]
    if page_title and not any(_squash(page_title) == _squash(line) for line in lines[:4]):
        lines.insert(0, page_title)
    if sum(len(_squash(line)) for line in lines) < 20:
        raise IngestError(
            f"{name}: the page holds no document text once navigation, scripts and footer are taken out "
            f"({sum(len(_squash(line)) for line in lines)} characters); it is probably built by JavaScript: "
            f"open it in a browser, wait for the text to show, and save it (Ctrl+S) or copy the text into a .txt file")
    return FormatText("".join(line + "\n" for line in lines), metadata, warnings)


def _decode(data: bytes, name: str) -> tuple[str, list[str]]:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace"), []
    declared = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w-]+)""",
                         data[:4096], re.IGNORECASE)
    charset = (declared.group(1) or declared.group(2)).decode("ascii").lower() if declared else None
    codec = "gb18030" if charset in ("gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936") else charset
    try:
        codec = codecs.lookup(codec).name if codec else None
    except LookupError:
        codec = None
    for candidate in [c for c in (codec, "utf-8", "gb18030") if c]:
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        if codec and candidate != codec:
            return text, [f"{name}: the page declares charset {charset} but is {candidate}; read as {candidate}"]
        return text, []
    return data.decode(codec or "utf-8", errors="replace"), [
        f"{name}: the page is not valid {charset or 'UTF-8 or GB18030'}; undecodable bytes were replaced by �"]


def _text(element) -> str:
    return tidy_line(re.sub(r"\s+", " ", element.text_content()))


def _squash(text: str) -> str:
    return re.sub(r"[\s\u3000\xa0]+", "", text)


def _metadata(root, name: str, warnings: list[str]) -> dict[str, str]:
    """The page's metadata: label cells followed by value cells, or 'label：value' text in small elements.

    Fields count only where one table, list or parent element holds two or more of them, or a dated one (a
    body table whose header row says 名称, 文号 is not metadata); the elements that carry them are then taken
    out of the page, as they are not the document's text.
    """
    groups: dict = {}
    for element in root.iter("td", "th", "dt", "dd", "span", "label", "strong", "b", "em", "font", "li", "p", "div"):
        text = re.sub(r"\s+", " ", element.text_content())
        label = _squash(text).rstrip(":：")
        if label in _KEYS:  # a label element; the value is the next element, or the text after it
            following = element.getnext()
            pairs = [(label, _text(following) if following is not None else tidy_line(element.tail or ""))]
            parent = element.getparent()
            carrier = parent if parent is not None and len(_squash(parent.text_content())) < 200 else element
        elif len(text) < 200 and not any(len(child) for child in element):  # 'label：value' in a small element
            pairs = [(_squash(m.group(1)), tidy_line(m.group(2))) for m in _INLINE_FIELD.finditer(text)]
            carrier = element
        else:
            continue
        pairs = [(label, value) for label, value in pairs if _squash(value).rstrip(":：") not in _KEYS]
        if pairs:
            group = next(element.iterancestors("table", "ul", "ol", "dl"), element.getparent())
            fields, carriers = groups.setdefault(group, ({}, []))
            carriers.append(group if group.tag in ("table", "ul", "ol", "dl") else carrier)
            for label, value in pairs:
                fields.setdefault(_KEYS[label], (label, value))
    found: dict[str, str] = {}
    for fields, carriers in groups.values():
        # A lone field counts only if it is a date (the 发布时间：… line above most articles).
        if len(fields) < 2 and not any(key in _DATES and iso_date(value) for key, (_, value) in fields.items()):
            continue
        for key, (label, value) in fields.items():
            if key in found or value.lower() in _EMPTY_VALUES:
                continue
            if key in _DATES and iso_date(value) is None:
                warnings.append(f"{name}: {label} {value!r} is not a date; kept as written")
            found[key] = iso_date(value) or value if key in _DATES else value
        for carrier in carriers:
            if carrier.getparent() is not None and len(_squash(carrier.text_content())) < 800:
                carrier.getparent().remove(carrier)
    return found


def _page_title(root, metadata: dict[str, str]) -> str:
    """The official title: from the metadata, else an ArticleTitle <meta>, else a heading outside the page's
    header that is what the <title> says before its first '_' or '|'."""
    if metadata.get("title"):
        return metadata["title"]
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "articletitle" and (meta.get("content") or "").strip():
            return tidy_line(meta.get("content"))
    title = root.find(".//title")
    first = _squash(re.split(r"[_|｜]| - ", title.text_content())[0]) if title is not None else ""
    for heading in root.iter("h1", "h2", "h3"):
        if first and len(first) >= 4 and _squash(heading.text_content()) == first:
            return _text(heading)
    return ""


def _is_chrome_element(element) -> bool:
    names = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    return any(_CHROME_NAME.search(n) for n in names)


def _drop_chrome(body) -> None:
    total = len(_squash(body.text_content())) or 1

    def spared(element) -> bool:
        # The <header> of an <article> holds its title; a wrapper named "print" or "share" that holds most
        # of the page is the page.
        return (element.tag == "header" and next(element.iterancestors("article", "main"), None) is not None
                or len(_squash(element.text_content())) >= 0.5 * total)

    for element in [e for e in body.iter() if isinstance(e.tag, str) and e is not body]:
        chrome = element.tag in _DROP_TAGS or _is_chrome_element(element)
        if element.tag in ("script", "style") or chrome and not spared(element):
            element.drop_tree()


def _mass(element, cache: dict) -> int:
    """Paragraph text under an element: runs of 10+ characters outside links."""
    total = 0
    if element.tag != "a":
        own = _squash(element.text or "")
        total = len(own) if len(own) >= 10 else 0
        for child in element:
            if isinstance(child.tag, str):
                total += _mass(child, cache)
            tail = _squash(child.tail or "")
            total += len(tail) if len(tail) >= 10 else 0
    cache[element] = total
    return total


def _content_node(body):
    """The deepest element that still holds 60% of the page's paragraph text."""
    cache: dict = {}
    total = _mass(body, cache)
    node = body
    while total:
        best = max((c for c in node if isinstance(c.tag, str)), key=lambda c: cache.get(c, 0), default=None)
        if best is None or cache.get(best, 0) < 0.6 * total:
            return node
        node = best
    return node


def _lines(node) -> list[str]:
    buffer: list[str] = [""]

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            buffer.append("")
        elif tag == "tr" and not _layout_row(element):
            cells = [" ".join(_lines(cell)) for cell in element if getattr(cell, "tag", "") in ("td", "th")]
            buffer.extend(["\t".join(c.replace("\t", " ") for c in cells), ""])
        elif tag:
            if tag in _BLOCKS:
                buffer.append("")
            buffer[-1] += element.text or ""
            for child in element:
                walk(child)
            if tag in _BLOCKS:
                buffer.append("")
        if element is not node:
            buffer[-1] += element.tail or ""

    walk(node)
    out = []
    for line in buffer:
        # Source line breaks between CJK characters are not spaces (CSS Text 3); others are.
        line = tidy_line(_CJK_BREAK.sub("", line).replace("\n", " ")) if "\t" not in line else \
            "\t".join(tidy_line(_CJK_BREAK.sub("", cell).replace("\n", " ")) for cell in line.split("\t"))
        if line.strip():
            out.append(line)
    return out


def _layout_row(row) -> bool:
    """A row of a table used for page layout (its cells hold the page's text), not a data table's row."""
    return any(cell.find(".//table") is not None or len(_squash(cell.text_content())) > 300
               or sum(1 for _ in cell.iter("p", "div", "br")) >= 4
               for cell in row if getattr(cell, "tag", "") in ("td", "th"))


def _is_chrome(line: str) -> bool:
    return len(line) <= 100 and not _CHROME_LINE.sub("", line).strip()
