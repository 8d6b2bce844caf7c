"""The page builds, exposes exactly one public API endpoint (/ask) and shows the upload tab only when enabled."""

from __future__ import annotations

import pytest

from tests.app.conftest import TODAY

pytest.importorskip("gradio")


def _build(assistant, config):
    from policyqa_app.service import ChatService
    from policyqa_app.ui import build_app

    return build_app(ChatService(assistant, config, corpus_dir=config.upload_dir, today=TODAY))


def test_the_only_public_endpoint_is_ask(assistant, config):
    demo = _build(assistant, config)
    api = demo.get_api_info()
    assert list(api["named_endpoints"]) == ["/ask"]
    params = [p["parameter_name"] for p in api["named_endpoints"]["/ask"]["parameters"]]
    assert params == ["question", "k", "generator", "filters", "history"]


def _labels(demo):
    return {getattr(block, "label", None) for block in demo.blocks.values()}


def test_upload_tab_only_when_enabled(assistant, config, tmp_path):
    from policyqa_app.config import AppConfig

    assert "上传公报（管理员）" not in _labels(_build(assistant, config))
    enabled = AppConfig(admin_upload=True, upload_dir=tmp_path, feedback_log=tmp_path / "f.jsonl")
    assert "上传公报（管理员）" in _labels(_build(assistant, enabled))


def test_generator_choice_is_greyed_out_without_an_llm(assistant, config):
    demo = _build(assistant, config)
    radio = next(b for b in demo.blocks.values() if getattr(b, "elem_id", None) == "pq-generator")
    assert radio.interactive is False
    assert radio.value == "extractive"
    assert "POLICYQA_LLM_BASE_URL" in radio.info
