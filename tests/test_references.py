"""The catalogue and references on the bundled corpus: 文号, full and short titles, 第X条, items, people, dates."""

from __future__ import annotations

import pytest

from qa.catalog import Catalog
from qa.references import parse_references

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
def key(catalog):
    """Catalog key by document title (every title in the bundled corpus is unique)."""
    by_title = {d.title: k for k, d in catalog.documents.items()}
    return by_title.__getitem__


def test_catalog_holds_every_document_once(corpus, catalog):
    assert len(catalog.documents) == len(corpus.documents) == 23
    assert list(catalog.documents) == [d.key for d in corpus.documents]
    assert set(catalog.owners.values()) == {("聊城市",)}
    assert Catalog(corpus.documents).aliases == catalog.aliases
    assert catalog.people["王霞"] == ["liaocheng-gazette-2021-12.md:d11", "liaocheng-gazette-2021-12.md:d12"]
    assert catalog.event_dates[:2] == ["2021-12-02", "2021-12-03"]
    assert sorted(len(numbers) for numbers in catalog.article_numbers.values()) == [20, 25, 34, 44, 50, 89]
    assert Catalog.from_dict(catalog.to_dict()).to_dict() == catalog.to_dict()


@pytest.mark.parametrize("title, names", [
    (CONCESSION, ["特许经营管理办法", "特许经营办法", "公用事业特许经营管理办法",
                  "市政基础设施和公用事业特许经营管理办法"]),
    (LAND, ["供后监管办法", "供后监管暂行办法", "国有建设用地供后监管暂行办法"]),
    (LITIGATION, ["行政应诉工作管理办法", "行政应诉办法", "行政应诉管理办法", "应诉办法"]),
    (RULES, ["工作规则"]),
    (RESCUE, ["应急救援队伍建设管理实施细则", "应急救援细则", "应急救援实施细则", "市级专业应急救援队伍建设管理实施细则"]),
    (OPENNESS, ["政务公开工作要点", "政务公开要点"]),
    (WATER, ["碧水保卫战行动计划", "碧水保卫战2022年行动计划"]),
    # the title joins two texts with 及: each is named by its own title too
    (LEGISLATION, ["2022年立法工作计划", "2022年立法计划", "立法工作计划", "聊城市人民政府2022—2026年立法规划", "立法规划"]),
    (APPOINTMENTS, ["任免王磊等工作人员职务的通知"]),
    # the head of the subject with the type: 公职律师(参与行政争议化解工作)实施办法
    ("聊城市公职律师参与行政争议化解工作实施办法", ["公职律师实施办法", "公职律师办法", "行政争议化解办法"]),
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
    ("公职律师实施办法第5条，行政争议要具备哪些条件", "聊城市公职律师参与行政争议化解工作实施办法", [5], False),
    ("2020年的政府工作规则第四条", None, [], False),  # a year the collected rules (2022) do not have
    ("《基础设施和公用事业特许经营管理办法》第七条", None, [], False),
    ("特许经营管理办法实施细则第三条", None, [], False),
    ("公职律师管理办法第三条", None, [], False),
    ("《行政诉讼法》第九十六条", None, [], False),
    ("2023年碧水保卫战行动计划", None, [], False),
    ("2021年法治政府建设工作计划", None, [], False),
    ("2023年行政应诉办法第三条", None, [], False),
    ("立法工作计划", LEGISLATION, [], True),  # the only one in the catalog
    ("聊政办字〔2022〕7号印发了哪些文件？", LEGISLATION, [], True),  # what it issues: the document itself
    ("聊政办字〔2022〕7号有哪些地方性法规项目？", LEGISLATION, [], False),
    ("聊政办字〔2022〕7号是关于什么的？", LEGISLATION, [], True),  # what it is about: the document itself
    ("聊政办字〔2022〕7号主要讲什么？", LEGISLATION, [], True),
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
    ("碧水保卫战行动计划三、（一）第2项是什么", "三、（一）2."),
    ("立法工作计划一、（一）第五项是哪部条例", "一、（一）5."),
    ("工作规则第八条", None),
])
def test_item_labels(catalog, question, label):
    assert parse_references(question, catalog).item_label == label


@pytest.mark.parametrize("question, title", [
    ("医保基金监管若干措施第十一项", "关于推进医疗保障基金监管制度体系建设的若干措施"),  # 医保: 医疗保障
    ("应急救援队伍细则第十七条", RESCUE), ("查一下供后监管办法第十五条", LAND),
    ("山东省医保基金监管若干措施第三项", None),  # another place's text of that name
    ("有什么办法能解决", None), ("专精特新培育方案", None),  # no title holds these words in order
])
def test_a_title_shortened_as_people_do_names_its_document(catalog, key, question, title):
    assert parse_references(question, catalog).doc_keys == ((key(title),) if title else ())


def test_an_item_written_in_brackets_is_the_label_printed_so(catalog):
    assert parse_references("医保基金监管若干措施第（十二）项", catalog).item_bracketed
    assert not parse_references("医保基金监管若干措施第十二项", catalog).item_bracketed


@pytest.mark.parametrize("question", [
    "聊政办字〔2021〕36号第二十条", "聊政办字〔２０２１〕３６号第２０条", "聊政办字［2021］36号第二十条",
    "聊政办字\u200b〔2021〕36号第二\u200b十条", "聊政办字 ﹝2021﹞ 36 号 第 20 条", "《聊城市行政应诉工作管理办法\u2060》第二十条",
])
def test_a_reference_however_written_names_the_same_article(catalog, key, question):
    """Issue 15 item 2: the question's 文号, title and article label are read in the one normalised form. Before, a
    zero-width character inside 第二十条 lost the article, and one inside the title lost the document."""
    refs = parse_references(question, catalog)
    assert (refs.doc_keys, refs.article_numbers) == ((key(LITIGATION),), (20,))
