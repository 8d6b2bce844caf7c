import numpy as np
import pytest

from embeddings import FakeEmbedder, TextTooLongError
from embeddings.base import require_text_kind


class RecordingEmbedder(FakeEmbedder):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.batch_sizes_seen = []

    def embed_batch(self, texts, kind):
        self.batch_sizes_seen.append(len(texts))
        return super().embed_batch(texts, kind)


def test_over_long_passage_raises_naming_the_passage_and_the_limit():
    embedder = FakeEmbedder(max_tokens=10)
    with pytest.raises(TextTooLongError, match=r"passage 1 has 11 tokens but fake reads at most 10"):
        embedder.embed_passages(["短文本", "九个字的一段长文本"])


def test_passage_exactly_at_the_limit_is_embedded():
    assert FakeEmbedder(max_tokens=10).embed_passages(["八个字的一段文本"]).shape == (1, 64)


def test_over_long_query_is_cut_to_the_longest_prefix_that_fits():
    embedder = FakeEmbedder(max_tokens=10)
    long_query = "闲置土地认定标准是什么以及如何处置"
    assert embedder.fit_query(long_query) == long_query[:8]
    assert np.array_equal(embedder.embed_query(long_query), embedder.embed_query(long_query[:8]))


def test_query_within_the_limit_is_kept_whole():
    assert FakeEmbedder(max_tokens=10).fit_query("闲置土地") == "闲置土地"


def test_texts_are_embedded_in_batches_of_batch_size_in_order():
    embedder = RecordingEmbedder(batch_size=2)
    texts = ["甲", "乙", "丙", "丁", "戊"]
    batched = embedder.embed_passages(texts)
    assert embedder.batch_sizes_seen == [2, 2, 1]
    assert np.array_equal(batched, FakeEmbedder(batch_size=8).embed_passages(texts))


def test_progress_bar_does_not_change_the_vectors():
    texts = ["甲乙", "丙丁", "戊己"]
    embedder = FakeEmbedder(batch_size=2)
    assert np.array_equal(embedder.embed_passages(texts, progress=True), embedder.embed_passages(texts))


def test_backend_returning_the_wrong_shape_is_reported():
    class BrokenEmbedder(FakeEmbedder):
        def embed_batch(self, texts, kind):
            return np.ones((len(texts), self.dim + 1), dtype=np.float32)

    with pytest.raises(RuntimeError, match=r"returned shape \(2, 65\) for 2 texts; expected \(2, 64\)"):
        BrokenEmbedder().embed_passages(["甲", "乙"])


def test_unknown_text_kind_is_rejected():
    with pytest.raises(ValueError, match=r"kind must be one of \('query', 'passage'\), got 'document'"):
        require_text_kind("document")


def test_describe_names_backend_and_sizes():
    assert FakeEmbedder(dim=8, max_tokens=20).describe() == {
        "name": "fake", "backend": "FakeEmbedder", "dim": 8, "max_tokens": 20,
    }
