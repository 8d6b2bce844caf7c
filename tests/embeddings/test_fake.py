import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from embeddings import FakeEmbedder


def test_same_text_gives_the_same_vector_in_new_instances():
    first = FakeEmbedder().embed_query("闲置土地的认定")
    second = FakeEmbedder().embed_query("闲置土地的认定")
    assert np.array_equal(first, second)


def test_vectors_do_not_depend_on_the_python_hash_seed():
    script = (
        "from embeddings import FakeEmbedder; "
        "print(FakeEmbedder(dim=16).embed_query('闲置土地').round(6).tolist())"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                       cwd=Path(__file__).resolve().parents[2], env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_vectors_are_unit_length_float32_of_the_requested_dim():
    vectors = FakeEmbedder(dim=32).embed_passages(["第一条 为了加强管理", "应急救援", "a"])
    assert vectors.shape == (3, 32)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_texts_sharing_characters_score_higher_than_unrelated_ones():
    embedder = FakeEmbedder()
    query = embedder.embed_query("闲置土地如何处置")
    related, unrelated = embedder.embed_passages(["闲置土地处置办法", "应急救援队伍建设"])
    assert query @ related > query @ unrelated + 0.3


def test_token_count_is_characters_plus_two_special_tokens():
    assert FakeEmbedder().count_tokens("闲置土地") == 6
    assert FakeEmbedder().count_tokens("", "query") == 2


def test_no_texts_give_an_empty_matrix():
    assert FakeEmbedder(dim=8).embed_passages([]).shape == (0, 8)


@pytest.mark.parametrize("arguments", [{"dim": 0}, {"dim": 2.5}, {"max_tokens": 2}, {"batch_size": -1}])
def test_invalid_sizes_are_rejected_with_the_value_given(arguments):
    with pytest.raises(ValueError, match=repr(next(iter(arguments.values())))):
        FakeEmbedder(**arguments)
