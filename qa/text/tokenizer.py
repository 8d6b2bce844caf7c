"""Chinese tokenisation for BM25: jieba (search mode) taught the corpus's own terms, plus character
bigrams and unigrams so that a citizen's wording (or typo: 投述 for 投诉) still meets the document's on shared
characters. Measured on the evaluation sets: bigrams and unigrams each raise hit@5 (docs/benchmarks.md)."""

from __future__ import annotations

import math
import re
import threading
import warnings
from collections.abc import Iterable

from ..lazy import require
from . import dictionary
from .normalize import normalize_text

# Function words and question words that carry no topic; kept short on purpose (measured: a long list
# drops words such as 可以/应当 that distinguish provisions).
STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 对 为 由 把 被 将 等 之 其 这 那 有 也 都 就 而 并 但 又 个 么 吗 呢 吧 啊 "
    "我 你 他 她 它 我们 你们 他们 什么 怎么 怎么样 怎样 如何 哪些 哪个 哪里 多少 几 是否 有没有 请问 请 "
    "一下 一个 能 会 要 想 问 如果 时候 现在 规定 规定了".split()
)
_AGENCY_RE = re.compile(r"(?:市|县|区)?[\u4e00-\u9fff]{2,12}?(?:局|委员会|委|办公室|中心|支队|集团|管委会|法院|检察院)")
_WORD_RE = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+|\d+(?:\.\d+)?")
TOKENIZER_VERSION = "jieba-search+bigram+unigram/1"
TERM_FREQ = 50_000  # a corpus term (title, 文号, agency) outweighs any split of it
# characters that count or point before 个 (两个, 这个, 几个): 个 after them is a measure word, not a split word's middle
_COUNTING = frozenset("一二两三四五六七八九十百千万几每各某这那哪整半多好")


def content_bigrams(text: str) -> set[str]:
    """A text's character bigrams without function-word characters: what two texts share when they say the
    same thing (a question and a sentence, a claim and its provision, a question and a part's heading)."""
    text = normalize_text(text)
    return {text[i:i + 2] for i in range(len(text) - 1) if not any(ch in STOPWORDS for ch in text[i:i + 2])
            and re.fullmatch(r"[\u4e00-\u9fff\w]{2}", text[i:i + 2])}


def same_kind(word: str, other: str, head: int = 1) -> bool:
    """``other`` names the same kind of thing as ``word``: another word, longer than its head, ending as it does in
    its last ``head`` characters (a Chinese compound puts its head last: 市长办公会议 and 常务会议 are both 会议)."""
    return len(other) > head and other != word and other[-head:] == word[-head:]


def corpus_terms(texts: Iterable[str]) -> list[str]:
    """Agency names found in the corpus (市自然资源和规划局 …), for jieba's user dictionary."""
    terms: set[str] = set()
    for text in texts:
        terms.update(m.group(0) for m in _AGENCY_RE.finditer(text))
    return sorted(t for t in terms if 3 <= len(t) <= 14)


class ChineseTokenizer:
    """Turns text into BM25 tokens. ``terms`` (titles, 文号, agency names) are kept whole by jieba."""

    def __init__(self, terms: Iterable[str] = (), ngrams: bool = True, bulk: bool = False):
        """``bulk``: many texts are coming (an index build); load jieba's whole dictionary, whose look-ups are
        fastest, instead of the frozen copy, which starts fastest."""
        self.terms = sorted({normalize_text(t) for t in terms if t and len(t) >= 2})
        self._term_set = frozenset(self.terms)
        self.ngrams = ngrams
        self.bulk = bulk
        self._jieba = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return TOKENIZER_VERSION if self.ngrams else "jieba-search/1"

    def segmenter(self):
        """jieba, with the corpus's terms added (loaded on first use: its dictionary takes ~1 s)."""
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    # jieba imports pkg_resources, and setuptools<81 (the milvus extra) warns of it on every command
                    with warnings.catch_warnings():
                        warnings.filterwarnings("ignore", "pkg_resources is deprecated", UserWarning)
                        jieba = require("jieba", "Chinese tokenisation")
                    jieba.setLogLevel(60)  # its start-up chatter is not the user's business
                    segmenter = jieba.Tokenizer()
                    frozen = None if self.bulk else dictionary.load(jieba)
                    if frozen is None:
                        segmenter.initialize()
                        dictionary.save(jieba, segmenter.FREQ, segmenter.total)
                    else:
                        segmenter.FREQ, segmenter.total = frozen
                        segmenter.initialized = True
                    if isinstance(segmenter.FREQ, dictionary.FrozenFrequencies):
                        segmenter.FREQ.add_words(self.terms, TERM_FREQ)
                        segmenter.total += TERM_FREQ * len(self.terms)
                    else:
                        for term in self.terms:
                            segmenter.add_word(term, freq=TERM_FREQ)
                    self._jieba = segmenter
        return self._jieba

    def words(self, text: str, new_words: bool = True) -> list[str]:
        """jieba's words of a text (the corpus terms kept whole), for reading a question rather than indexing it.
        ``new_words=False``: only words of the dictionary (jieba's HMM guesses none), single characters else."""
        return self.segmenter().lcut(text, HMM=new_words)

    def rejoined(self, text: str) -> str:
        """A verb and its object split by 个 read as the word they make (剪个彩 -> 剪彩, 立个法 -> 立法, 签个字 ->
        签字): cut apart, the word is two characters that weigh nothing. Only where jieba leaves both characters
        standing alone and the verb is not a number or a pointer (两个人, 这个月, 出个电子证明 stay)."""
        if "个" not in text:  # most questions: no cut on the hot path (every BM25 query passes here)
            return text
        words = self.words(text, new_words=False)
        out: list[str] = []
        i = 0
        while i < len(words):
            if (i + 2 < len(words) and words[i + 1] == "个" and len(words[i]) == 1 == len(words[i + 2])
                    and words[i] not in _COUNTING and self.knows(words[i] + words[i + 2])):
                out.append(words[i] + words[i + 2])
                i += 3
                continue
            out.append(words[i])
            i += 1
        return "".join(out)

    def knows(self, word: str) -> bool:
        """Whether jieba's dictionary (or the corpus terms) has the word."""
        return word in self._term_set or bool(self.segmenter().FREQ.get(word))

    def specificity(self, word: str) -> float:
        """How much a word says: -log of its share of general Chinese text (jieba's dictionary counts), so 一直
        or 申请 say little and 驾驶证 or 骗保 much. A word jieba barely knows (批下来, 能治好) says no more than
        its most specific character does, plus a little; corpus terms say the most."""
        segmenter = self.segmenter()
        if word in self._term_set:
            return math.log(segmenter.total)
        said = math.log(segmenter.total / ((segmenter.FREQ.get(word) or 0) + 1))
        if len(word) < 2:
            return said
        by_characters = max(math.log(segmenter.total / ((segmenter.FREQ.get(ch) or 0) + 1)) for ch in word)
        return min(said, by_characters + 2.0)

    def tokenize(self, text: str) -> list[str]:
        text = normalize_text(text)
        tokens: list[str] = []
        segmenter = self.segmenter()
        for run in _WORD_RE.findall(text):
            if run[0].isascii():
                tokens.append(run)
                continue
            tokens.extend(w for w in segmenter.lcut_for_search(run) if w not in STOPWORDS)
            if self.ngrams:
                tokens.extend("#" + run[i:i + 2] for i in range(len(run) - 1))
                tokens.extend("~" + ch for ch in run if ch not in STOPWORDS)
        return tokens

    def tokenize_many(self, texts: Iterable[str]) -> list[list[str]]:
        return [self.tokenize(t) for t in texts]
