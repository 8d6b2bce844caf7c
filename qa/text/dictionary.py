"""jieba's dictionary, frozen into arrays for a fast start.

jieba keeps its ~500,000 words in a dict that takes ~1 s to load; a process that answers a few questions does a few
hundred look-ups in it. Frozen, the words are a sorted array (memory-mapped, nothing to parse) searched in ~3 µs,
and segmentation is jieba's own, word for word. Bulk tokenisation (building an index) keeps the loaded dict, whose
look-ups are 50 times faster. The frozen copy is made once per jieba version, in the user's cache folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

from ..arrays import load_array

MAX_LEN = 8  # words up to this long go into the array (99.8% of them); longer ones into a small dict
# Segmenting one question asks for each of its substrings, and the next question asks for most of them again:
# remembered, a look-up is a dict hit instead of a binary search (~3 ms of a 50 ms answer). Bounded so that a
# server answering for months does not keep every substring it was ever asked.
SEARCHES_KEPT = 200_000
_MISSING = object()


class FrozenFrequencies:
    """The mapping jieba reads as ``Tokenizer.FREQ`` (``get``, ``in``, ``[]``, and ``[]=`` for added words)."""

    def __init__(self, words: np.ndarray, freqs: np.ndarray, long_words: dict[str, int]):
        self.words, self.freqs, self.extra = words, freqs, dict(long_words)
        self._searched: dict[str, object] = {}

    def get(self, word: str, default=None):
        if word in self.extra:
            return self.extra[word]
        if len(word) > MAX_LEN:
            return default
        found = self._searched.get(word)
        if found is None:
            if len(self._searched) >= SEARCHES_KEPT:
                self._searched.clear()
            found = self._searched[word] = self._search(word)
        return default if found is _MISSING else found

    def _search(self, word: str):
        i = int(np.searchsorted(self.words, word))
        if i < len(self.words) and self.words[i] == word:
            return int(self.freqs[i])
        return _MISSING

    def __contains__(self, word: str) -> bool:
        return self.get(word, _MISSING) is not _MISSING

    def __getitem__(self, word: str) -> int:
        value = self.get(word, _MISSING)
        if value is _MISSING:
            raise KeyError(word)
        return value

    def __setitem__(self, word: str, value: int) -> None:
        self.extra[word] = value

    def add_words(self, words: list[str], freq: int) -> None:
        """What jieba's ``add_word(word, freq)`` does to FREQ, for many words at once (one vectorised search
        instead of a look-up per prefix: 5,000 corpus terms took 0.7 s of every start): each word at ``freq``,
        each of its prefixes not yet known at 0. The caller adds ``freq`` per word to jieba's total."""
        for word in words:
            self.extra[word] = freq
        prefixes = sorted({w[:i] for w in words for i in range(1, len(w))} - self.extra.keys())
        short = [p for p in prefixes if len(p) <= MAX_LEN]
        if short:
            wanted = np.array(short, dtype=self.words.dtype)
            at = np.minimum(np.searchsorted(self.words, wanted), len(self.words) - 1)
            known = self.words[at] == wanted
            self.extra.update((p, 0) for p, k in zip(short, known) if not k)
        self.extra.update((p, 0) for p in prefixes if len(p) > MAX_LEN)


def cache_dir(jieba) -> Path:
    dictionary = Path(jieba.__file__).with_name("dict.txt")
    stamp = f"{jieba.__version__}-{dictionary.stat().st_size}"
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "policyqa" / f"jieba-{stamp}"


def load(jieba) -> tuple[FrozenFrequencies, int] | None:
    """The frozen dictionary, or None when it has not been made on this machine yet."""
    folder = cache_dir(jieba)
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        words = load_array(folder / "words.npy", memory_mapped=True)
        freqs = load_array(folder / "freqs.npy", memory_mapped=True)
    except (OSError, ValueError):
        return None
    return FrozenFrequencies(words, freqs, meta["long_words"]), int(meta["total"])


def save(jieba, freq: dict[str, int], total: int) -> None:
    """Freeze a freshly loaded dictionary (before any word is added to it). A folder is written whole, then
    renamed into place, so a reader never sees half of one."""
    folder = cache_dir(jieba)
    if folder.exists():
        return
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".tmp-"))
        short = sorted(w for w in freq if len(w) <= MAX_LEN)
        np.save(tmp / "words.npy", np.array(short, dtype=f"<U{MAX_LEN}"), allow_pickle=False)
        np.save(tmp / "freqs.npy", np.array([freq[w] for w in short], dtype=np.int64), allow_pickle=False)
        long_words = {w: f for w, f in freq.items() if len(w) > MAX_LEN}
        (tmp / "meta.json").write_text(json.dumps({"total": total, "long_words": long_words}, ensure_ascii=False),
                                       encoding="utf-8")
        os.rename(tmp, folder)
    except OSError:  # a read-only home or a race with another process: the slow start stays correct
        return
