"""Filters.of: the one way a plain dict (a LangChain call, the /ask endpoint) becomes Filters."""

from __future__ import annotations

import pytest

from qa.errors import InputError
from qa.filters import Filters


def test_a_dict_takes_one_string_or_a_list_for_each_tuple_field():
    assert Filters.of({"doc_types": "任免", "issuers": ["聊城市人民政府", "聊城市人民政府办公室"],
                       "signed_from": "2022-03-01"}) == \
        Filters(doc_types=("任免",), issuers=("聊城市人民政府", "聊城市人民政府办公室"), signed_from="2022-03-01")
    assert Filters.of(None) is None
    given = Filters(doc_numbers=("聊政发〔2022〕4号",))
    assert Filters.of(given) is given


@pytest.mark.parametrize(("value", "message"), [
    ({"doc_type": "任免"}, ("unknown filter 'doc_type'; allowed: doc_titles, doc_numbers, doc_types, issuers, "
                            "signed_from, signed_to, in_force_on")),
    ({"doc_types": 3}, "doc_types=3; give a string or a list of strings"),
    ({"doc_types": ["任免", 3]}, "doc_types=('任免', 3); give a list of strings"),
    ({"in_force_on": "2022年3月1日"}, "in_force_on='2022年3月1日' is not a date; write it as YYYY-MM-DD"),
    (["任免"], "filters=['任免']; give a qa.filters.Filters or a dict with keys doc_titles"),
])
def test_a_bad_value_says_what_is_allowed(value, message):
    with pytest.raises(InputError) as raised:
        Filters.of(value)
    assert message in str(raised.value)


def test_a_doc_number_filter_takes_the_doc_number_however_it_is_written():
    """Issue 15 item 2: the filter compares 文号 in the form ingestion stores them."""
    assert Filters.of({"doc_numbers": ["聊政办字［２０２１］３６号", "聊城市人民政府令 第42号"]}).doc_numbers == \
        ("聊政办字〔2021〕36号", "聊城市人民政府令第42号")
