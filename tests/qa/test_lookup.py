"""Structured references on the bundled corpus: 文号, full and short titles, 第X条, cross references."""

from __future__ import annotations

import re

import pytest

from qa.lookup import DocumentCatalog, chunk_doc_key, cross_references, parse_references

RULES = "聊城市人民政府工作规则"
CONCESSION = "聊城市市政基础设施和公用事业特许经营管理办法"
LAND = "聊城市国有建设用地供后监管暂行办法"
LITIGATION = "聊城市行政应诉工作管理办法"
RESCUE = "聊城市市级专业应急救援队伍建设管理实施细则"
OPENNESS = "2022年聊城市政务公开工作要点"
WATER = "聊城市打好碧水保卫战2022年行动计划"
LEGISLATION = "聊城市人民政府2022—2026年立法规划及2022年立法工作计划"
APPOINTMENTS = "关于任免王磊等工作人员职务的通知"
CHRONICLE_2021 = "聊城市人民政府大事记（2021年12月）"


@pytest.fixture(scope="module")
def catalog(corpus):
    return DocumentCatalog.from_chunks(corpus.chunks)


@pytest.fixture(scope="module")
def key(catalog):
    """Catalog key by document title (every title in the bundled corpus is unique)."""
    by_title = {d.title: k for k, d in catalog.documents.items()}
    return by_title.__getitem__


def test_catalog_holds_every_document_once(corpus, catalog):
    assert len(catalog.documents) == len(corpus.documents) == 23
    assert catalog.city == "聊城市"
    from_documents = DocumentCatalog.from_documents(corpus.documents)
    assert from_documents.aliases == catalog.aliases


@pytest.mark.parametrize("title, names", [
    (CONCESSION, ["特许经营管理办法", "特许经营办法", "公用事业特许经营管理办法",
                  "市政基础设施和公用事业特许经营管理办法"]),
    (LAND, ["供后监管办法", "供后监管暂行办法", "国有建设用地供后监管暂行办法"]),
    (LITIGATION, ["行政应诉工作管理办法", "行政应诉办法", "行政应诉管理办法", "应诉办法"]),
    (RULES, ["工作规则"]),
    (RESCUE, ["应急救援队伍建设管理实施细则", "应急救援细则", "应急救援实施细则", "市级专业应急救援队伍建设管理实施细则"]),
    (OPENNESS, ["政务公开工作要点", "政务公开要点"]),
    (WATER, ["碧水保卫战行动计划", "碧水保卫战2022年行动计划"]),
    (LEGISLATION, ["2022年立法工作计划", "2022年立法计划", "立法工作计划"]),
    (APPOINTMENTS, ["任免王磊等工作人员职务的通知"]),
])
def test_short_titles_are_derived(catalog, key, title, names):
    aliases = catalog.aliases_of(key(title))
    assert title in aliases
    assert set(names) <= set(aliases)


@pytest.mark.parametrize("name", ["办法", "细则", "管理办法", "监管办法", "工作计划",
                                  "发展规划方案", "大事记", "实施方案", "基础设施和公用事业特许经营管理办法"])
def test_generic_or_ambiguous_names_are_not_aliases(catalog, name):
    assert name not in catalog.aliases


# (question, title of the document it names or None, articles, asks for the document itself)
QUESTIONS = [
    ("《特许经营管理办法》第7条规定的期限是多少", CONCESSION, [7], False),
    ("特许经营办法第七条", CONCESSION, [7], False),
    ("《聊城市特许经营办法》第七条", CONCESSION, [7], False),
    ("聊政办字〔2021〕36号第二十条", LITIGATION, [20], False),
    ("聊政办字(2021)36号第20条", LITIGATION, [20], False),
    ("请问聊政办字【2021】36号 第 20 条", LITIGATION, [20], False),
    ("36号文第二十条", LITIGATION, [20], False),
    ("2021年36号文", LITIGATION, [], True),
    ("〔2021〕36号", LITIGATION, [], True),
    ("行政应诉办法第十九条", LITIGATION, [19], False),
    ("2021年行政应诉办法第三条", LITIGATION, [3], False),  # the year of its 文号
    ("关于特许经营办法的第七条", CONCESSION, [7], False),
    ("第十七条规定的队员年龄是多少（应急救援细则）", RESCUE, [17], False),
    ("聊城市行政应诉工作管理办法", LITIGATION, [], True),
    ("工作规则第八十七条", RULES, [87], False),
    ("市政府工作规则第8条", RULES, [8], False),
    ("请问工作规则第八十七条怎么规定的", RULES, [87], False),
    ("聊城市人民政府工作规则第八条和第九条", RULES, [8, 9], False),
    ("工作规则第九十条", RULES, [90], False),  # only 89 articles: the retriever finds none, not us
    ("聊城市人民政府令第42号第15条", LAND, [15], False),
    ("政府令第四十二号", LAND, [], True),
    ("42号令是什么文件", LAND, [], True),
    ("供后监管办法第十二条", LAND, [12], False),
    ("应急救援细则第十七条队员年龄", RESCUE, [17], False),
    ("聊政办发[2022]1号是什么文件", OPENNESS, [], True),
    ("聊政办发 （2022） 1 号", OPENNESS, [], True),
    ("2022年政务公开工作要点", OPENNESS, [], True),
    ("碧水保卫战行动计划的全文", WATER, [], True),
    ("2022年立法工作计划", LEGISLATION, [], True),
    ("关于任免王磊等工作人员职务的通知", APPOINTMENTS, [], True),
    ("聊政任〔2021〕24号", APPOINTMENTS, [], True),
    ("大事记（2021年12月）", CHRONICLE_2021, [], True),
    # no document named
    ("土地闲置怎么处理", None, [], False),
    ("特许经营期限最长多少年", None, [], False),
    ("本办法第十二条", None, [12], False),
    ("第三至五条", None, [3, 4, 5], False),
    ("第3-5条", None, [3, 4, 5], False),
    # ambiguous numbers and names of texts outside the catalog: nothing, not even their article
    ("7号文", None, [], False),
    ("9号文第三条", None, [], False),
    ("鲁政办字〔2021〕36号第二十条", None, [], False),
    ("聊政办字〔2021〕99号第三条", None, [], False),
    ("省政府令第42号第15条", None, [], False),
    ("国务院工作规则第八条", None, [], False),
    ("济南市人民政府工作规则第八条", None, [], False),
    ("山东省行政应诉工作规则第十条", None, [], False),
    ("《山东省行政应诉工作规则》第十条", None, [], False),
    ("市政公用事业特许经营管理办法第七条", None, [], False),
    ("《基础设施和公用事业特许经营管理办法》第七条", None, [], False),
    ("特许经营管理办法实施细则第三条", None, [], False),
    ("公职律师管理办法第三条", None, [], False),
    ("《行政诉讼法》第九十六条", None, [], False),
    ("2023年碧水保卫战行动计划", None, [], False),
    ("2021年法治政府建设工作计划", None, [], False),
    ("2023年行政应诉办法第三条", None, [], False),
    ("立法工作计划", LEGISLATION, [], True),  # the only one in the catalog
    ("《应诉办法》第27条", LITIGATION, [27], False),
    ("法治政府建设工作计划 六、14 讲的啥", "聊城市2022年法治政府建设工作计划", [], False),
]


@pytest.mark.parametrize("question, title, articles, document_only", QUESTIONS)
def test_parse_references(catalog, key, question, title, articles, document_only):
    refs = parse_references(question, catalog)
    assert refs.doc_keys == ((key(title),) if title else ())
    assert list(refs.article_numbers) == articles
    assert refs.doc_number_only is document_only


def test_every_title_and_doc_number_names_its_document(catalog):
    for doc_key, doc in catalog.documents.items():
        for name in filter(None, (doc.title, doc.doc_number, f"《{doc.title}》")):
            refs = parse_references(name, catalog)
            assert refs.doc_keys == (doc_key,), name
            assert refs.doc_number_only, name


def test_spans_are_the_original_words(catalog):
    refs = parse_references("请问聊政办字【2021】36号 第 20 条说的什么", catalog)
    assert refs.spans == ("聊政办字【2021】36号", "第 20 条")
    assert parse_references("市政府工作规则第8条", catalog).spans == ("市政府工作规则", "第8条")
    assert parse_references("聊城市人民政府令第42号第15条", catalog).spans == ("聊城市人民政府令第42号", "第15条")


def test_two_documents_and_an_article(catalog, key):
    refs = parse_references("工作规则和特许经营办法第七条有什么不同", catalog)
    assert refs.doc_keys == (key(RULES), key(CONCESSION))
    assert refs.article_numbers == (7,)


@pytest.mark.parametrize("question, label", [
    ("政务公开要点三、（二）", "三、（二）"),
    ("2022年政务公开工作要点第三部分", "三、"),
    ("政务公开工作要点第3部分第（1）项", "三、（一）"),
    ("行政应诉办法第十条第二项", "（二）"),
    ("法治政府建设工作计划 六、14 讲的啥", "六、14."),
    ("育苗扶壮三年行动方案三、（六）是什么行动？", "三、（六）"),
    ("碧水保卫战行动计划三、（一）2.的内容", "三、（一）2."),
    ("工作规则第八条", None),
])
def test_item_labels(catalog, question, label):
    assert parse_references(question, catalog).item_label == label


# -- cross references ---------------------------------------------------------------------------------


def _article(corpus, title, label):
    return next(c for c in corpus.chunks if c.doc_title == title and c.article == label)


def test_corpus_articles_refer_to_no_catalogued_article(corpus, catalog):
    # The bundled texts cite other laws' articles (《行政诉讼法》第九十六条) and 款 of their own article, but
    # never 本办法第X条: there is no in-document article reference to find.
    assert not any(re.search(r"本(?:实施)?(?:办法|细则|规则)第", c.text) for c in corpus.chunks)
    assert [c.chunk_id for c in corpus.chunks if cross_references(c.text, chunk_doc_key(c), catalog)] == []


@pytest.mark.parametrize("label, cited", [
    ("第十三条", "按照第一款规定"),  # a 款 of the same article
    ("第十九条", "《中华人民共和国行政诉讼法》"),  # a law, no article
    ("第二十条", "《关于行政机关负责人出庭应诉若干问题的规定》第八条"),  # another text's article
    ("第三十五条", "《行政诉讼法》第九十六条"),
])
def test_real_references_outside_the_catalog_are_skipped(corpus, catalog, label, cited):
    chunk = _article(corpus, LITIGATION, label)
    assert cited in chunk.text
    assert cross_references(chunk.text, chunk_doc_key(chunk), catalog) == []


@pytest.mark.parametrize("text, expected", [
    ("违反本办法第十二条规定的，依法处理。", [("own", 12)]),
    ("本细则第二十条规定的队伍", [("own", 20)]),
    ("本规则第八十七条", [("own", 87)]),
    ("依照第十二条、第十五条规定执行", [("own", 12), ("own", 15)]),
    ("依照本办法第三条至第五条", [("own", 3), ("own", 4), ("own", 5)]),
    ("第五条 依照第三条第二款处理", [("own", 3)]),  # the article's own label is not a reference
    ("按照第一款规定履行", []),
    ("参照《聊城市行政应诉工作管理办法》第二十条执行", [(LITIGATION, 20)]),
    ("依据聊政办字〔2021〕36号第二十条", [(LITIGATION, 20)]),
    ("按照工作规则第八条", [(RULES, 8)]),
    ("按照《行政诉讼法》第九十六条的规定", []),
    ("依照行政诉讼法第九十六条", []),
    ("《山东省行政应诉工作规则》第十条", []),
])
def test_cross_references(catalog, key, text, expected):
    own = key(CONCESSION)
    resolved = [(own if title == "own" else key(title), n) for title, n in expected]
    assert cross_references(text, own, catalog) == resolved
