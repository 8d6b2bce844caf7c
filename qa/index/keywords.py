"""Keyword tokens of every chunk, as ids into one vocabulary: compact (4 bytes a token, not a Python string), and
made on every core for a large corpus (jieba is pure Python: tokenising is most of an index build)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..parallel import parallel_map, workers
from ..text.tokenizer import ChineseTokenizer

PARALLEL_FROM = 4_000  # texts; below this a second process costs more than it saves
EMPTY_TOKEN = "∅"  # a chunk with no token still needs one, so that it keeps its row in the BM25 matrix


@dataclass
class KeywordTokens:
    vocab: list[str]
    ids: np.ndarray  # int32, every chunk's token ids one after another
    offsets: np.ndarray  # int64, len(chunks) + 1: chunk i's ids are ids[offsets[i]:offsets[i + 1]]

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def row(self, i: int) -> np.ndarray:
        return self.ids[self.offsets[i]:self.offsets[i + 1]]

    def tokens(self, i: int) -> list[str]:
        return [self.vocab[t] for t in self.row(i)]


def tokenize_texts(tokenizer: ChineseTokenizer, texts: list[str]) -> KeywordTokens:
    if len(texts) < PARALLEL_FROM:
        return _tokenize(tokenizer, texts)
    tokenizer.segmenter()  # load jieba once, before the fork: the workers share it
    size = -(-len(texts) // workers())
    slices = [texts[i:i + size] for i in range(0, len(texts), size)]
    return concatenate(parallel_map(lambda part: _tokenize(tokenizer, part), slices, min_items=2))


def concatenate(parts: list[KeywordTokens]) -> KeywordTokens:
    """One vocabulary for several parts, in order: each part's ids are mapped onto it."""
    ids: dict[str, int] = {}
    mapped, lengths = [], []
    for part in parts:
        mapping = np.array([ids.setdefault(token, len(ids)) for token in part.vocab], dtype=np.int32)
        mapped.append(mapping[part.ids] if len(part.ids) else part.ids.astype(np.int32))
        lengths.append(np.diff(part.offsets))
    all_lengths = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(all_lengths)]).astype(np.int64)
    flat = np.concatenate(mapped).astype(np.int32) if mapped else np.zeros(0, dtype=np.int32)
    return KeywordTokens(list(ids), flat, offsets)


def _tokenize(tokenizer: ChineseTokenizer, texts: list[str]) -> KeywordTokens:
    vocab: dict[str, int] = {}
    flat: list[int] = []
    offsets = [0]
    for text in texts:
        flat.extend(vocab.setdefault(token, len(vocab)) for token in tokenizer.tokenize(text) or [EMPTY_TOKEN])
        offsets.append(len(flat))
    return KeywordTokens(list(vocab), np.asarray(flat, dtype=np.int32), np.asarray(offsets, dtype=np.int64))
