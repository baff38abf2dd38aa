"""The results a spreadsheet computes for the report's formulas, stored beside each formula.

LibreOffice with its default settings, previews and every program that reads values show the
stored result, not a recalculated one; so each formula the writers emit has its Python twin
here, and a test recalculates the workbooks in LibreOffice and compares.
"""
from __future__ import annotations

from typing import Any, Mapping

from . import names
from .plan_model import expr
from .plan_model.catalog import Rule
from .plan_model.plan import PlanIndicator
from .plan_model.targets import ScopedTarget

PASSED, FAILED = "Đạt", "Không đạt"
RULE_OK, RULE_BROKEN = "Đúng", "Sai"


def number(value: Any) -> float | None:
    """The value as a spreadsheet's ISNUMBER/COUNT sees it (text, booleans and blanks are not numbers)."""
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def compare(value: float, op: str, threshold: float) -> bool:
    return {"=": value == threshold, ">=": value >= threshold, ">": value > threshold, "<=": value <= threshold,
            "<": value < threshold}[op]


def assessment(pi: PlanIndicator, target: ScopedTarget | None, value: Any) -> str:
    """Twin of the "Đánh giá" formula: "" until there is a value, else Đạt / Không đạt."""
    if target is None:
        return ""
    if pi.indicator.kind == "yesno":
        if value is None or value == "":
            return ""
        return PASSED if compare(1.0 if str(value).lower() == names.YES.lower() else 0.0, target.op, target.value) else FAILED
    found = number(value)
    if found is None:
        return ""
    return PASSED if compare(found, target.op, target.value) else FAILED


def ratio(pi: PlanIndicator, values: Mapping[str, Any]) -> float | str:
    """Twin of the ratio formula: scale × numerator / denominator, "" until every part is a number."""
    parts = {c: number(values.get(c)) for c in pi.indicator.ratio_codes}
    if any(v is None for v in parts.values()):
        return ""
    found = pi.indicator.ratio_value(parts)
    return "" if found is None else found


def rule_status(rule: Rule, values: Mapping[str, Any]) -> str:
    """Twin of a consistency check: "" until every part is a number, else Đúng / Sai."""
    parts = {c: number(values.get(c)) for c in rule.codes}
    if any(v is None for v in parts.values()):
        return ""
    return RULE_OK if expr.evaluate(rule.tree, parts) else RULE_BROKEN


def percent_of(value: Any, maximum: float | None) -> float | str:
    """Twin of IF(AND(ISNUMBER(x),max>0),100*x/max,"")."""
    found = number(value)
    return 100 * found / maximum if found is not None and maximum else ""


#: Labels of the "Tự kiểm tra" column; each is counted on the cover.
BLANK, NOT_NUMBER, NOT_WHOLE, OUT_OF_RANGE, ABOVE_MAX, YESNO_BAD, FRACTION = (
    "Chưa nhập", "Không phải số", "Không phải số nguyên", "Ngoài giới hạn", "Vượt điểm tối đa",
    "Chỉ chọn Có hoặc Không", "Nghi nhập nhầm dạng 0,985")
WRONG_LABELS = (NOT_NUMBER, NOT_WHOLE, OUT_OF_RANGE, ABOVE_MAX, YESNO_BAD)
YESNO_WORDS = ("Có", "Không", "co", "khong")


def input_check(pi: PlanIndicator, value: Any, required: bool) -> str:
    """Twin of the "Tự kiểm tra" formula of one input cell (the same checks as ``cchc validate``)."""
    kind = pi.indicator.kind
    if value is None:
        return BLANK if required else ""
    if kind == "text":
        return ""
    if kind == "yesno":
        ok = isinstance(value, str) and value.strip().lower() in {w.lower() for w in YESNO_WORDS}
        return "" if ok and value == value.strip() else YESNO_BAD
    found = number(value)
    if found is None:
        return NOT_NUMBER
    if kind == "count" and not found.is_integer():
        return NOT_WHOLE
    top = pi.max_value
    if found < 0:
        return OUT_OF_RANGE
    if top is not None and found > top:
        return ABOVE_MAX if kind == "score" and pi.indicator.par else OUT_OF_RANGE
    if kind == "percent" and 0 < found <= 1:
        return FRACTION
    return ""


def input_check_formula(pi: PlanIndicator, cell: str, required: bool) -> str | None:
    """The "Tự kiểm tra" formula of one input cell; None for free text."""
    kind = pi.indicator.kind
    blank = f'"{BLANK}"' if required else '""'
    if kind == "text":
        return None
    if kind == "yesno":
        words = ",".join(f'{cell}="{w}"' for w in YESNO_WORDS)
        return f'=IF(ISBLANK({cell}),{blank},IF(OR({words}),"","{YESNO_BAD}"))'
    top = pi.max_value
    above = ABOVE_MAX if kind == "score" and pi.indicator.par else OUT_OF_RANGE
    tests = []
    if kind == "count":
        tests.append((f"{cell}<>INT({cell})", NOT_WHOLE))
    tests.append((f"{cell}<0", OUT_OF_RANGE))
    if top is not None:
        tests.append((f"{cell}>{format(top, 'g')}", above))
    if kind == "percent":
        tests.append((f"AND({cell}>0,{cell}<=1)", FRACTION))
    body = '""'
    for test, label in reversed(tests):
        body = f'IF({test},"{label}",{body})'
    return f'=IF(ISBLANK({cell}),{blank},IF(NOT(ISNUMBER({cell})),"{NOT_NUMBER}",{body}))'
