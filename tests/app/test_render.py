"""HTML of answers, refusals, citations and the source panel (pure functions, no browser)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from policyqa_app import render
from policyqa_app.sources import CorpusView
from qa.catalog import Catalog
from qa.types import REFUSAL_TEXT
from tests.app.conftest import FRANCHISE_ARTICLE_15, TODAY

CITATION = {"marker": 1, "chunk_id": FRANCHISE_ARTICLE_15,
            "citation": "《聊城市市政基础设施和公用事业特许经营管理办法》（聊政办发〔2021〕7号）第十五条",
            "doc_title": "聊城市市政基础设施和公用事业特许经营管理办法", "doc_number": "聊政办发〔2021〕7号",
            "article": "第十五条", "text": "…", "score": 1.0,
            "supporting_sentences": ["但不得承诺固定投资回报和其他法律法规禁止的事项。"]}
ANSWER = {"question": "q", "answer": "根据第十五条，不得承诺固定投资回报。[1] 另见[7]。", "refused": False,
          "generator": "extractive", "citations": [CITATION], "notes": ["注意：示例"]}
REFUSAL = {"question": "q", "answer": REFUSAL_TEXT + "已收录的是聊城市的政府文件，没有关于德州市的规定。", "refused": True,
           "refusal_reason": "other_place", "citations": [],
           "suggestions": [{"doc_title": "聊城市2022年法治政府建设工作计划", "doc_number": "聊政办字〔2022〕9号"}]}


def test_markers_link_to_their_citation_and_unknown_markers_stay_plain():
    html = render.linked_text(ANSWER["answer"], [CITATION], turn=3)
    assert html.count('class="pq-cite pq-marker"') == 1
    assert 'href="#pq-cite-3-1"' in html
    assert f'title="{CITATION["citation"]}"' in html
    assert "另见[7]" in html  # no citation 7: not a link


def test_answer_lists_every_citation_and_is_one_html_block():
    html = render.answer_html(ANSWER, turn=0)
    assert html.startswith('<div class="pq-answer">')
    assert "\n" not in html  # a blank line would end the Markdown HTML block
    items = re.findall(r'<li><a class="pq-cite pq-cite-item" href="([^"]+)">', html)
    assert items == ["#pq-cite-0-1"]
    assert "依据 1 条规定" in html and "注意：示例" in html
    assert "pq-refusal" not in html


def test_refusal_looks_different_and_claims_nothing():
    html = render.answer_html(REFUSAL, turn=1)
    assert html.startswith('<div class="pq-refusal">')
    assert "未找到依据" in html and REFUSAL_TEXT in html
    assert "pq-cite" not in html and "pq-answer" not in html and "依据 " not in html
    assert "《聊城市2022年法治政府建设工作计划》（聊政办字〔2022〕9号）" in html
    assert "other_place" not in html  # the code is for scripts; the text already says why


def test_everything_is_escaped():
    evil = {**ANSWER, "answer": "<script>alert(1)</script>[1]", "citations": [{**CITATION, "citation": '"><img src=x>'}]}
    html = render.answer_html(evil, 0)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert render.user_html("<b>问</b>\n第二行") == '<div class="pq-question">&lt;b&gt;问&lt;/b&gt;<br>第二行</div>'


def test_turn_messages_two_per_turn():
    turns = [{"question": "一", "answer": ANSWER}, {"question": "二", "answer": None, "error": "k=0"},
             {"question": "三", "answer": None}]
    messages = render.turn_messages(turns, live=render.pending_html("检索条文…"))
    assert [m["role"] for m in messages] == ["user", "assistant"] * 3
    assert "pq-answer" in messages[1]["content"]
    assert "pq-error" in messages[3]["content"] and "k=0" in messages[3]["content"]
    assert "pq-pending" in messages[5]["content"] and "检索条文…" in messages[5]["content"]


def test_streaming_text_has_no_links_yet():
    html = render.streaming_html("根据……[1]", "生成回答…")
    assert "pq-streaming" in html and "pq-cite" not in html and "生成回答…" in html


@pytest.mark.parametrize("ref, parsed", [
    ("#pq-cite-0-1", ("cite", (0, 1))),
    ("http://127.0.0.1:7860/#pq-cite-12-3", ("cite", (12, 3))),
    (render.chunk_ref("liaocheng-gazette-2021-12.md:d02:p003.2"), ("chunk", "liaocheng-gazette-2021-12.md:d02:p003.2")),
    ("#pq-cite-x-1", None), ("#elsewhere", None), ("", None), ("#pq-chunk-", None),
])
def test_parse_ref(ref, parsed):
    assert render.parse_ref(ref) == parsed


def test_highlight_marks_each_occurrence_merges_overlaps_and_escapes():
    text = "甲<乙>。丙丁。丙丁。"
    assert render.highlight(text, ["丙丁。"]) == '甲&lt;乙&gt;。<mark class="pq-support">丙丁。丙丁。</mark>'  # adjacent
    assert render.highlight("丙丁。戊。丙丁。", ["丙丁。"]) == ('<mark class="pq-support">丙丁。</mark>戊。'
                                                          '<mark class="pq-support">丙丁。</mark>')
    assert render.highlight(text, ["甲<乙>。丙", "乙>。丙丁"]) == '<mark class="pq-support">甲&lt;乙&gt;。丙丁</mark>。丙丁。'
    assert render.highlight(text, ["不在文中"]) == "甲&lt;乙&gt;。丙丁。丙丁。"
    assert render.highlight("一\n二", ["一\n二"]) == '<mark class="pq-support">一<br>二</mark>'
    assert render.highlight("丙丁，戊", ["丙丁。"]) == '<mark class="pq-support">丙丁</mark>，戊'  # end punctuation may differ


def test_validity_from_the_printed_dates(view):
    doc = view.locate(FRANCHISE_ARTICLE_15)[0]  # effective 2022-02-01, valid until 2027-01-31
    assert render.validity(doc, date(2026, 11, 22)) == ("现行有效", "pq-valid-in")
    assert render.validity(doc, date(2022, 1, 1)) == ("尚未施行（2022-02-01 起施行）", "pq-valid-pending")
    assert render.validity(doc, date(2027, 2, 1)) == ("已失效（有效期至 2027-01-31）", "pq-valid-expired")
    appointments = next(v.document for v in view.documents if v.document.doc_type == "任免")
    assert render.validity(appointments, TODAY) is None


def test_source_panel_shows_the_whole_article_with_metadata_and_support(view):
    html = render.citation_source_html(view, CITATION, today=TODAY)
    assert "引用 [1] 的原文" in html
    assert "《聊城市市政基础设施和公用事业特许经营管理办法》（聊政办发〔2021〕7号）" in html
    for value in ("聊政办发〔2021〕7号", "办公室文件", "2021-12-25", "2022-02-01", "2027-01-31", "现行有效"):
        assert value in html
    assert "第二章特许经营协议订立 › 第十五条" in html
    assert "特许经营协议内容不得与招标文件和特许经营实施方案的内容相抵触" in html
    assert '<mark class="pq-support">但不得承诺固定投资回报和其他法律法规禁止的事项。</mark>' in html
    assert "liaocheng-gazette-2021-12.md" in html


def test_source_panel_highlights_the_cited_part_of_a_split_provision(view):
    doc, provision = view.locate("liaocheng-gazette-2021-12.md:d02:p003.2")
    html = render.source_html(doc, provision, today=TODAY, chunk_id="liaocheng-gazette-2021-12.md:d02:p003.2")
    assert html.count("<mark") >= 1
    assert render.esc(provision.chunks[1].text[:20]) in html.split("<mark", 1)[1]


def test_source_panel_for_a_chunk_no_longer_indexed():
    html = render.citation_source_html(CorpusView(Catalog([]), []), {**CITATION, "text": "旧条文。"}, today=TODAY)
    assert "已不在当前索引中" in html and "旧条文。" in html


def test_document_browser(view):
    rows = render.document_rows(view)
    assert len(rows) == 23 and len(rows[0]) == len(render.DOC_TABLE_HEADERS) == len(render.DOC_TABLE_WIDTHS)
    assert rows[0][:3] == ["聊城市国有建设用地供后监管暂行办法", "聊城市人民政府令第42号", "政府令"]
    doc = view.locate(FRANCHISE_ARTICLE_15)[0]
    html = render.provisions_html(view.document(doc.key), TODAY)
    assert html.count('class="pq-cite pq-prov"') == len(view.document(doc.key).provisions)
    assert f'href="#pq-chunk-{FRANCHISE_ARTICLE_15}">第十五条</a>' in html
    assert ("《聊城市市政基础设施和公用事业特许经营管理办法》（聊政办发〔2021〕7号）", doc.key) in render.document_choices(view)
