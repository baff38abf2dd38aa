"""The shared indicator catalog: what each indicator means, how it is typed and aggregated."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from . import expr

CATALOG_PATH = Path(__file__).parent / "catalog" / "indicators.toml"

KINDS = ("count", "percent", "ratio", "yesno", "score", "text")
AGGREGATES = ("sum", "ratio", "mean", "weighted_mean", "count_yes", "min", "max", "level_max", "none")
#: Aggregations allowed for each kind.
KIND_AGGREGATES = {
    "count": {"sum", "mean", "min", "max", "level_max", "none"},
    "percent": {"mean", "weighted_mean", "min", "max", "none"},
    "ratio": {"ratio"},
    "yesno": {"count_yes", "none"},
    "score": {"mean", "weighted_mean", "min", "max", "sum", "none"},
    "text": {"none"},
}


class CatalogError(ValueError):
    """The catalog file breaks one of its own rules."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    area: int
    kind: str
    aggregate: str
    numerator: str | None = None
    denominator: str | None = None
    weight: str | None = None
    max: float | None = None
    group: str | None = None
    source: str | None = None
    par: bool = False
    scale: float = 100.0

    def ratio_value(self, values: "Mapping[str, float | None]") -> float | None:
        """``scale`` × numerator / denominator from these values; None when a part is missing or the denominator ≤ 0."""
        num = expr.evaluate(parse_cached(self.numerator or ""), values)
        den = expr.evaluate(parse_cached(self.denominator or ""), values)
        if num is None or den is None or isinstance(num, bool) or isinstance(den, bool) or den <= 0:
            return None
        return self.scale * num / den

    @property
    def ratio_codes(self) -> list[str]:
        """Codes a ratio's numerator and denominator (codes or expressions) use."""
        found: list[str] = []
        for text in (self.numerator, self.denominator):
            if text:
                found += [c for c in expr.references(parse_cached(text)) if c not in found]
        return found

    @property
    def is_input(self) -> bool:
        """Typed by the unit (every kind except computed ratios)."""
        return self.kind != "ratio"

    @property
    def is_numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Rule:
    id: str
    expr: str
    message: str
    tree: expr.Node = field(compare=False, repr=False)

    @property
    def codes(self) -> list[str]:
        return expr.references(self.tree)


@dataclass(frozen=True)
class Catalog:
    version: str
    areas: dict[int, str]
    indicators: dict[str, Indicator]
    rules: list[Rule]

    def __getitem__(self, code: str) -> Indicator:
        return self.indicators[code]

    def extended(self, indicators: list[Indicator], rules: list[Rule]) -> "Catalog":
        """This catalog plus a plan's own indicators and rules (the open catalog)."""
        return Catalog(self.version, self.areas, {**self.indicators, **{i.code: i for i in indicators}},
                       [*self.rules, *rules])


@lru_cache(maxsize=4096)
def parse_cached(text: str) -> expr.Node:
    return expr.parse(text)


def indicator_problems(ind: Indicator, known: dict[str, Indicator], areas: dict[int, str]) -> list[str]:
    """Why an indicator breaks the catalog's rules (Vietnamese), given the indicators it may refer to."""
    found: list[str] = []
    if ind.kind not in KINDS:
        return [f"loại '{ind.kind}' không hợp lệ (dùng {', '.join(KINDS)})"]
    if ind.aggregate not in KIND_AGGREGATES[ind.kind]:
        found.append(f"cách tổng hợp '{ind.aggregate}' không dùng được cho loại '{ind.kind}' "
                     f"(dùng {', '.join(sorted(KIND_AGGREGATES[ind.kind]))})")
    if ind.area not in areas:
        found.append(f"lĩnh vực {ind.area} không có trong danh mục (1–{max(areas)})")
    if ind.kind == "ratio" and not (ind.numerator and ind.denominator):
        found.append("chỉ tiêu tỷ lệ cần tử số và mẫu số")
    for text in (ind.numerator, ind.denominator):
        if not text:
            continue
        try:
            refs = expr.references(parse_cached(text))
        except expr.ExprError as exc:
            found.append(f"biểu thức '{text}' không hợp lệ: {exc}")
            continue
        for ref in refs:
            if ref not in known or known[ref].kind != "count":
                found.append(f"'{ref}' phải là một chỉ tiêu loại count (số lượng)")
    if ind.weight is not None and (ind.weight not in known or known[ind.weight].kind != "count"):
        found.append(f"'{ind.weight}' phải là một chỉ tiêu loại count (số lượng)")
    if ind.aggregate == "weighted_mean" and not ind.weight:
        found.append("trung bình có trọng số cần chỉ tiêu trọng số")
    return found


def rule_problems(rule: Rule, known: dict[str, Indicator]) -> list[str]:
    return [f"'{code}' không phải chỉ tiêu số" for code in rule.codes
            if code not in known or not known[code].is_numeric]


def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    """Load and check the catalog TOML file."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    areas = {int(k): v for k, v in data["areas"].items()}
    indicators: dict[str, Indicator] = {}
    for raw in data.get("indicator", []):
        ind = Indicator(**raw)
        if ind.code in indicators:
            raise CatalogError(f"Mã chỉ tiêu trùng: {ind.code}")
        indicators[ind.code] = ind
    for ind in indicators.values():
        problems = indicator_problems(ind, indicators, areas)
        if problems:
            raise CatalogError(f"{ind.code}: {'; '.join(problems)}")
    rules: list[Rule] = []
    for raw in data.get("rule", []):
        rule = Rule(id=raw["id"], expr=raw["expr"], message=raw["message"], tree=expr.parse(raw["expr"]))
        problems = rule_problems(rule, indicators)
        if problems:
            raise CatalogError(f"Quy tắc {rule.id}: {'; '.join(problems)}")
        rules.append(rule)
    return Catalog(version=str(data.get("version", "")), areas=areas, indicators=indicators, rules=rules)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()
