"""Quotation-mark scanning: no model needed."""

from hypothesis import given, settings
from hypothesis import strategies as st

from counterpoint.analysis.attribution.marks import find_quotations


def _texts(text):
    return [[text[s:e] for s, e in q.pieces] for q in find_quotations(text)]


def test_curly_and_straight_quotes():
    assert _texts("He said “a b c” and then “d e f”.") == [["“a b c”"], ["“d e f”"]]
    assert _texts('X said: "hello there," he said "ok then."') == [
        ['"hello there,"'],
        ['"ok then."'],
    ]


def test_quote_running_over_paragraphs_is_one_quotation():
    text = "Intro:\n“First paragraph of the quote.\n“Second paragraph, closed.”\nAfter."
    assert _texts(text) == [["“First paragraph of the quote.", "“Second paragraph, closed.”"]]


def test_nested_quote_stays_inside_outer_one():
    text = "He said: “They called it a ‘massacre’ and “worse” too.” Then left."
    assert _texts(text) == [["“They called it a ‘massacre’ and “worse” too.”"]]


def test_unbalanced_opener_runs_to_paragraph_end_and_is_flagged():
    qs = find_quotations("Bad “unclosed here\nNext “ok now”")
    assert [q.balanced for q in qs] == [False, True]
    assert qs[0].end == len("Bad “unclosed here")


def test_apostrophes_are_not_quotes():
    assert _texts("Israel’s leaders’ views are the PA’s own.") == []
    assert _texts("Leaders’ views ‘are wrong’ now") == [["‘are wrong’"]]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='ab .,\n“”"‘’«»„', max_size=80))
def test_any_text_gives_well_formed_pieces(text):
    for q in find_quotations(text):
        for s, e in q.pieces:
            assert 0 <= s < e <= len(text)


def test_mixed_straight_and_curly_marks_close_each_other():
    text = '"Oz has a huge pulpit,” said Gorski. “Deals are not required," he said.'
    assert _texts(text) == [['"Oz has a huge pulpit,”'], ['“Deals are not required,"']]


def test_double_apostrophe_is_a_quotation_mark():
    text = "He said ''we will win,'' and left. It's fine."
    assert _texts(text) == [["''we will win,''"]]
