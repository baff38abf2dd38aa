"""Targets as a plan states them: what a threshold binds (scope), at which level, and when.

A plan's sentence decides whom a target binds:

- ``each``: every unit of the level (or of every level) must reach it; the overall verdict
  is "k of n units meet it" ("100% cơ quan, đơn vị ban hành kế hoạch");
- ``level_total``: the pooled figure of one level ("tối thiểu 30% UBND các xã được kiểm tra");
- ``total``: the owner's consolidated total ("tỷ lệ hồ sơ đúng hạn toàn huyện ≥ 98%");
- ``own``: the owner's own figure, which no unit reports (its PAR score, its PAR/SIPAS rank).

``periods`` lists the period codes at which the target is judged (None: every period);
at other periods a report shows progress toward it, never a failure.
"""
from __future__ import annotations

from dataclasses import dataclass

from .periods import Period

OPS = (">=", ">", "=", "<=")
#: How each comparison is printed for people.
OP_SYMBOLS = {">=": "≥", ">": ">", "=": "=", "<=": "≤"}
SCOPES = ("each", "level_total", "total", "own")
#: Vietnamese label of each scope, as the plan workbook and every page show it.
SCOPE_TEXT = {
    "each": "Từng đơn vị",
    "level_total": "Chung của cấp",
    "total": "Toàn đơn vị tổng hợp",
    "own": "Số liệu riêng của đơn vị tổng hợp",
}
#: Words accepted in the plan workbook's "Phạm vi áp dụng" column.
SCOPE_WORDS = {
    **{code: code for code in SCOPES},
    **{text.lower(): code for code, text in SCOPE_TEXT.items()},
    "mỗi đơn vị": "each", "từng đơn vị": "each",
    "tổng của cấp": "level_total", "chung của cấp": "level_total", "cả cấp": "level_total",
    "toàn đơn vị": "total", "tổng": "total", "tổng hợp": "total",
    "riêng": "own", "số liệu riêng": "own", "đơn vị tổng hợp": "own",
}
NOT_DUE_TEXT = "Chưa đến kỳ đánh giá"


def format_number(value: float) -> str:
    """Vietnamese number text: decimal comma, dot as thousands separator."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Target:
    """A comparison and a threshold."""

    op: str
    value: float

    def met_by(self, value: float) -> bool:
        eps = 1e-9
        return {
            ">=": value >= self.value - eps,
            ">": value > self.value + eps,
            "=": abs(value - self.value) <= eps,
            "<=": value <= self.value + eps,
        }[self.op]

    def as_json(self) -> dict:
        return {"op": self.op, "value": _num(self.value)}

    @property
    def text(self) -> str:
        return f"{OP_SYMBOLS[self.op]} {format_number(self.value)}"


@dataclass(frozen=True)
class ScopedTarget:
    """One target of an indicator: threshold, whom it binds, at which level, when it is judged."""

    op: str
    value: float
    scope: str = "each"
    level: str | None = None
    periods: tuple[str, ...] | None = None
    basis: str = ""

    @property
    def target(self) -> Target:
        return Target(self.op, self.value)

    @property
    def text(self) -> str:
        return self.target.text

    def judged_at(self, period: Period) -> bool:
        return self.periods is None or period.code in self.periods

    def in_force(self, year: int | None) -> bool:
        """Whether the target belongs to this year (a phase plan states one target per year)."""
        return year is None or self.periods is None or any(p.startswith(f"{year}-") for p in self.periods)

    def scope_text(self, level_name: str | None = None) -> str:
        """Whom it binds, in Vietnamese: 'Từng đơn vị cấp xã', 'Chung của cấp …'."""
        base = SCOPE_TEXT[self.scope]
        if self.level and self.scope in ("each", "level_total"):
            return f"{base}: {level_name or self.level}"
        return base

    def when_text(self, labels: dict[str, str] | None = None) -> str:
        if self.periods is None:
            return "Mọi kỳ báo cáo"
        return ", ".join((labels or {}).get(code, code) for code in self.periods)

    def as_json(self) -> dict:
        return {"level": self.level, "scope": self.scope, "op": self.op, "value": _num(self.value),
                "periods": list(self.periods) if self.periods is not None else None}


def parse_scope(text: str) -> str:
    """A scope code from its code or Vietnamese words; ValueError when unknown."""
    key = " ".join(str(text or "").split()).lower()
    if not key:
        return "each"
    if key in SCOPE_WORDS:
        return SCOPE_WORDS[key]
    raise ValueError(text)
