"""The transparency checklist is assembled from one function per item, in the plan's order."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.disclosure import selectors

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 11, 20)
CODES = ["P-B3", "P-B4", "P-B5", "P-B6", "P-B7", "P-B8", "P-B9", "P-B21"]


def test_each_item_is_computed_by_its_own_function(world):
    by_function = [item(DAY) for item in selectors.CHECKLIST_ITEMS]
    assert [i.code for i in by_function] == CODES
    assert selectors.checklist(DAY) == by_function
