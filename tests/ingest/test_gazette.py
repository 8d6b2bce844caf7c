"""Ingestion of the two bundled gazette issues: exact structure, metadata, stitching and anomalies."""

from __future__ import annotations

import pytest

from qa.text.numerals import int_to_cn


def articles(doc):
    return [p for p in doc.provisions if p.kind == "article"]


def labels(doc, kind):
    return [p.label for p in doc.provisions if p.kind == kind]


@pytest.mark.parametrize("title, count", [
    ("聊城市行政应诉工作管理办法", 50),
    ("聊城市公职律师参与行政争议化解工作实施办法", 20),
    ("聊城市国有建设用地供后监管暂行办法", 25),
    ("聊城市市政基础设施和公用事业特许经营管理办法", 44),
    ("聊城市人民政府工作规则", 89),
    ("聊城市市级专业应急救援队伍建设管理实施细则", 34),
])
def test_article_counts(docs, title, count):
    arts = articles(docs[title])
    assert len(arts) == count
    assert [p.ordinal for p in arts] == list(range(1, count + 1))


@pytest.mark.parametrize("title", ["聊城市行政应诉工作管理办法", "聊城市人民政府工作规则", "聊城市公职律师参与行政争议化解工作实施办法"])
def test_articles_are_in_order_first_to_last(docs, title):
    arts = articles(docs[title])
    assert [p.number for p in arts] == list(range(1, len(arts) + 1))
    assert [p.label for p in arts] == [f"第{int_to_cn(n)}条" for n in range(1, len(arts) + 1)]


def test_issue_metadata(corpus):
    by_source = {i.source: i for i in corpus.issues}
    dec = by_source["liaocheng-gazette-2021-12.md"]
    assert (dec.publication, dec.year, dec.issue_no, dec.total_no) == ("聊城市人民政府公报", 2021, 12, 225)
    assert dec.issue_label == "2021年第12期（总第225期）"
    assert len(dec.toc) == 14
    assert (dec.toc[0].title, dec.toc[0].doc_number, dec.toc[0].page) == (
        "聊城市国有建设用地供后监管暂行办法", "聊城市人民政府令第42号", 3)
    assert (dec.toc[-1].title, dec.toc[-1].doc_number, dec.toc[-1].page) == ("聊城市人民政府大事记（2021年12月）", None, 41)
    mar = by_source["liaocheng-gazette-2022-03.txt"]
    assert (mar.year, mar.issue_no, mar.total_no) == (2022, 3, 228)
    assert [(e.doc_number, e.page) for e in mar.toc[:3]] == [
        ("聊政发〔2022〕4号", 2), ("聊政办发〔2022〕1号", 14), ("聊政办字〔2022〕6号", 17)]
    assert mar.toc[0].category == "市政府文件"


def test_document_inventory(corpus):
    assert len(corpus.documents) == 23
    assert [d.doc_type for d in corpus.documents if d.source.endswith(".txt")] == [
        "政府文件", "办公室文件", "办公室文件", "办公室文件", "办公室文件", "办公室文件", "任免", "任免", "大事记"]
    assert not corpus.problems


def test_decree_metadata(docs):
    doc = docs["聊城市国有建设用地供后监管暂行办法"]
    assert doc.doc_type == "政府令"
    assert doc.doc_number == "聊城市人民政府令第42号"
    assert doc.issuer == "聊城市人民政府"
    assert (doc.signed_date, doc.effective_date, doc.expiry_date) == ("2021-12-31", "2022-03-01", None)
    assert doc.provisions[0].label == "公布令"


@pytest.mark.parametrize("title, number, issuer, signed, effective, expiry", [
    ("聊城市市政基础设施和公用事业特许经营管理办法", "聊政办发〔2021〕7号", "聊城市人民政府办公室", "2021-12-25", "2022-02-01",
     "2027-01-31"),
    ("聊城市行政应诉工作管理办法", "聊政办字〔2021〕36号", "聊城市人民政府办公室", "2021-12-31", "2022-02-01", "2027-01-31"),
    ("聊城市市级专业应急救援队伍建设管理实施细则", "聊政办字〔2022〕8号", "聊城市人民政府办公室", "2022-03-23", "2022-05-01",
     "2027-04-30"),
    ("聊城市人民政府工作规则", "聊政发〔2022〕4号", "聊城市人民政府", "2022-03-08", None, None),
    ("关于任免李强等工作人员职务的通知", "聊政任〔2022〕9号", "聊城市人民政府", "2022-03-08", None, None),
])
def test_document_numbers_and_dates(docs, title, number, issuer, signed, effective, expiry):
    doc = docs[title]
    assert (doc.doc_number, doc.issuer, doc.signed_date, doc.effective_date, doc.expiry_date) == (
        number, issuer, signed, effective, expiry)


def test_notice_without_attached_text_has_body_attachments_and_rows(docs):
    doc = docs["关于2021年第三批调整行政权力事项的通知"]
    assert [p.label for p in doc.provisions] == ["正文", "附件", "附件第1项", "附件第2项", "附件第3项"]
    assert doc.attachments == ["调整实施的行政权力事项表"]


def test_printed_notice_keeps_its_own_title(docs):
    doc = docs["聊城市市政基础设施和公用事业特许经营管理办法"]
    assert doc.notice_title == "聊城市人民政府办公室关于印发聊城市市政基础设施和公用事业特许经营管理办法的通知"
    assert doc.provisions[0].label == "印发通知"
    assert "现将《聊城市市政基础设施和公用事业特许经营管理办法》印发给你们" in doc.provisions[0].text
    # with who signed it and when: the date is what 哪天印发的 asks
    assert doc.provisions[0].text.endswith("请结合实际认真贯彻落实。\n聊城市人民政府办公室\n2021年12月25日")


def test_duplicate_article_label_keeps_label_and_true_position(docs, corpus):
    arts = articles(docs["聊城市国有建设用地供后监管暂行办法"])
    assert [(p.label, p.ordinal) for p in arts[9:13]] == [
        ("第十条", 10), ("第十二条", 11), ("第十二条", 12), ("第十三条", 13)]
    assert arts[10].text.startswith("第十二条 对于合同约定或者划拨决定书规定的开工、竣工时间前三十日")
    assert arts[11].text.startswith("第十二条 国有建设用地使用权人因政府原因或者不可抗力")
    kinds = {(a.kind, a.doc_title) for a in corpus.anomalies}
    assert ("duplicate_label", "聊城市国有建设用地供后监管暂行办法") in kinds
    assert ("gap", "聊城市国有建设用地供后监管暂行办法") in kinds
    assert len(corpus.anomalies) == 2  # nothing else in the bundled corpus is odd enough to report


def test_ocr_slips_are_kept_verbatim(docs):
    art = articles(docs["聊城市国有建设用地供后监管暂行办法"])[23]
    assert art.text == "第二十四条 莘平区在纳入市辖区管理前，按照县的相关规定执行。"


def test_hard_wraps_are_joined_without_spaces(docs):
    art = articles(docs["聊城市国有建设用地供后监管暂行办法"])[3]
    assert "对辖区内国有建设用地供后监管重大事项统筹协调。" in art.text
    heading_article = articles(docs["聊城市国有建设用地供后监管暂行办法"])[20]  # printed as a markdown heading
    assert heading_article.text.startswith("第二十一条 市、县(市)自然资源和规划主管部门应当根据监测监管系统中")
    rules = articles(docs["聊城市人民政府工作规则"])[1]
    assert "坚持和加强党的领导，严格遵守宪法和法律" in rules.text
    assert "**" not in rules.text and "#" not in rules.text


def test_stitched_article_87_of_government_work_rules(docs):
    art = articles(docs["聊城市人民政府工作规则"])[86]
    assert art.label == "第八十七条"
    assert art.stitched
    assert art.paragraphs == [
        ("第八十七条 邀请市政府领导同志参加的内、外事活动，一律由市政府办公室统一安排。各县（市、区）政府、市属开发区、"
        "市政府各部门不得直接向市政府领导同志个人发送请柬。邀请市政府领导同志参加的重要活动，应提前7天报市政府办公室按规定"
        "程序办理。"),
        ("国家、省政府各工作部门、外市来宾到聊城考察访问，一律由部门负责接待。其中副厅级及以上的来宾或国内外知名人士、学者、"
        "企业家，确需市政府领导出面会见、会谈或陪餐的，由对口部门填写《宾客接待报告单》报市政府办公室按规定程序办理。"),
        ("市政府领导会见来访的外宾、香港、澳门特别行政区官方人员、重要知名人士及台胞、侨胞中的重要知名人士，由市政府外事办公室、"
        "市政府台港澳事务办公室审核后报市政府办公室，由市政府办公室按程序呈市政府领导审定。"),
    ]
    assert articles(docs["聊城市人民政府工作规则"])[87].text.startswith("第八十八条 未经市委、市政府批准")


def test_interleaved_fragments_on_page_37_go_to_their_documents(docs):
    appeals = articles(docs["聊城市行政应诉工作管理办法"])
    assert "法律法规理解适用不一致，程序流程不规范等具体问题" in appeals[46].text
    assert appeals[48].text == (
        "第四十九条 市、县(市、区)人民政府每年要结合年度重点工作完成情况及行政案件办理情况，组织行政应诉工作先进单位和个人"
        "集中评选和表彰活动。要把培树典型和激励后进有机结合，全面提升行政应诉工作质效，为建设法治政府提供强有力保障。")
    assert appeals[49].chapter_path == ["第六章附则"]
    lawyers = articles(docs["聊城市公职律师参与行政争议化解工作实施办法"])
    assert lawyers[18].text.startswith("第十九条 市、县(市、区)人民政府和市属开发区管委会每年要结合各单位公职律师")
    medical = [p for p in docs["关于推进医疗保障基金监管制度体系建设的若干措施"].provisions if p.kind == "section"]
    assert [p.label for p in medical[-2:]] == ["五、（十七）23.", "五、（十七）24."]
    assert "依法依规严肃查处问题，对欺诈骗保行为零容忍" in medical[-2].text
    assert medical[-1].text.startswith("24. 加强宣传引导。")


def test_digital_economy_tail_lands_in_its_own_plan(docs):
    plan = docs["关于贯彻落实聊城市数字经济发展规划(2021—2025年)的实施方案"]
    assert labels(plan, "section") == ["一、", "二、", "三、", "四、", "五、"]
    four = plan.provisions[5]
    assert "鼓励招大引强，对数字经济领域新设项目和增资项目，依法依规给予奖补。" in four.text
    assert four.stitched and four.line_end == 749
    assert plan.attachments[0] == "聊城市数字经济工作专班成员名单（略）" and len(plan.attachments) == 6
    technicians = docs["关于公布2021年度聊城市首席技师名单的通知"]
    assert "引强" not in technicians.provisions[0].text


def test_section_labels_follow_the_printed_hierarchy(docs):
    water = docs["聊城市打好碧水保卫战2022年行动计划"]
    assert labels(water, "section")[:8] == [
        "一、", "二、", "三、（一）1.", "三、（一）2.", "三、（一）3.", "三、（一）4.", "三、（一）5.", "三、（二）"]
    assert water.provisions[4].chapter_path == ["三、重点工作任务", "（一）扎实推进实施市政雨污合流清零和污水处理设施提标"]
    sme = docs["聊城市中小企业“育苗扶壮”梯度培育计划三年行动方案（2021—2023年）"]
    assert labels(sme, "preamble") == ["前言"]
    assert "根据《山东省民营经济高质量发展三年行动计划（2020—2022年）》" in sme.provisions[1].text
    legislation = docs["聊城市人民政府2022—2026年立法规划及2022年立法工作计划"]
    parts = {p.part for p in legislation.provisions if p.kind == "section"}
    assert parts == {"聊城市人民政府2022—2026年立法规划", "聊城市人民政府2022年立法工作计划"}
    # a heading that counts its items says how many: a provision of its own, and still its items' chapter
    counted = [(p.label, p.text) for p in legislation.provisions if p.kind == "section" and "件" in p.text
               and "\n" not in p.text.strip() and p.part == "聊城市人民政府2022—2026年立法规划"]
    assert counted == [("一、", "一、地方性法规项目（18 件）"), ("二、", "二、政府规章项目(10件)")]
    assert legislation.provisions[2].chapter_path == ["一、地方性法规项目（18 件）"]


def test_appointment_records_including_two_column_layout(docs):
    records = [p.appointment for p in docs["关于任免李强等工作人员职务的通知"].provisions]
    assert sorted((r.action, r.person, r.post) for r in records) == sorted([
        ("任", "李强", "聊城市公安局督察长"),
        ("任", "杜永", "聊城市人民政府国有资产监督管理委员会副主任"),
        ("免", "成伟", "聊城市公安局督察长"),
        ("免", "陈玉庚", "聊城市工业和信息化局副局长"),
        ("免", "贾秀云", "聊城市退役军人事务局副局长"),
        ("免", "么章忠", "聊城市人民政府国有资产监督管理委员会副主任"),
        ("免", "孙凌云", "聊城职业技术学院副院长"),
    ])
    assert {r.date for r in records} == {"2022-03-08"}
    two_column = {(p.appointment.action, p.appointment.person): p.appointment
                  for p in docs["关于任免赵友杰等工作人员职务的通知"].provisions}
    assert two_column[("任", "许海洲")].post == "聊城市生态环境保护综合执法支队支队长"
    assert (two_column[("免", "许海洲")].post, two_column[("免", "许海洲")].note) == ("聊城市环境监察支队支队长", "自然免除")
    wang = next(p for p in docs["关于任免王磊等工作人员职务的通知"].provisions if p.label == "任命：王磊")
    assert (wang.appointment.post, wang.appointment.note, wang.appointment.date) == (
        "聊城市能源发展服务中心主任", "试用期一年", "2021-12-25")
    assert len(docs["关于任免陶新镇等工作人员职务的通知"].provisions) == 19


def test_chronicle_entries(docs):
    dec = docs["聊城市人民政府大事记（2021年12月）"]
    assert len(dec.provisions) == 28
    assert [p.label for p in dec.provisions[3:6]] == ["12月8日（1）", "12月8日（2）", "12月8日（3）"]
    assert dec.provisions[5].text.startswith("“留学报国·智汇齐鲁”")  # the △ marker is layout, not text
    day22 = next(p for p in dec.provisions if p.label == "12月22日")
    assert day22.event_date == "2021-12-22" and "土地供后监管" in day22.text
    mar = docs["聊城市人民政府大事记(2022年3月)"]
    assert [p.label for p in mar.provisions[:3]] == ["3月8日（1）", "3月8日（2）", "3月8日（3）"]
    assert len(mar.provisions) == 25
