"""The answering chain: rewrite a follow-up -> analyse -> retrieve -> check scope -> assemble context within a
token budget -> generate -> verify citations -> Answer. One object, shared by the CLI, the Python API and the app."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from prompts import ANSWER_PROMPT

from ..catalog import Catalog
from ..config import DEFAULT_LLM_DEADLINE
from ..errors import InputError
from ..filters import Filters
from ..index.core import CollectionText
from ..references import QueryRefs, parse_references
from ..retrieval import DEFAULT_K, HybridRetriever
from ..text.normalize import strip_controls
from ..text.patterns import ASKED_DATE_RE, DATE_RE, VALIDITY_RE
from ..text.thesaurus import bundled_thesaurus
from ..types import (
    REFUSAL_TEXT,
    Answer,
    AnswerEvent,
    AnswerPart,
    AskStatus,
    Citation,
    Document,
    Hit,
    RefusalReason,
)
from .analysis import QueryAnalysis, analyse
from .asks import Ask, asks_of_its_own, read_by_own_words, split_asks
from .claims import ClaimChecker, Generation
from .context import CONTEXT_PROVISIONS, AnswerPlan, build_context
from .conversation import (
    OWN_TOPIC,
    Resolution,
    named_person,
    of_another_document,
    own_words,
    replace_same_kind,
)
from .evidence import EvidenceJudge, Finding, heading_unfound
from .generators import (
    ChatGenerator,
    ExtractiveGenerator,
    Generator,
    GeneratorName,
    UnfinishedReply,
    open_ask,
)
from .rewrite import MAX_QUESTION_CHARS, Rewriter, bounded_history
from .scope import ScopeChecker, ScopeVerdict
from .sentences import best_sentences, sentences
from .trace import Trace

logger = logging.getLogger(__name__)

_HAS_WORD_RE = re.compile(r"[^\W_]")  # a letter or a digit of any script
# how deep a heading is looked for by its own words in its document: its own text ranks it first or near
HEADING_DEPTH = 3
# A follow-up stays in the documents the previous answer cited unless another covers its ask this much better.
STEER_MARGIN = 0.3
# A follow-up whose own words ask (…材料怎么处理) and weigh this much is looked for by them in those documents.
OWN_SEARCH_WEIGHT = 4.0
EMPTY_QUESTION_REPLY = "请输入一个问题，例如：土地闲置多久会被认定为闲置土地？"


class Assistant:
    def __init__(self, retriever: HybridRetriever, corpus: CollectionText, chat_model=None,
                 default_generator: str | GeneratorName | None = None, llm_deadline: float = DEFAULT_LLM_DEADLINE,
                 answer_prompt: str = ANSWER_PROMPT):
        self.retriever = retriever
        self.catalog: Catalog = retriever.catalog
        tokenizer = retriever.bm25.tokenizer
        self.scope = ScopeChecker(self.catalog, corpus, tokenizer)
        self.scope.warm_up()
        self.judge = EvidenceJudge(tokenizer, thesaurus=bundled_thesaurus())
        self._generators: dict[GeneratorName, Generator] = {GeneratorName.EXTRACTIVE: ExtractiveGenerator()}
        if chat_model is not None:
            self._generators[GeneratorName.LLM] = ChatGenerator(chat_model, answer_prompt, llm_deadline)
        self.rewriter = Rewriter(self.catalog, chat_model, tokenizer, retriever.typos)
        self.default_generator = self._generator_name(
            default_generator or (GeneratorName.LLM if chat_model is not None else GeneratorName.EXTRACTIVE))

    def generators(self) -> list[str]:
        return [name.value for name in self._generators]

    def generator(self, name: str | GeneratorName) -> Generator:
        return self._generators[self._generator_name(name)]

    def _generator_name(self, name: str | GeneratorName) -> GeneratorName:
        chosen = GeneratorName.from_str(name)
        if chosen not in self._generators:
            raise InputError(f"generator {chosen.value!r} is not available; available: {', '.join(self.generators())} "
                             f"(configure POLICYQA_LLM_BASE_URL and POLICYQA_LLM_MODEL for 'llm')")
        return chosen

    # -- public API ----------------------------------------------------------------------------

    def ask(self, question: str, history: list[dict] | None = None, filters: Filters | None = None,
            k: int = DEFAULT_K, generator: str | None = None, config: dict | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, filters, k, generator, config):
            if event.kind == "final":
                final = event.answer
        return final

    def stream(self, question: str, history: list[dict] | None = None, filters: Filters | None = None,
               k: int = DEFAULT_K, generator: str | None = None, config: dict | None = None) -> Iterator[AnswerEvent]:
        """``config``: a LangChain RunnableConfig; the retrieval, the chat model and the verification then run
        as children of its run (``qa.langchain.PolicyQAChain`` passes it)."""
        # Long on purpose: the steps yield their events in the order a reader sees them; each step is a method.
        started = time.perf_counter()
        trace = Trace(config)
        timings: dict[str, float] = {}
        question = strip_controls(question) if isinstance(question, str) else ""
        if not _HAS_WORD_RE.search(question):  # empty, whitespace, punctuation, emoji, control characters
            yield _final(Answer(question=question, answer=EMPTY_QUESTION_REPLY, refused=True,
                                refusal_reason=RefusalReason.EMPTY_QUESTION), timings, started)
            return
        notes: list[str] = []
        if len(question) > MAX_QUESTION_CHARS:
            notes.append(f"问题过长（{len(question)}字），只使用了前{MAX_QUESTION_CHARS}字。")
            question = question[:MAX_QUESTION_CHARS]
        history = bounded_history(history, notes)
        name = self._generator_name(generator or self.default_generator)

        yield AnswerEvent("status", "理解问题")
        t = time.perf_counter()
        resolution = self.rewriter.resolve(question, history, use_llm=name is GeneratorName.LLM, notes=notes,
                                           config=config)
        standalone = resolution.standalone
        analysis = analyse(standalone, self.catalog)
        asks = _asks_of(question, resolution)
        timings["rewrite"] = _ms(t)

        yield AnswerEvent("status", "检索条文")
        t = time.perf_counter()
        verdict = self.scope.check(analysis)
        searches = [] if verdict.refused else self._search_asks(trace, asks, analysis, resolution, filters, k)
        # a refused question is still searched: the refusal suggests the closest documents
        hits = _merged([_answering_first(found, finding) for found, finding in searches] or [trace.retrieve(
            self.retriever, standalone, k=k, filters=filters, refs=analysis.refs, as_of=analysis.as_of)])
        timings["retrieve"] = _ms(t)
        retrieval = [h.to_dict() for h in hits[:k]]

        t = time.perf_counter()
        findings = [finding for _, finding in searches]
        if not verdict.refused and searches:
            verdict = self.scope.check_hits(analysis, [h.chunk for h in searches[0][0]])
        timings["scope"] = _ms(t)
        if verdict.refused or not any(f.answered for f in findings):
            answer = self._refusal(question, standalone, verdict, findings, GeneratorName.EXTRACTIVE, retrieval,
                                   hits, notes)  # written by rules: no model was asked
            yield AnswerEvent("token", answer.answer)
            yield _final(answer, timings, started)
            return

        plan = AnswerPlan(standalone, findings, build_context(findings, hits))
        yield AnswerEvent("status", "生成回答")
        t = time.perf_counter()
        generation, used = yield from self._generated(name, plan, config, notes)
        timings["generate"] = _ms(t)

        t = time.perf_counter()
        answer = trace.step("verify", {"text": generation.text, "markers": [item.marker for item in plan.context]},
                            lambda: self._verified(question, analysis, generation, plan, used, retrieval, notes, hits),
                            _verified_summary)
        timings["verify"] = _ms(t)
        if answer.refused:  # the refusal is the text; what was shown (uncited) is withdrawn first
            if generation.text:
                yield AnswerEvent("reset")
            yield AnswerEvent("token", answer.answer)
        yield _final(answer, timings, started)

    # -- steps ---------------------------------------------------------------------------------

    def _search_asks(self, trace: Trace, asks: list[Ask], analysis: QueryAnalysis, resolution: Resolution,
                     filters: Filters | None, k: int) -> list[tuple[list[Hit], Finding]]:
        """Each ask searched and judged, in order."""
        if resolution.previous and not resolution.steer:
            # the previous answer cited nothing we can read (a script's plain history): where the previous question
            # is answered is where the follow-up is looked for first (那退伍军人报名有没有优势 after 应急救援队…年龄)
            previous = trace.retrieve(self.retriever, resolution.previous, k=1, filters=filters)
            resolution = replace(resolution, steer=tuple(h.chunk.doc_key for h in previous[:1]))
        searches: list[tuple[list[Hit], Finding]] = []
        before: Ask | None = None
        for ask in asks:
            # …特许经营管理办法哪天施行？应急救援队伍建设管理实施细则呢？: the ask before (as it was read), of the
            # document named
            of_document = of_another_document(ask.text, before.text, self.catalog) if before else None
            ask = before = Ask.of(of_document, ask.context) if of_document else ask
            other = self._another_subject_asked_the_same(ask, asks[0]) if ask is not asks[0] else ""
            if other:  # …地方性法规项目有几件？政府规章项目又有几件？: its own subject in place of the first's
                ask = replace(ask, subject=replace_same_kind(ask.subject, other, self.judge.tokenizer.words) or "")
            if (ask is not asks[0] and _CONDITION_RE.search(ask.context)
                    and self.judge.topic_weight(ask.text) >= OWN_TOPIC):
                # …认为应当上诉的，几日内提出建议？案子结了以后案件材料怎么处理？: the case the first ask is asked for is
                # not the case of a later ask naming a topic of its own
                ask = replace(ask, context="")
            ask = _on_the_day_found(ask, searches) if ask is not asks[0] else ask
            records = [h.chunk for _, finding in searches for h in finding.hits]
            named = named_person(ask.text, records) if records and not self._names_a_record(ask) else None
            ask = Ask.of(named, ask.context, ask.subject) if named else ask
            # an ask with no topic of its own (…找哪个部门？) is about the provision an earlier ask cites
            cited = {h.chunk.chunk_id for _, finding in searches for h in finding.hits
                     if self.judge.brings_no_topic(ask)}
            searches.append(self._search(trace, ask, analysis, resolution, filters, k, len(asks), cited))
        return searches

    def _search(self, trace: Trace, ask: Ask, analysis: QueryAnalysis, resolution: Resolution,
                filters: Filters | None, k: int, asks: int, cited: set[str]) -> tuple[list[Hit], Finding]:
        """Retrieve for one ask and judge what came back (``cited``: what the earlier asks cite). A follow-up
        is looked for first in the documents the previous answer cited; it leaves them when another document
        covers its ask better."""
        if ask.subject and (ask.opens_with_its_asking or self.judge.topic_weight(ask.text) < OWN_TOPIC):
            # …多久能批下来？ leaves its topic out; 12月30日那次又是第几次？ names its own day, not the kind of meeting,
            # and “爱山东”聊城分厅的应用数量目标是多少 its own quoted name, however little its characters weigh
            own = parse_references(ask.text, self.catalog)
            if not (own.people or _QUOTED_NAME_RE.search(ask.text)):
                subject = ASKED_DATE_RE.sub("", DATE_RE.sub("", ask.subject)) if own.event_dates else ask.subject
                ask = replace(ask, context=f"{ask.context}{self._as_far_as_named(subject, ask.text)} ")
        refs = analysis.refs if asks == 1 else parse_references(ask.query, self.catalog, analysis.as_of)
        depth = max(k, CONTEXT_PROVISIONS, self.judge.candidates)
        named = self._of_named_provision(trace, ask, analysis, refs, filters, depth) if asks > 1 else None
        if named is not None:
            return named
        hits = trace.retrieve(self.retriever, ask.query, k=depth, filters=filters, refs=refs, as_of=analysis.as_of)
        hits, finding = self._judged(trace, ask, hits, filters, analysis.as_of, refs.doc_keys, cited)
        steer = [key for key in resolution.steer if key not in refs.doc_keys]
        if steer and not refs.doc_keys:
            # within the documents cited before, a follow-up naming a topic of its own is looked for and judged by its
            # own words (那案子结了以后，材料怎么处理: not the previous question's 收到…应诉文书)
            if ask.own and asks_of_its_own(ask.own) and self.judge.topic_weight(ask.own) >= OWN_SEARCH_WEIGHT:
                ask = replace(Ask.of(ask.own, ask.context), own=ask.own)
            steered = trace.retrieve(self.retriever, ask.query, k=depth, filters=filters, as_of=analysis.as_of,
                                     refs=replace(refs, doc_keys=tuple(steer)))
            steered, in_context = self._judged(trace, ask, steered, filters, analysis.as_of, preferred=cited)
            if in_context.answered and in_context.on_topic >= finding.on_topic - STEER_MARGIN:
                return steered, in_context
        return hits, finding

    def _judged(self, trace: Trace, ask: Ask, hits: list[Hit], filters: Filters | None, as_of: str | None,
                named: tuple[str, ...] = (), preferred: set[str] = frozenset()) -> tuple[list[Hit], Finding]:
        """The judge's finding on the hits. A planned text asked when it is planned (今年能报人大审议吗) is answered
        by the heading it is listed under, which the ask's words rarely retrieve: that heading is looked up in the
        text's document by its own words, and the hits judged again with it."""
        finding = self.judge.find(ask, hits, named, preferred)
        heading = heading_unfound(ask, finding)
        if not heading:
            return hits, finding
        document = finding.hits[0].chunk.doc_key
        found = [h for h in trace.retrieve(self.retriever, heading, k=HEADING_DEPTH, filters=filters, as_of=as_of,
                                           refs=QueryRefs(doc_keys=(document,)))
                 if h.chunk.doc_key == document and h.chunk.text.strip() == heading]
        if not found:
            return hits, finding
        hits = hits + found[:1]
        return hits, self.judge.find(ask, hits, named, preferred)

    def _of_named_provision(self, trace: Trace, ask: Ask, analysis: QueryAnalysis, refs: QueryRefs,
                            filters: Filters | None, depth: int) -> tuple[list[Hit], Finding] | None:
        """…第7项是什么，由哪个部门牵头起草？: a later ask naming nothing of its own asks its detail of the article or
        item the question names, when that provision states it (a 牵头部门, a date); otherwise it is searched."""
        question = analysis.refs
        if (refs.doc_keys or refs.people or refs.event_dates or not ask.answer_type.needs_figure
                or not (question.article_numbers or question.item_label)):
            return None
        # looked up with the whole question: its words pick the part and section the item is in (政府规章项目)
        hits = trace.retrieve(self.retriever, analysis.question, k=depth, filters=filters, refs=question,
                              as_of=analysis.as_of)
        if not hits or hits[0].lookup is None:
            return None
        finding = self.judge.find(ask, hits, question.doc_keys)
        return (hits, finding) if finding.answered else None

    def _as_far_as_named(self, subject: str, text: str) -> str:
        """The first ask's subject as far as the thing a later ask opens by naming (特许经营项目实施方案里要不要写政府
        承诺和保障？方案最后由谁审定？: 特许经营项目实施方案, without the 政府承诺和保障 the later ask does not ask
        about); the whole subject when the later ask opens with no word of it."""
        opening = next((word for word in self.judge.tokenizer.words(text, new_words=False) if word.strip()), "")
        at = subject.find(opening) if len(opening) >= 2 else -1
        return subject[:at + len(opening)] if at >= 0 else subject

    def _another_subject_asked_the_same(self, ask: Ask, first: Ask) -> str:
        """The subject a later ask names in place of the first ask's, when it seeks what the first seeks (a body's
        make-up, a sum …); "" otherwise."""
        same_sought = ask.answer_type is first.answer_type and (ask.wants and ask.wants.pattern) == (
            first.wants and first.wants.pattern)
        return self.judge.another_subject(ask) if same_sought else ""

    def _names_a_record(self, ask: Ask) -> bool:
        """The ask names its own person or 大事记 day (刘清章和王亚男分别…: 王亚男's record, not 刘清章's): a name
        weighs little as words but is a topic of its own."""
        refs = parse_references(ask.text, self.catalog)
        return bool(refs.people or refs.event_dates)

    def _refusal(self, question: str, standalone: str, verdict: ScopeVerdict, findings: list[Finding],
                 generator: GeneratorName, retrieval: list[dict], hits: list[Hit], notes: list[str]) -> Answer:
        if verdict.refused:
            reason, kind = verdict.reason, verdict.kind
        elif any(f.status == AskStatus.NOT_STATED for f in findings):
            reason, kind = "".join(open_ask(f) for f in findings), RefusalReason.NOT_STATED
        else:
            reason, kind = "检索不到与问题相关的条文。", RefusalReason.NO_MATCH
        return Answer(question=question, standalone_question=standalone, refused=True,
                      answer=f"{REFUSAL_TEXT}{reason}", refusal_reason=kind, generator=generator.value,
                      retrieval=retrieval, suggestions=_suggestions(hits), notes=notes,
                      parts=[_part(f, {}) for f in findings])

    def _generated(self, name: GeneratorName, plan: AnswerPlan, config: dict | None,
                   notes: list[str]) -> Iterator[AnswerEvent]:
        """The generator's text, shown only as ``ClaimChecker`` lets it through; returns (Generation, the
        generator used). A chat model that fails, runs past its deadline or is cut off gives way to the
        extractive answer, with a note; what it had shown is withdrawn first (a "reset" event)."""
        used = self._generators[name]
        checker = ClaimChecker(plan, used.checks_support)
        try:
            for piece in used.generate(plan, config):
                for shown in checker.feed(piece):
                    yield AnswerEvent("token", shown)
        except Exception as err:  # an unreachable endpoint must not cost the user an answer
            if name is not GeneratorName.LLM:
                raise
            logger.warning("LLM generation failed (%s: %s); falling back to the extractive answer",
                           type(err).__name__, err)
            says = err.says if isinstance(err, UnfinishedReply) else f"服务不可用（{type(err).__name__}）"
            notes.append(f"大模型{says}，以下为根据条文原文摘录的回答。")
            if checker.shown:
                yield AnswerEvent("reset")
            used = self._generators[GeneratorName.EXTRACTIVE]
            checker = ClaimChecker(plan, used.checks_support)
            for piece in used.generate(plan):
                for shown in checker.feed(piece):
                    yield AnswerEvent("token", shown)
        for shown in checker.close():
            yield AnswerEvent("token", shown)
        return checker.result(), used.name

    def _verified(self, question: str, analysis: QueryAnalysis, generation: Generation, plan: AnswerPlan,
                  generator: GeneratorName, retrieval: list[dict], notes: list[str], hits: list[Hit]) -> Answer:
        standalone = analysis.question
        by_marker = {item.marker: item for item in plan.context}
        notes += generation.notes
        if generation.refused:
            reason = "".join(f"文件未写明{what}。" for what in generation.unstated) if generation.unstated else \
                "" if generation.refusal_reason == RefusalReason.NOT_STATED else "（生成的回答无法与任何条文对应，已舍弃。）"
            return Answer(question=question, standalone_question=standalone, refused=True,
                          answer=f"{REFUSAL_TEXT}{reason}", refusal_reason=generation.refusal_reason,
                          generator=generator.value, retrieval=retrieval, suggestions=_suggestions(hits), notes=notes,
                          parts=[_part(f, {}) for f in plan.findings])
        text, kept = generation.text, generation.cited
        citations = []
        for new, old in enumerate(kept, start=1):
            item = by_marker[old]
            chunk = item.chunk
            support = [s for s in sentences(chunk.text) if s in text] or best_sentences(standalone, chunk.text, 2)
            citations.append(Citation(marker=new, chunk_id=chunk.chunk_id, citation=chunk.citation,
                                      doc_title=item.document.title, doc_number=item.document.doc_number,
                                      article=chunk.article, text=chunk.text,
                                      score=round(float(_score_of(hits, chunk.chunk_id)), 6),
                                      supporting_sentences=support))
        cited = [by_marker[m].document for m in kept]
        notes += _validity_notes(standalone, cited) + version_notes(self.catalog, cited, analysis.as_of)
        marker_of = {by_marker[old].chunk.chunk_id: new for new, old in enumerate(kept, start=1)}
        return Answer(question=question, standalone_question=standalone, answer=text, refused=False,
                      generator=generator.value, citations=citations, retrieval=retrieval, notes=notes,
                      parts=[_part(f, marker_of) for f in plan.findings])


# 那次会议还研究了哪些工作: the event an earlier ask was answered with, pointed at by a later ask
_THAT_EVENT_RE = re.compile(r"^(?:那|这|该)一?次(?P<event>[\u4e00-\u9fff]{0,6}?(?:会议|会|活动|调研|检查))")


# A context that states a case (…认为应当上诉的，): those who …, said for the ask that follows it
_CONDITION_RE = re.compile(r"的[，,]\s*$")
_QUOTED_NAME_RE = re.compile(r"[“「『\"][^”」』\"]{2,12}[”」』\"]")  # “爱山东”: a name the asker quotes


def _asks_of(question: str, resolution: Resolution) -> list[Ask]:
    """The asks of the question as resolved; a follow-up's typed by what its own words ask."""
    asks = split_asks(resolution.standalone)
    return read_by_own_words(asks, own_words(question), question) if resolution.follow_up else asks


def _on_the_day_found(ask: Ask, searches: list[tuple[list[Hit], Finding]]) -> Ask:
    """A later ask pointing at the event an earlier ask's answer states (…是在哪次常务会议上审议通过的？那次会议还
    研究了哪些工作？) is searched on the day that answer gives the event (已经2021年12月22日…第121次常务会议审议通过),
    in place of the first ask's subject: the 大事记 entry of that day says what else it did."""
    pointer = _THAT_EVENT_RE.match(ask.text)
    if pointer is None:
        return ask
    event = pointer["event"][-2:]
    for _, finding in searches:
        for hit in finding.hits:
            for sentence in sentences(re.sub(r"\s+", "", hit.chunk.text)):
                day = DATE_RE.search(sentence) if event in sentence else None
                if day:  # the day is what the ask is about now, not the first ask's subject (the 办法 passed)
                    return replace(ask, context=f"{ask.context}{day[0]} ", subject="")
    return ask


def _part(finding: Finding, marker_of: dict[str, int]) -> AnswerPart:
    """An ask's part of the answer; answered only when the answer kept a citation of what answers it."""
    markers = [marker_of[h.chunk.chunk_id] for h in finding.hits if h.chunk.chunk_id in marker_of]
    status = finding.status if markers or not finding.answered else AskStatus.NOT_FOUND
    return AnswerPart(ask=finding.ask.text, answer_type=finding.ask.answer_type.value, status=status,
                      markers=markers, related=[h.chunk.citation for h in finding.related])


def _verified_summary(answer: Answer) -> dict:
    return {"answer": answer.answer, "refused": answer.refused, "citations": [c.citation for c in answer.citations]}


def _answering_first(hits: list[Hit], finding: Finding) -> list[Hit]:
    """An ask's hits as the chain ranks them: the provisions its answer cites (the judge's reading) before the
    rest in retrieval's order, so the sources shown lead with what the answer stands on."""
    if not finding.answered:
        return hits
    cited = {h.chunk.chunk_id for h in finding.hits}
    return finding.hits + [h for h in hits if h.chunk.chunk_id not in cited]


def _merged(rankings: list[list[Hit]]) -> list[Hit]:
    """The asks' hits interleaved (each ask's best first), each chunk once, ranked anew."""
    merged: list[Hit] = []
    seen: set[str] = set()
    for depth in range(max((len(r) for r in rankings), default=0)):
        for ranking in rankings:
            if depth < len(ranking) and ranking[depth].chunk.chunk_id not in seen:
                seen.add(ranking[depth].chunk.chunk_id)
                merged.append(replace(ranking[depth], rank=len(merged) + 1))
    return merged


def _final(answer: Answer, timings: dict, started: float) -> AnswerEvent:
    timings["total"] = _ms(started)
    answer.timings_ms = {k: round(v, 2) for k, v in timings.items()}
    return AnswerEvent("final", answer=answer)


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _score_of(hits: list[Hit], chunk_id: str) -> float:
    return next((h.score for h in hits if h.chunk.chunk_id == chunk_id), 0.0)


def _suggestions(hits: list[Hit]) -> list[dict]:
    seen, out = set(), []
    for hit in hits:
        key = (hit.document.title, hit.document.doc_number)
        if key not in seen:
            seen.add(key)
            out.append({"doc_title": hit.document.title, "doc_number": hit.document.doc_number})
    return out[:3]


def version_notes(catalog: Catalog, documents: list[Document], as_of: str) -> list[str]:
    """Which version of a work with several the answer rests on, and which one is in force on ``as_of``."""
    notes = []
    for doc in {d.key: d for d in documents}.values():
        versions = catalog.versions(doc.key)
        if len(versions) < 2:
            continue
        dates = "、".join(catalog[v].version or "日期不详" for v in versions)
        head = f"《{doc.title}》有{len(versions)}个版本（{dates}），以上依据{doc.version or '日期不详'}的版本"
        if catalog.in_force(doc.key, as_of):
            notes.append(f"{head}，即{as_of}有效的版本。")
        else:
            current = catalog[catalog.version_on(catalog.work_of[doc.key], as_of)]
            notes.append(f"{head}（问题所指）；{as_of}有效的是{current.version or '日期不详'}的版本。")
    return notes


def _validity_notes(question: str, documents: list[Document]) -> list[str]:
    """Say when a cited document is not (yet / any more) in force on the date the question asks about."""
    m = ASKED_DATE_RE.search(question)
    if m and VALIDITY_RE.search(question):
        asked = date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)).isoformat()
    elif m is None:
        asked = date.today().isoformat()
    else:
        return []
    notes = []
    for doc in {d.title: d for d in documents}.values():
        if doc.effective_date and asked < doc.effective_date:
            notes.append(f"注意：《{doc.title}》自{doc.effective_date}起施行，在{asked}尚未施行。")
        elif doc.expiry_date and asked > doc.expiry_date:
            notes.append(f"注意：《{doc.title}》有效期至{doc.expiry_date}，在{asked}已不再有效。")
    return notes
