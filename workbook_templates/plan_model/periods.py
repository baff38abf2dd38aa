"""Reporting periods (Quý I–IV, 6 tháng, 9 tháng, năm) and the due times of plan tasks."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

#: Period kinds in calendar order, with the month the period ends in.
KIND_END_MONTH = {"Q1": 3, "Q2": 6, "H1": 6, "Q3": 9, "9M": 9, "Q4": 12, "Y": 12}
KIND_START_MONTH = {"Q1": 1, "Q2": 4, "H1": 1, "Q3": 7, "9M": 1, "Q4": 10, "Y": 1}
ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in ROMAN.items()}
#: Vietnamese words a plan may use for a period kind (the "Kỳ báo cáo" column).
KIND_WORDS = {
    "quý i": "Q1", "quý ii": "Q2", "quý iii": "Q3", "quý iv": "Q4",
    "6 tháng": "H1", "9 tháng": "9M", "năm": "Y", "cả năm": "Y",
}


class PeriodError(ValueError):
    """A period code or label that cannot be understood."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str

    @property
    def code(self) -> str:
        return f"{self.year}-{self.kind}"

    @property
    def start(self) -> date:
        return date(self.year, KIND_START_MONTH[self.kind], 1)

    @property
    def end(self) -> date:
        month = KIND_END_MONTH[self.kind]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.kind.startswith("Q"):
            return f"Quý {_ROMAN_OF[int(self.kind[1])]}/{self.year}"
        return {"H1": f"6 tháng đầu năm {self.year}", "9M": f"9 tháng năm {self.year}", "Y": f"Năm {self.year}"}[self.kind]

    @property
    def is_annual(self) -> bool:
        return self.kind == "Y"


def parse_period(code: str) -> Period:
    """Parse a period code such as ``2024-Q1``, ``2024-H1``, ``2024-9M`` or ``2024-Y``."""
    match = re.fullmatch(r"\s*(\d{4})-(Q[1-4]|H1|9M|Y)\s*", str(code), re.IGNORECASE)
    if not match:
        raise PeriodError(
            f"Mã kỳ báo cáo '{code}' không hợp lệ. Dùng dạng 2024-Q1 … 2024-Q4, 2024-H1 (6 tháng), "
            "2024-9M (9 tháng) hoặc 2024-Y (năm)."
        )
    return Period(int(match.group(1)), match.group(2).upper())


def parse_kind(text: str) -> str:
    """A period kind from a code (``Q1``, ``Y``) or Vietnamese words (``Quý I``, ``Năm``)."""
    raw = str(text).strip()
    if raw.upper() in KIND_END_MONTH:
        return raw.upper()
    key = re.sub(r"\s+", " ", raw.lower())
    if key in KIND_WORDS:
        return KIND_WORDS[key]
    raise PeriodError(f"Kỳ báo cáo '{text}' không hợp lệ (dùng Q1–Q4, H1, 9M, Y hoặc Quý I…IV, 6 tháng, 9 tháng, Năm)")


def _quarter_end(year: int, quarter: int) -> date:
    return Period(year, f"Q{quarter}").end


def parse_due(text: str, plan_year: int, end_year: int | None = None) -> date | None:
    """Latest date by which a task must be done (the last of its milestones), None when ongoing."""
    dates = parse_milestones(text, plan_year, end_year)
    return dates[-1] if dates else None


def parse_milestones(text: str, plan_year: int, end_year: int | None = None) -> tuple[date, ...]:
    """Every due date the plan's wording names, in order.

    ``"15/01/2023"`` → that date; ``"Trong tháng 01/2023"`` → end of January;
    ``"Quý I và Quý IV"`` → end of Q1 and end of Q4 (two milestones); ``"Quý I, II"`` (one span)
    → end of Q2; ``"Từ Quý IV/2023 đến Quý I/2024"`` → end of Q1 2024 (a span ends once);
    ``"Cả năm 2023"`` → 31/12/2023; ``"Giai đoạn 2022–2025"`` → 31/12/2025; ``"Hàng năm"`` →
    31/12 of every year of the plan (``end_year`` for plans over several years), ``"Hàng quý"``
    → the end of every quarter; ``"Thường xuyên"`` (ongoing) → (). Raises PeriodError when
    nothing is recognised.
    """
    raw = " ".join(str(text).split())
    low = raw.lower()
    if not low or "thường xuyên" in low:
        return ()
    years_of_plan = range(plan_year, (end_year or plan_year) + 1)
    if low in ("hàng năm", "hằng năm"):
        return tuple(date(y, 12, 31) for y in years_of_plan)
    if low in ("hàng quý", "hằng quý"):
        return tuple(_quarter_end(y, q) for y in years_of_plan for q in range(1, 5))
    dates = re.findall(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw)
    if dates:
        return _sorted_unique(date(int(y), int(m), int(d)) for d, m, y in dates)
    quarters = re.findall(r"quý\s+(IV|III|II|I)\b(?:\s*/\s*(\d{4}))?", raw, re.IGNORECASE)
    if quarters:
        ends = [_quarter_end(int(year) if year else plan_year, ROMAN[roman.upper()]) for roman, year in quarters]
        # "Quý I, II" names several quarters after one "Quý".
        for group in re.findall(r"quý\s+(?:IV|III|II|I)\s*,\s*((?:(?:IV|III|II|I)\s*,?\s*)+)", raw, re.IGNORECASE):
            ends += [_quarter_end(plan_year, ROMAN[roman]) for roman in re.findall(r"IV|III|II|I", group)]
        if " và " in f" {low} " and not re.search(r"\btừ\b.*\bđến\b", low):
            return _sorted_unique(ends)  # "Quý I và Quý IV": done in each named quarter
        return (max(ends),)  # "Quý I, II", "Từ Quý IV/2023 đến Quý I/2024": one span
    month = re.search(r"tháng\s+(\d{1,2})\s*/\s*(\d{4})", low)
    if month:
        m, y = int(month.group(1)), int(month.group(2))
        return (date(y, m, calendar.monthrange(y, m)[1]),)
    years = re.findall(r"(?:cả\s+năm|năm|giai\s+đoạn)\s+(\d{4})(?:\s*[-–]\s*(\d{4}))?", low)
    if years:
        first, last = years[-1]
        return (date(int(last or first), 12, 31),)
    if low in ("cả năm", "trong năm"):
        return (date(plan_year, 12, 31),)
    raise PeriodError(f"Không hiểu thời hạn '{text}'")


def _sorted_unique(dates) -> tuple[date, ...]:
    return tuple(sorted(set(dates)))


def period_codes(text: str, years: list[int]) -> tuple[str, ...]:
    """Period codes from a plan cell: codes (``2024-Y``) as they are, kinds (``Năm``, ``Q2``) for every year."""
    codes: list[str] = []
    for part in [p.strip() for p in re.split(r"[;,]", str(text or "")) if p.strip()]:
        if re.fullmatch(r"\d{4}-\S+", part):
            codes.append(parse_period(part).code)
        else:
            kind = parse_kind(part)
            codes += [Period(year, kind).code for year in years]
    return tuple(dict.fromkeys(codes))
