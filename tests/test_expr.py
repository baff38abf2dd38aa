import pytest

from workbook_templates.plan_model import expr


@pytest.mark.parametrize(
    "text, values, expected",
    [
        ("A == B + C", {"A": 6, "B": 2, "C": 4}, True),
        ("A == B + C", {"A": 7, "B": 2, "C": 4}, False),
        ("A <= B", {"A": 3, "B": 3}, True),
        ("A < B", {"A": 3, "B": 3}, False),
        ("A != B", {"A": 1, "B": 2}, True),
        ("A * 2 >= B - 1", {"A": 2, "B": 5}, True),
        ("(A + B) / 2 == 3", {"A": 2, "B": 4}, True),
        ("A > 0 and B > 0", {"A": 1, "B": 0}, False),
        ("A > 0 or B > 0", {"A": 1, "B": 0}, True),
        ("-A + 5 == 2", {"A": 3}, True),
        ("A == 0.1 + 0.2", {"A": 0.3}, True),
    ],
)
def test_evaluate(text, values, expected):
    assert expr.evaluate(expr.parse(text), values) is expected


def test_missing_value_makes_rule_not_applicable():
    assert expr.evaluate(expr.parse("A == B + C"), {"A": 1, "B": None, "C": 1}) is None
    assert expr.evaluate(expr.parse("A / B > 1"), {"A": 1, "B": 0}) is None


def test_references_in_order_without_duplicates():
    assert expr.references(expr.parse("B + A <= B * 2")) == ["B", "A"]


def test_to_excel_renders_names_and_operators():
    tree = expr.parse("A == B + C and A != 0")
    assert expr.to_excel(tree, lambda c: f"CT_{c}") == "AND((CT_A)=((CT_B+CT_C)),(CT_A)<>(0))"


@pytest.mark.parametrize("bad", ["A ==", "A + * B", "(A + B", "A $ B", "A B"])
def test_syntax_errors_are_reported(bad):
    with pytest.raises(expr.ExprError):
        expr.parse(bad)
