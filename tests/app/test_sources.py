"""Documents (from the catalogue) and whole provisions (from the index's chunks) for the page."""

from __future__ import annotations

from tests.app.conftest import FRANCHISE_ARTICLE_15


def test_every_document_and_provision_of_the_bundled_corpus(view):
    assert len(view) == 23
    assert sum(len(d.provisions) for d in view.documents) == 553  # docs/benchmarks.md: 553 provisions
    assert view.documents[0].document.title == "聊城市国有建设用地供后监管暂行办法"
    assert view.documents[0].document.doc_number == "聊城市人民政府令第42号"


def test_a_chunk_resolves_to_its_document_and_provision(view):
    doc, provision = view.locate(FRANCHISE_ARTICLE_15)
    assert doc.title == "聊城市市政基础设施和公用事业特许经营管理办法"
    assert doc.doc_number == "聊政办发〔2021〕7号"
    assert (doc.signed_date, doc.effective_date, doc.expiry_date) == ("2021-12-25", "2022-02-01", "2027-01-31")
    assert provision.label == "第十五条"
    assert provision.citation == "《聊城市市政基础设施和公用事业特许经营管理办法》（聊政办发〔2021〕7号）第十五条"
    assert view.locate("no-such:d01:p001") is None


def test_a_split_provision_is_shown_whole(view):
    _doc, provision = view.locate("liaocheng-gazette-2021-12.md:d02:p003.3")
    assert provision.provision_id == "liaocheng-gazette-2021-12.md:d02:p003"
    assert provision.chunk_ids == [f"liaocheng-gazette-2021-12.md:d02:p003.{n}" for n in range(1, 5)]
    for chunk in provision.chunks:
        assert chunk.text in provision.text
    assert len(provision.text) >= sum(len(c.text) for c in provision.chunks)
    assert provision.label == "附件第1项"


def test_filter_choices(view):
    assert "聊城市人民政府工作规则" in view.titles()
    assert set(view.doc_types()) == {"政府令", "政府文件", "办公室文件", "任免", "大事记"}
