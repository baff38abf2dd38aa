from datetime import date

import pytest

from workbook_templates.plan_model.periods import Period, PeriodError, parse_due, parse_kind, parse_period


@pytest.mark.parametrize(
    "code, label, start, end",
    [
        ("2024-Q1", "Quý I/2024", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024-Q4", "Quý IV/2024", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-H1", "6 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 6, 30)),
        ("2024-9m", "9 tháng năm 2024", date(2024, 1, 1), date(2024, 9, 30)),
        ("2024-Y", "Năm 2024", date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_period_codes(code, label, start, end):
    period = parse_period(code)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("bad", ["2024-Q5", "Q1-2024", "2024", "2024-H2"])
def test_bad_period_code(bad):
    with pytest.raises(PeriodError, match="không hợp lệ"):
        parse_period(bad)


def test_kind_words():
    assert [parse_kind(w) for w in ["Quý I", "quý  iv", "6 tháng", "9 tháng", "Năm", "Q3", "y"]] == \
        ["Q1", "Q4", "H1", "9M", "Y", "Q3", "Y"]


@pytest.mark.parametrize(
    "text, due",
    [
        ("15/01/2023", date(2023, 1, 15)),
        ("Trong tháng 01/2023", date(2023, 1, 31)),
        ("Quý I", date(2023, 3, 31)),
        ("Quý I, II", date(2023, 6, 30)),
        ("Quý I và Quý IV", date(2023, 12, 31)),
        ("Từ Quý IV/2023 đến Quý I/2024", date(2024, 3, 31)),
        ("Cả năm 2023", date(2023, 12, 31)),
        ("Quý III Theo Đề án được phê duyệt.", date(2023, 9, 30)),
        ("Thường xuyên", None),
    ],
)
def test_parse_due(text, due):
    assert parse_due(text, 2023) == due


def test_unparseable_due():
    with pytest.raises(PeriodError):
        parse_due("khi có chỉ đạo", 2023)


def test_period_ordering_is_by_year_then_kind():
    assert Period(2023, "Y") < Period(2024, "Q1")
