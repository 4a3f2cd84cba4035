"""Query-string numbers are bounded before they reach the database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc.common.params import MAX_ID, MAX_PAGE, date_param, id_param, page_param

anything = st.one_of(st.none(), st.text(), st.integers().map(str), st.integers(min_value=2**62).map(str))


@given(anything)
def test_an_id_is_none_or_within_the_key_range(value):
    got = id_param(value)
    assert got is None or 1 <= got <= MAX_ID


@given(anything)
def test_a_page_number_is_within_bounds(value):
    assert 1 <= page_param(value) <= MAX_PAGE


def test_ordinary_values_read_as_expected():
    assert (id_param("42"), id_param(""), id_param("0"), id_param(str(MAX_ID + 1))) == (42, None, None, None)
    assert (page_param("3"), page_param(None), page_param("x"), page_param("-5")) == (3, 1, 1, 1)
    assert page_param("9223372036854775807") == MAX_PAGE


def test_date_param_reads_iso_dates_within_bounds_only():
    default = dt.date(2026, 1, 1)
    assert date_param("2026-05-31", default) == dt.date(2026, 5, 31)
    for bad in ("", None, "2026-02-30", "31/05/2026", "0001-01-01", "9999-12-31", "x" * 5000, "\x00"):
        assert date_param(bad, default) == default
    assert date_param("abc") is None


@pytest.mark.django_db
def test_a_nul_character_in_the_query_string_is_a_bad_request(client):
    assert client.get("/thu-tuc/", {"q": "a\x00b"}).status_code == 400
    assert client.get("/thu-tuc/", {"q\x00": "a"}).status_code == 400
    assert client.get("/thu-tuc/", {"q": "ab"}).status_code == 200
