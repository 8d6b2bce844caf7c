"""What a generated answer may show, checked sentence by sentence as it streams.

``ClaimChecker.feed(piece)`` returns the text that may be shown now; ``close()`` the rest; ``result()`` the
``Generation``. The text shown, joined, is the final answer's text: markers are renumbered 1..n in order of first
use as they are shown, markers that point at no provision are removed, and (for a chat model's reply) a sentence
is shown only when the provision its marker names supports it:

- its content (character bigrams, ``content_bigrams``) is covered by that provision's text at least
  ``SUPPORT_THRESHOLD`` (measured on ``eval/support_sentences.jsonl``, docs/benchmarks.md);
- every number it states is a number of that provision, with its unit;
- each of its clauses is negated (不, 未, 禁 …) exactly when the provision's clause closest to it is;
- every article (第X条) and document title (《…》) it names is the cited provision's own or one its text names;
- the provision does not address an assistant (a flagged injection supports nothing).

A sentence without a marker is given the marker of the provision that supports it best, or dropped. A question,
an echo of the user's question, a reply of only markers and the refusal sentence are not claims; the model's
``未写明：…`` lines say which asks the provisions leave open (structured refusal, ``Generation.unstated``).
Connecting sentences (具体如下：, 是的。) are shown only before a supported claim, without markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.instructions import looks_like_instruction
from ..text.normalize import match_form
from ..text.numerals import CN_NUM, cn_to_int
from ..text.patterns import ARTICLE_MENTION_RE, MARKER_RE
from ..text.tokenizer import content_bigrams
from ..types import REFUSAL_TEXT, RefusalReason
from .context import AnswerPlan, ContextItem

# Share of a sentence's bigrams its cited provision must contain; chosen on eval/support_sentences.jsonl
# (benchmarks/bench_support.py; docs/benchmarks.md, "Support of a generated sentence").
SUPPORT_THRESHOLD = 0.65
FILLER_BIGRAMS = 3  # a sentence with fewer content bigrams (and no number) claims nothing checkable
ECHO_SHARE = 0.8  # a sentence whose bigrams are this much the question's repeats the question
UNSTATED_PREFIX = "未写明"  # prompts/answer_v2.md: the line that says what the provisions leave open

_END = "。！？；!?;\n"
# A unit: text up to its end punctuation, the markers written after it and the spaces after those.
_UNIT_RE = re.compile(rf"[^{_END}]*[{_END}]+(?:[ \t]*\[\d{{1,3}}\])*[ \t]*")
_PARTIAL_MARKER_RE = re.compile(r"\[\d{0,3}$")
_LIST_HEAD_RE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.、）)]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]+、)\s*")
_TITLE_RE = re.compile(r"《([^》]{2,80})》")
_UNITS = "年月日天周时元万亿倍%％项条款名人次家户座所件类种亩米工分"
# A number, Arabic or Chinese (百分之二十五 is 25 %), and the unit after it (个 skipped: 3个月 is 3 月).
_FIGURE_RE = re.compile(rf"(?P<pct>百分之)?(?:(?P<arabic>\d+(?:\.\d+)?)|(?P<cn>[{CN_NUM}]+))\s*个?\s*(?P<unit>[{_UNITS}]?)")
_SAME_UNIT = str.maketrans({"天": "日", "％": "%"})
_QUESTION_END_RE = re.compile(r"[？?]\s*$")
# Words that turn a statement into its opposite: a claim and the provision sentence closest to it must agree.
_NEGATION_RE = re.compile(r"不|未|无|非|禁|勿|没有")
_CLAUSE_RE = re.compile(r"[^，,；;。！？!?\n]+")


@dataclass
class Generation:
    """A generator's answer as checked: ``text`` is what was shown (markers 1..n), ``cited`` the context
    markers behind [1], [2] …; ``refused``: nothing shown cites a provision."""

    text: str
    refused: bool
    cited: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refusal_reason: str | None = None
    unstated: list[str] = field(default_factory=list)  # what the model says the provisions leave open
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (sentence, why) not shown


def support(claim: str, text: str) -> float:
    """Share of ``claim``'s content bigrams that ``text`` contains (0..1; 0 for a claim without any)."""
    wanted = content_bigrams(claim)
    return len(wanted & content_bigrams(text)) / len(wanted) if wanted else 0.0


def figures(text: str, claimed: bool = False) -> set[tuple[float, str]]:
    """The numbers ``text`` states with their units: 满一年 -> (1, 年), 十个工作日 -> (10, 工), 百分之二十五 ->
    (25, %). ``claimed`` (a sentence's, not a provision's): a Chinese numeral counts only before a unit (一般,
    统一 are not numbers) and the X of 第X条 is left to the article check."""
    text = ARTICLE_MENTION_RE.sub(" ", text) if claimed else text
    found = set()
    for m in _FIGURE_RE.finditer(text):
        if m["cn"] and claimed and not (m["unit"] or m["pct"]):
            continue
        value = float(m["arabic"]) if m["arabic"] else cn_to_int(m["cn"])
        if value is not None:
            found.add((float(value), "%" if m["pct"] else m["unit"].translate(_SAME_UNIT)))
    return found


def unstated_figures(claim: str, text: str) -> list[str]:
    """The figures of ``claim`` that ``text`` does not state (a figure without a unit: the number anywhere)."""
    stated = figures(text)
    values = {value for value, _ in stated}
    return [f"{value:g}{unit}" for value, unit in sorted(figures(claim, claimed=True))
            if (value, unit) not in stated and not (not unit and value in values)]


def check_claim(claim: str, items: list[ContextItem], threshold: float = SUPPORT_THRESHOLD) -> str | None:
    """Why ``claim`` is not supported by ``items`` (the provisions its markers name), or None when it is. A
    provision that addresses an assistant (忽略以上指令 …, flagged at ingestion) supports nothing."""
    if any(looks_like_instruction(item.chunk.text) for item in items):
        return "所引条文含有写给AI的指令，不能作为依据"
    text = "\n".join(f"{item.chunk.citation}\n{item.chunk.text}" for item in items)
    score = support(claim, text)
    if score < threshold:
        return f"与所引条文的相符度{score:.2f}，低于{threshold:g}"
    missing = unstated_figures(claim, text)
    if missing:
        return f"所引条文没有“{'、'.join(missing)}”"
    clauses = _CLAUSE_RE.findall(text)
    for part in _CLAUSE_RE.findall(claim):
        closest = max(clauses, key=lambda c: support(part, c), default="")
        if content_bigrams(part) and bool(_NEGATION_RE.search(part)) != bool(_NEGATION_RE.search(closest)):
            return f"“{part}”与条文“{closest}”的肯定否定相反"
    for mention in ARTICLE_MENTION_RE.findall(claim):
        number = cn_to_int(mention[1:-1])
        if not any(item.chunk.article_number == number or mention in item.chunk.text for item in items):
            return f"写的是{mention}，引用的是{'、'.join(i.chunk.article for i in items)}"
    for title in _TITLE_RE.findall(claim):
        if not any(_same_title(title, item) for item in items):
            return f"写的是《{title}》，引用的是《{items[0].document.title}》"
    return None


def _same_title(title: str, item: ContextItem) -> bool:
    given = match_form(title)
    names = [item.document.title, item.document.notice_title or ""]
    return any(n and (given in match_form(n) or match_form(n) in given) for n in names) or \
        f"《{title}》" in item.chunk.text


class ClaimChecker:
    """One generation's check (see the module). ``check_support``: False for the extractive generator, whose
    sentences are the provisions' own; its markers are still validated and renumbered."""

    def __init__(self, plan: AnswerPlan, check_support: bool, threshold: float = SUPPORT_THRESHOLD):
        self.items = {item.marker: item for item in plan.context}
        self.question = plan.question
        self.check_support = check_support
        self.threshold = threshold
        self.order: list[int] = []  # context markers in order of first use: the answer's [1], [2] …
        self.shown: list[str] = []
        self.dropped: list[tuple[str, str]] = []
        self.unstated: list[str] = []
        self.removed_markers: set[int] = set()
        self.attached = 0  # sentences the model left unmarked, given the marker of the provision that supports them
        self.refusal_said = False
        self._buffer = ""
        self._held = ""  # connecting sentences, shown before the next supported claim

    def feed(self, piece: str) -> list[str]:
        self._buffer += piece
        if not self.check_support:
            partial = _PARTIAL_MARKER_RE.search(self._buffer)
            cut = partial.start() if partial else len(self._buffer)
            ready, self._buffer = self._buffer[:cut], self._buffer[cut:]
            return self._show(self._renumbered(ready)) if ready else []
        out: list[str] = []
        pos = 0
        for unit in _UNIT_RE.finditer(self._buffer):
            if unit.end() == len(self._buffer) or self._buffer[unit.end()] == "[":
                break  # a marker may still follow it
            out += self._unit(unit.group(0))
            pos = unit.end()
        self._buffer = self._buffer[pos:]
        return out

    def close(self) -> list[str]:
        """The rest of the text, once the generator has finished."""
        rest, self._buffer = self._buffer, ""
        if not self.check_support:
            return self._show(self._renumbered(rest)) if rest else []
        out: list[str] = []
        for unit in _UNIT_RE.finditer(rest + "\n"):
            out += self._unit(unit.group(0).removesuffix("\n") if unit.end() == len(rest) + 1 else unit.group(0))
        self._held = ""  # connecting sentences after the last claim lead nowhere
        return out

    def result(self) -> Generation:
        text = "".join(self.shown)
        notes = []
        if self.removed_markers:
            notes.append(f"删除了{len(self.removed_markers)}个指向无效条文的引用标记。")
        if self.attached:
            notes.append(f"有{self.attached}句回答未标注引用，已按句子与条文的对应关系补上。")
        claims = [(sentence, why) for sentence, why in self.dropped if why not in _NOT_CLAIMS]
        if claims:
            listed = "；".join(f"“{_short(MARKER_RE.sub('', s))}”（{why}）" for s, why in claims[:3])
            notes.append(f"删除了{len(claims)}句所引条文不支持的内容：{listed}。")
        if self.unstated:
            notes.append("模型指出文件未写明：" + "；".join(self.unstated))
        refused = not self.order  # an answer that cites nothing is not grounded, whoever wrote it
        reason = None
        if refused:
            reason = RefusalReason.NOT_STATED if (self.unstated or self.refusal_said) and not claims \
                else RefusalReason.NOT_SUPPORTED
        return Generation(text, refused, list(self.order), notes, reason, list(self.unstated), list(self.dropped))

    # -- steps ---------------------------------------------------------------------------------

    def _show(self, text: str) -> list[str]:
        """Show what was held, then ``text``; line breaks at its end wait for the text after them (none ends
        the answer)."""
        text = self._held + text
        if not self.shown:  # the answer starts with what it says
            text = text.lstrip("\n")
        body = text.rstrip("\n")
        self._held = text[len(body):]
        if not body:
            return []
        self.shown.append(body)
        return [body]

    def _renumbered(self, text: str) -> str:
        def one(m: re.Match) -> str:
            n = int(m.group(1))
            if n not in self.items:
                self.removed_markers.add(n)
                return ""
            if n not in self.order:
                self.order.append(n)
            return f"[{self.order.index(n) + 1}]"
        return MARKER_RE.sub(one, text)

    def _unit(self, unit: str) -> list[str]:
        """One sentence (with its markers): shown (renumbered), held, or dropped."""
        markers = [int(m) for m in MARKER_RE.findall(unit)]
        claim = _LIST_HEAD_RE.sub("", MARKER_RE.sub("", unit)).strip()
        if not re.search(r"[^\W_]", claim):  # only markers, punctuation or spaces
            if claim or markers:
                self.dropped.append((unit.strip(), "empty"))
            return self._drop_keeping_break(unit)
        why = self._not_a_claim(claim)
        if why == "filler":
            return self._hold(MARKER_RE.sub("", unit))  # it cites nothing
        if why:
            self.dropped.append((unit.strip(), why))
            return self._drop_keeping_break(unit)
        valid = [n for n in markers if n in self.items]
        self.removed_markers.update(n for n in markers if n not in self.items)
        if valid:
            why = check_claim(claim, [self.items[n] for n in dict.fromkeys(valid)], self.threshold)
        elif markers:
            why = f"引用的{''.join(f'[{n}]' for n in markers)}不是所给的条文"
        else:
            best = max(self.items, key=lambda n: (support(claim, self.items[n].chunk.text), -n), default=None)
            why = "没有可对照的条文" if best is None else check_claim(claim, [self.items[best]], self.threshold)
            if why is None:
                unit = _with_marker(unit, best)
                self.attached += 1
        if why is not None:
            self.dropped.append((unit.strip(), why))
            return self._drop_keeping_break(unit)
        return self._show(self._renumbered(unit))

    def _hold(self, text: str) -> list[str]:
        self._held += text
        return []

    def _drop_keeping_break(self, unit: str) -> list[str]:
        """A dropped line leaves one line break, so the lines around it stay apart."""
        return self._hold("\n") if unit.endswith("\n") and not self._held.endswith("\n") else []

    def _not_a_claim(self, claim: str) -> str | None:
        if claim.startswith(UNSTATED_PREFIX):
            self.unstated.append(claim[len(UNSTATED_PREFIX):].lstrip("：:， ").rstrip("。"))
            return "unstated"
        if REFUSAL_TEXT.rstrip("。") in claim:
            self.refusal_said = True
            return "refusal"
        if _QUESTION_END_RE.search(claim):
            return "question"
        own = content_bigrams(claim)
        if len(own) >= FILLER_BIGRAMS and len(own & content_bigrams(self.question)) >= ECHO_SHARE * len(own):
            return "echo"
        if claim.endswith(("：", ":")) or len(own) < FILLER_BIGRAMS and not figures(claim, claimed=True):
            return "filler"
        return None


# Dropped units that are not claims the model made up: they do not count as unsupported content.
_NOT_CLAIMS = frozenset({"empty", "unstated", "refusal", "question", "echo"})


def _short(text: str, limit: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def _with_marker(unit: str, marker: int) -> str:
    """``[marker]`` before the sentence's end punctuation: 属于闲置土地。 -> 属于闲置土地[1]。"""
    body = unit.rstrip()
    tail = unit[len(body):]
    stripped = body.rstrip(_END)
    return f"{stripped}[{marker}]{body[len(stripped):]}{tail}"
