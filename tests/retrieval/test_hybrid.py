"""Retrieval behaviour on the bundled corpus. The fake embedder keeps these fast and deterministic; the
quality targets with the real offline embedder live in test_retrieval_quality.py."""

from __future__ import annotations

import pytest

from qa.filters import Filters
from qa.langchain import as_langchain
from qa.retrieval import Fusion, FusionWeights
from qa.stack import retriever_for


def top(retriever, question, **kwargs):
    hit = retriever.retrieve(question, **kwargs)[0]
    return hit.doc_title, hit.chunk.article


@pytest.mark.parametrize("question, expected", [
    ("《特许经营管理办法》第7条规定的特许经营期限最长多少年", ("聊城市市政基础设施和公用事业特许经营管理办法", "第七条")),
    ("特许经营管理办法第七条", ("聊城市市政基础设施和公用事业特许经营管理办法", "第七条")),
    ("聊政办字〔2021〕36号第二十条", ("聊城市行政应诉工作管理办法", "第二十条")),
    ("聊政办字[2021]36号第20条", ("聊城市行政应诉工作管理办法", "第二十条")),
    ("工作规则第八十七条怎么规定的", ("聊城市人民政府工作规则", "第八十七条")),
    ("聊城市人民政府令第42号第15条", ("聊城市国有建设用地供后监管暂行办法", "第十五条")),
    ("应急救援细则第十七条对队员年龄有什么要求", ("聊城市市级专业应急救援队伍建设管理实施细则", "第十七条")),
    ("聊政办发[2022]1号是什么文件", ("2022年聊城市政务公开工作要点", "印发通知")),
    ("聊政发〔2021〕11号的附件叫什么", ("关于2021年第三批调整行政权力事项的通知", "附件")),
    ("法治政府建设工作计划 六、14 讲的啥", ("聊城市2022年法治政府建设工作计划", "六、14.")),
    ("聊政发〔2021〕11号附件第2项调整的是什么事项？", ("关于2021年第三批调整行政权力事项的通知", "附件第2项")),
    ("王磊被任命为什么职务？", ("关于任免王磊等工作人员职务的通知", "任命：王磊")),
    # 第7项 is printed under 地方性法规 and under 政府规章: the section the question names
    ("2022—2026年立法规划中政府规章项目第7项是哪部规章", ("聊城市人民政府2022—2026年立法规划及2022年立法工作计划",
                                               "聊城市人民政府2022—2026年立法规划 二、7.")),
    ("2022—2026年立法规划中地方性法规第7项是什么", ("聊城市人民政府2022—2026年立法规划及2022年立法工作计划",
                                           "聊城市人民政府2022—2026年立法规划 一、7.")),
    # a title shortened as people do (医保 for 医疗保障, words left out); 第（十二）项 in brackets is the
    # sub-section printed （十二）, 第12项 the item printed 12.
    ("医保基金监管若干措施第（十二）项的具体要求是什么", ("关于推进医疗保障基金监管制度体系建设的若干措施", "四、（十二）17.")),
    ("医保基金监管若干措施第12项的具体要求是什么", ("关于推进医疗保障基金监管制度体系建设的若干措施", "三、（八）12.")),
])
def test_structured_lookups_come_first(fake_retriever, question, expected):
    hit = fake_retriever.retrieve(question, k=3)[0]
    assert (hit.doc_title, hit.chunk.article) == expected
    assert "lookup" in hit.why() and hit.lookup is not None and hit.rank == 1


def test_a_persons_records_are_followed_by_the_other_records_of_their_post(fake_retriever):
    """陶新镇 took the post 杨达 left, in the same notice: his record first, then 杨达's, marked as the post's."""
    hits = fake_retriever.retrieve("陶新镇被任命为什么职务？", k=3)
    assert [(h.chunk.article, h.lookup.kind.value, h.lookup.value) for h in hits[:2]] == [
        ("任命：陶新镇", "person", "陶新镇"), ("免去：杨达", "post", "聊城市人民政府侨务工作办公室主任")]


@pytest.mark.parametrize("question, first", [
    # 许海洲's 免去 record is printed before his 任命 in 聊政任〔2021〕25号: the one the question's words rank first leads
    ("许海洲被任命为什么职务？", "任命：许海洲"),
    ("许海洲被免去了什么职务？", "免去：许海洲"),
])
def test_a_persons_records_are_in_the_order_the_rest_of_the_question_ranks_them(fake_retriever, question, first):
    hits = fake_retriever.retrieve(question, k=3)
    assert [h.chunk.article for h in hits[:2]] == [first, ({"任命：许海洲", "免去：许海洲"} - {first}).pop()]
    assert all(h.lookup.kind.value == "person" for h in hits[:2])


def test_unprinted_article_number_resolves_to_its_true_position(fake_retriever):
    hit = fake_retriever.retrieve("供后监管暂行办法第十一条规定了什么", k=3)[0]
    assert hit.chunk.article == "第十二条" and hit.chunk.article_ordinal == 11
    assert hit.why() == {"lookup": "article", "matched": "第11个条文（印为第十二条）"}


def test_numeral_forms_are_equivalent(fake_retriever):
    assert top(fake_retriever, "工作规则第89条") == top(fake_retriever, "工作规则第八十九条") == (
        "聊城市人民政府工作规则", "第八十九条")


def test_naming_a_document_ranks_its_provisions_first(fake_retriever):
    hits = fake_retriever.retrieve("特许经营管理办法里关于投诉的规定", k=5)
    assert {h.doc_title for h in hits} == {"聊城市市政基础设施和公用事业特许经营管理办法"}


def test_an_article_named_without_its_document_is_that_of_the_document_asked_about(fake_retriever):
    """A follow-up's 第十六条 read with the previous subject: ranked first (not looked up, so still judged)."""
    hits = fake_retriever.retrieve("开发商拿了地两年没动工，政府会 第十六条", k=3)
    assert (hits[0].doc_title, hits[0].chunk.article, hits[0].lookup) == (
        "聊城市国有建设用地供后监管暂行办法", "第十六条", None)


def test_an_item_named_without_its_document_is_that_of_the_document_asked_about(fake_retriever):
    hits = fake_retriever.retrieve("医保基金监管措施第9项讲的是啥？", k=3)
    assert (hits[0].doc_title, hits[0].chunk.article) == ("关于推进医疗保障基金监管制度体系建设的若干措施", "三、（五）9.")


def test_keyword_questions_find_their_article(fake_retriever):
    assert top(fake_retriever, "闲置土地是怎么认定的") == ("聊城市国有建设用地供后监管暂行办法", "第十五条")
    assert top(fake_retriever, "举报欺诈骗保最高奖励多少") == (
        "关于推进医疗保障基金监管制度体系建设的若干措施", "三、（七）11.")


def test_filters(fake_retriever):
    hits = fake_retriever.retrieve("主任", k=10, filters=Filters(doc_types=("任免",)))
    assert hits and {h.document.doc_type for h in hits} == {"任免"}
    in_force = Filters(in_force_on="2022-01-15")
    assert all(h.doc_title != "聊城市市政基础设施和公用事业特许经营管理办法"
               for h in fake_retriever.retrieve("特许经营期限", k=10, filters=in_force))
    later = fake_retriever.retrieve("特许经营期限", k=3, filters=Filters(in_force_on="2022-06-01"))
    assert later[0].doc_title == "聊城市市政基础设施和公用事业特许经营管理办法"
    dated = fake_retriever.retrieve("会议", k=10, filters=Filters(signed_from="2022-03-01", signed_to="2022-03-10"))
    assert {h.document.signed_date for h in dated} <= {"2022-03-08", "2022-03-09"}
    assert fake_retriever.retrieve("特许经营", k=5, filters=Filters(doc_titles=("不存在的文件",))) == []


def test_bad_arguments_say_what_is_allowed(fake_retriever, fake_index):
    with pytest.raises(ValueError, match="k=0; it must be an integer from 1 to 100"):
        fake_retriever.retrieve("问题", k=0)
    with pytest.raises(ValueError, match="in_force_on='2022/1/1' is not a date; write it as YYYY-MM-DD"):
        Filters(in_force_on="2022/1/1")
    with pytest.raises(ValueError, match="unknown fusion 'mean'; choose one of weighted, rrf, bm25, dense"):
        Fusion.from_str("mean")
    with pytest.raises(ValueError, match="both must be >= 0"):
        FusionWeights(bm25=-1)
    assert fake_retriever.retrieve("   ", k=5) == []


def test_every_fusion_mode_ranks(fake_index):
    from embeddings import FakeEmbedder

    for fusion in Fusion:
        hits = retriever_for(fake_index, FakeEmbedder(), fusion=fusion).retrieve("闲置土地认定", k=5)
        assert len(hits) == 5 and [h.rank for h in hits] == [1, 2, 3, 4, 5]


def test_langchain_adapter_returns_documents_with_citations(fake_retriever):
    docs = as_langchain(fake_retriever, k=2).invoke("工作规则第八十七条")
    assert docs[0].metadata["citation"] == "《聊城市人民政府工作规则》（聊政发〔2022〕4号）第八十七条"
    assert docs[0].page_content.startswith("第八十七条 邀请市政府领导同志参加的内、外事活动")
    assert len(docs) == 2 and "text" not in docs[0].metadata


def test_a_word_split_by_ge_is_searched_whole(fake_retriever, fake_index):
    # 剪个彩 is 剪彩, the word 第八十八条 holds; 两个人, 这个月, 出个电子证明 are not split words
    tokenizer = fake_index.tokenizer
    assert [tokenizer.rejoined(q) for q in ("想请副市长来剪个彩，中不中", "聊城打算立个法吗", "两个人", "这个月",
                                             "要出个电子证明吗")] == \
        ["想请副市长来剪彩，中不中", "聊城打算立法吗", "两个人", "这个月", "要出个电子证明吗"]
    bm25 = fake_retriever.bm25.rank("想请副市长来剪个彩，中不中", 5, None)
    assert fake_retriever.store.get([bm25.top[0][0]])[0].article == "第八十八条"
