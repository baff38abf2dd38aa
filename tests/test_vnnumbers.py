import datetime as dt

import pytest

from consolidation.vnnumbers import parse_date, parse_number


@pytest.mark.parametrize("text, value", [("98,5", 98.5), ("98,5%", 98.5), ("1.234", 1234), (" 12 ", 12),
                                         ("1.234,5", 1234.5), ("98.5", 98.5), ("12.345.678", 12345678), ("0", 0)])
def test_vietnamese_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "12a", "1,2,3", "--1"])
def test_not_numbers(text):
    assert parse_number(text) is None


def test_dates():
    assert parse_date("05/04/2024") == dt.date(2024, 4, 5)
    assert parse_date(45387.0) == dt.date(2024, 4, 5)
    assert parse_date(dt.datetime(2024, 4, 5, 10)) == dt.date(2024, 4, 5)
    assert parse_date("31/02/2024") is None and parse_date("hôm qua") is None
