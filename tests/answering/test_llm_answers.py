"""The LLM path with a scripted chat model that reproduces what a real one did (issue 17): no markers, an
invented claim under a valid marker, a wrong article in the text, a trailing refusal sentence, a reply of only a
marker or of the question, a cut-off stream, a slow stream. Only checked sentences are shown, and what is shown
is the final answer."""

from __future__ import annotations

import time

import pytest

from qa.answering.claims import SUPPORT_THRESHOLD, check_claim, figures, support, unstated_figures
from qa.stack import assistant_for
from qa.types import REFUSAL_TEXT
from tests.answering.scripted_chat import Reply, scripted

QUESTION = "闲置土地是怎么认定的？"
IDLE = "超过合同约定的动工开发日期满一年未动工开发的国有建设用地属于闲置土地"  # what 第十五条 ([1]) says
ARTICLE_15 = ("聊城市国有建设用地供后监管暂行办法", "第十五条")


@pytest.fixture(scope="module")
def answer_with(fake_index, fake_retriever):
    """Ask QUESTION of an assistant whose chat model replies ``reply``; returns (answer, the text streamed
    after the last reset)."""
    def run(*replies, question=QUESTION, deadline=90.0):
        assistant = assistant_for(fake_index, fake_retriever, chat_model=scripted(*replies), llm_deadline=deadline)
        shown: list[str] = []
        for event in assistant.stream(question):
            if event.kind == "reset":
                shown = []
            elif event.kind == "token":
                shown.append(event.text)
            elif event.kind == "final":
                return event.answer, "".join(shown)
    return run


def cited(answer):
    return [(c.doc_title, c.article) for c in answer.citations]


def test_a_supported_sentence_is_shown_with_its_citation(answer_with):
    answer, shown = answer_with(f"{IDLE}[1]。")
    assert (answer.generator, answer.refused, answer.answer, cited(answer)) == ("llm", False, f"{IDLE}[1]。",
                                                                                [ARTICLE_15])
    assert shown == answer.answer and answer.notes == []


def test_an_invented_claim_under_a_valid_marker_is_removed_with_a_note(answer_with):
    answer, shown = answer_with(f"{IDLE}[1]。闲置土地一般能经营2到3年[1]。")
    assert answer.answer == shown == f"{IDLE}[1]。" and cited(answer) == [ARTICLE_15]
    assert answer.notes == ["删除了1句所引条文不支持的内容：“闲置土地一般能经营2到3年。”（与所引条文的相符度0.30，低于0.65）。"]


def test_an_invented_number_in_a_well_worded_sentence_is_removed(answer_with):
    answer, _ = answer_with(f"{IDLE}[1]。超过动工开发日期满三年未动工开发的国有建设用地属于闲置土地[1]。")
    assert answer.answer == f"{IDLE}[1]。"
    assert answer.notes == [("删除了1句所引条文不支持的内容：“超过动工开发日期满三年未动工开发的国有建设用地属于闲置土地。”"
                            "（所引条文没有“3年”）。")]


def test_an_article_in_the_text_that_disagrees_with_its_citation_is_caught(answer_with):
    answer, shown = answer_with(f"根据第四十七条，{IDLE}[1]。")
    assert answer.refused and answer.refusal_reason == "not_supported" and answer.citations == []
    assert shown == answer.answer == f"{REFUSAL_TEXT}（生成的回答无法与任何条文对应，已舍弃。）"
    assert answer.notes == [f"删除了1句所引条文不支持的内容：“根据第四十七条，{IDLE[:22]}…”（写的是第四十七条，引用的是第十五条）。"]
    right, _ = answer_with(f"根据第十五条，{IDLE}[1]。")
    assert not right.refused and cited(right) == [ARTICLE_15]


def test_a_document_title_in_the_text_must_be_the_cited_one(answer_with):
    answer, _ = answer_with(f"根据《聊城市人民政府工作规则》，{IDLE}[1]。")
    assert answer.refused and "写的是《聊城市人民政府工作规则》，引用的是《聊城市国有建设用地供后监管暂行办法》" in answer.notes[0]
    right, _ = answer_with(f"根据《聊城市国有建设用地供后监管暂行办法》，{IDLE}[1]。")
    assert not right.refused and cited(right) == [ARTICLE_15]


def test_a_trailing_refusal_sentence_does_not_wipe_a_supported_answer(answer_with):
    answer, shown = answer_with(f"{IDLE}[1]。\n{REFUSAL_TEXT}")
    assert (answer.refused, answer.answer, shown, cited(answer)) == (False, f"{IDLE}[1]。", f"{IDLE}[1]。",
                                                                     [ARTICLE_15])


@pytest.mark.parametrize("reply", ["[1]", "[1][2]。", f"{QUESTION}[1]", "闲置土地是怎么认定的[1]。", "好的。[1]"])
def test_a_reply_of_only_markers_or_the_question_is_not_an_answer(answer_with, reply):
    answer, shown = answer_with(reply)
    assert answer.refused and answer.refusal_reason == "not_supported" and answer.citations == []
    assert shown == answer.answer == f"{REFUSAL_TEXT}（生成的回答无法与任何条文对应，已舍弃。）"


def test_the_refusal_is_a_structured_line_saying_what_is_not_stated(answer_with):
    answer, shown = answer_with("未写明：闲置土地的补偿标准")
    assert (answer.refused, answer.refusal_reason) == (True, "not_stated")
    assert shown == answer.answer == f"{REFUSAL_TEXT}文件未写明闲置土地的补偿标准。"
    plain, _ = answer_with(REFUSAL_TEXT)
    assert (plain.refused, plain.refusal_reason, plain.answer) == (True, "not_stated", REFUSAL_TEXT)


def test_an_open_ask_beside_a_supported_answer_is_a_note(answer_with):
    answer, _ = answer_with(f"{IDLE}[1]。\n未写明：闲置土地的补偿标准。")
    assert (answer.refused, answer.answer) == (False, f"{IDLE}[1]。")
    assert answer.notes == ["模型指出文件未写明：闲置土地的补偿标准"]


def test_unmarked_sentences_get_the_marker_of_the_provision_that_supports_them_or_are_dropped(answer_with):
    answer, shown = answer_with(f"{IDLE}。今天天气不错。")
    assert answer.answer == shown == f"{IDLE}[1]。" and cited(answer) == [ARTICLE_15]
    assert answer.notes == ["有1句回答未标注引用，已按句子与条文的对应关系补上。",
                            "删除了1句所引条文不支持的内容：“今天天气不错。”（与所引条文的相符度0.00，低于0.65）。"]


def test_markers_are_renumbered_as_shown_and_line_breaks_kept(answer_with):
    second = "已动工开发但开发建设用地面积占应动工开发建设用地总面积不足三分之一的，中止开发建设满一年的国有建设用地，也可以认定为闲置土地"
    answer, shown = answer_with(f"具体如下：\n1. {IDLE}[1]。\n2. {second}[1]。\n3. 另见[7]。")
    assert answer.answer == shown == f"具体如下：\n1. {IDLE}[1]。\n2. {second}[1]。"
    assert cited(answer) == [ARTICLE_15]


def test_a_cut_off_stream_falls_back_to_the_extractive_answer(answer_with, fake_index, fake_retriever):
    extractive = assistant_for(fake_index, fake_retriever).ask(QUESTION)
    for reply, says in [(Reply("根据《聊城市国有建设用地[1]", finish_reason=None), "没有正常结束"),
                        (Reply(f"{IDLE}[1]。已动工开发但", finish_reason="length"), "被截断")]:
        answer, shown = answer_with(reply)
        assert (answer.generator, answer.answer, shown) == ("extractive", extractive.answer, extractive.answer)
        assert answer.notes == [f"大模型{says}，以下为根据条文原文摘录的回答。"]


def test_a_slow_stream_falls_back_within_the_deadline_and_a_second(answer_with, fake_index, fake_retriever):
    """One piece every 30 s (a stalled server, or keep-alives) with a 1 s deadline for the whole reply: what was
    shown is withdrawn and the extractive answer given, within the deadline + 1 s."""
    assistant = assistant_for(fake_index, fake_retriever, chat_model=scripted(
        Reply(f"{IDLE}[1]。{IDLE}[1]。", seconds_per_piece=30.0)), llm_deadline=1.0)
    started = time.monotonic()
    answer = assistant.ask(QUESTION)
    elapsed = time.monotonic() - started
    assistant.generator("llm").chat_model.stop_waiting.set()
    assert answer.generator == "extractive" and answer.notes == ["大模型在1秒内没有答完，以下为根据条文原文摘录的回答。"]
    assert elapsed < 1.0 + 1.0


def test_what_was_shown_before_a_late_failure_is_withdrawn(fake_index, fake_retriever):
    """A stream that showed a checked sentence and then stalled: a reset event, then the extractive answer."""
    model = scripted(Reply(f"{IDLE}[1]。{IDLE}[1]。", finish_reason=None))
    events = list(assistant_for(fake_index, fake_retriever, chat_model=model).stream(QUESTION))
    kinds = [e.kind for e in events if e.kind != "status"]
    assert kinds[:2] == ["token", "reset"] and kinds[-1] == "final"
    after = "".join(e.text for e in events[events.index(next(e for e in events if e.kind == "reset")):]
                    if e.kind == "token")
    assert events[-1].answer.generator == "extractive" and after == events[-1].answer.answer


def test_a_scope_refusal_says_no_model_wrote_it(answer_with):
    answer, shown = answer_with(question="在聊城买首套房，住房公积金最多能贷多少钱？")
    assert answer.refused and answer.generator == "extractive" and shown == answer.answer


# -- the support score ---------------------------------------------------------------------------------

def test_support_is_the_share_of_the_sentence_bigrams_the_provision_holds():
    assert support("闲置土地", "本办法所称闲置土地") == 1.0
    assert support("闲置土地可以转让", "本办法所称闲置土地") == 3 / 7  # 闲置 置土 土地 of 闲置 置土 土地 地可 可以 以转 转让
    assert support("是的", "任何文字") == 0.0


def test_figures_are_read_in_either_script_with_their_units():
    assert figures("满一年、十个工作日、百分之二十五、30 年、3个月、10天", claimed=True) == {
        (1.0, "年"), (10.0, "工"), (25.0, "%"), (30.0, "年"), (3.0, "月"), (10.0, "日")}
    assert figures("一般应当统一办理第十五条", claimed=True) == set()
    assert figures("不足三分之一") == {(3.0, "分"), (1.0, "")}


def test_a_figure_the_provision_does_not_state_is_named():
    assert unstated_figures("一般能经营2到3年", "特许经营期限最长不超过 20 年") == ["2", "3年"]
    assert unstated_figures("满三年未动工", "满一年未动工，不足三分之一") == ["3年"]
    assert unstated_figures("10个工作日内回复", "在十个工作日内回复") == []


def test_a_claim_is_checked_against_the_provisions_its_markers_name(fake_index, fake_retriever):
    from qa.answering.context import ContextItem

    hit = next(h for h in fake_retriever.retrieve(QUESTION, k=5) if h.chunk.article == "第十五条")
    item = ContextItem(1, hit)
    assert check_claim(IDLE, [item]) is None
    assert check_claim("中止开发建设满两年的国有建设用地属于闲置土地", [item]) == "所引条文没有“2年”"
    assert SUPPORT_THRESHOLD == 0.65


def test_the_check_s_precision_and_recall_on_the_labelled_sentences():
    """eval/support_sentences.jsonl at the chosen threshold (benchmarks/bench_support.py has the whole sweep)."""
    from qa.evaluation.support import support_cases, support_scores
    from tests.conftest import GAZETTES, ROOT

    scores = support_scores(support_cases(ROOT / "eval" / "support_sentences.jsonl", GAZETTES), SUPPORT_THRESHOLD)
    assert (round(scores["precision"], 3), round(scores["recall"], 3)) == (0.903, 0.824)
    assert scores["kept"] == {"figure": (1, 14), "invented": (2, 20), "loose": (3, 8), "paraphrase": (25, 26),
                              "wrong provision": (0, 34)}


def test_a_question_of_several_asks_names_each_for_the_model(fake_index, fake_retriever):
    model = scripted("未写明：会务经费。")
    assistant = assistant_for(fake_index, fake_retriever, chat_model=model)
    assistant.ask("市政府常务会议一般多久召开一次？常务会议的会务经费每次多少钱？")
    asked = model.prompts[0][-1].content
    assert asked.endswith("这个问题包含2问，请逐一回答：\n1. 市政府常务会议一般多久召开一次\n"
                          "2. 常务会议的会务经费每次多少钱（条文没有写明，请写“未写明：”一行）")
