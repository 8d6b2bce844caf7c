"""Property-based (hypothesis): the normaliser takes any string without raising, and keeps its promises:
control characters gone, positions that map back into the original, and one form for names however reached."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from qa.text.normalize import comparable, match_form, normalize_text, normalize_with_origin, strip_controls
from qa.text.numerals import canonical_doc_number

ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
NAMES = st.text(alphabet="聊政办字发〔〕[]［］（）()２０２１2021号第一十条　 \t“”\"'-–～~·《》", max_size=40)
PROPERTY = settings(max_examples=300, deadline=None)


@PROPERTY
@given(ANY_TEXT)
def test_strip_controls_leaves_no_control_character(text):
    cleaned = strip_controls(text)
    assert not any(ord(ch) < 32 and ch not in "\t\n" or 0x7f <= ord(ch) <= 0x9f for ch in cleaned)
    assert strip_controls(cleaned) == cleaned


@PROPERTY
@given(st.one_of(ANY_TEXT, NAMES))
def test_positions_map_back_into_the_original(text):
    normalized, origin = normalize_with_origin(text)
    assert len(normalized) == len(origin)
    assert all(0 <= i < len(text) for i in origin) and origin == sorted(origin)
    assert match_form(text) == normalized


@PROPERTY
@given(st.one_of(ANY_TEXT, NAMES))
def test_every_normaliser_takes_any_string(text):
    for normalize in (normalize_text, comparable, match_form):
        assert isinstance(normalize(text), str)
    assert comparable(None) == ""


@PROPERTY
@given(NAMES)
def test_full_width_and_half_width_names_meet(name):
    half = name.translate(str.maketrans("２０１［］（）", "201[]()"))
    assert comparable(name) == comparable(half)


@PROPERTY
@given(st.one_of(ANY_TEXT, NAMES))
def test_one_canonical_doc_number_however_it_is_written(text):
    """Full-width digits and brackets, and zero-width spaces anywhere, give the same 文号 (issue 15 item 2)."""
    canonical = canonical_doc_number(text)
    assert canonical_doc_number(canonical) == canonical
    assert canonical_doc_number(text.translate(str.maketrans("２０１［］（）", "201[]()"))) == canonical
    assert canonical_doc_number("\u200b".join(text)) == canonical
