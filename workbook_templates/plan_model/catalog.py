"""The shared indicator catalog: what each indicator means, how it is typed and aggregated."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import expr

CATALOG_PATH = Path(__file__).parent / "catalog" / "indicators.toml"

KINDS = ("count", "percent", "ratio", "yesno", "score", "text")
AGGREGATES = ("sum", "ratio", "mean", "weighted_mean", "count_yes", "min", "max", "none")
#: Aggregations allowed for each kind.
KIND_AGGREGATES = {
    "count": {"sum", "mean", "min", "max", "none"},
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


def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    """Load and check the catalog TOML file."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    areas = {int(k): v for k, v in data["areas"].items()}
    indicators: dict[str, Indicator] = {}
    for raw in data.get("indicator", []):
        ind = Indicator(**raw)
        if ind.code in indicators:
            raise CatalogError(f"Mã chỉ tiêu trùng: {ind.code}")
        if ind.kind not in KINDS:
            raise CatalogError(f"{ind.code}: loại '{ind.kind}' không hợp lệ")
        if ind.aggregate not in KIND_AGGREGATES[ind.kind]:
            raise CatalogError(f"{ind.code}: cách tổng hợp '{ind.aggregate}' không dùng được cho loại '{ind.kind}'")
        if ind.area not in areas:
            raise CatalogError(f"{ind.code}: lĩnh vực {ind.area} không có trong danh mục")
        indicators[ind.code] = ind
    for ind in indicators.values():
        for ref in (ind.numerator, ind.denominator, ind.weight):
            if ref is not None and (ref not in indicators or indicators[ref].kind != "count"):
                raise CatalogError(f"{ind.code}: '{ref}' phải là một chỉ tiêu loại count trong danh mục")
        if ind.kind == "ratio" and not (ind.numerator and ind.denominator):
            raise CatalogError(f"{ind.code}: chỉ tiêu tỷ lệ cần tử số và mẫu số")
        if ind.aggregate == "weighted_mean" and not ind.weight:
            raise CatalogError(f"{ind.code}: trung bình có trọng số cần chỉ tiêu trọng số")
    rules: list[Rule] = []
    for raw in data.get("rule", []):
        rule = Rule(id=raw["id"], expr=raw["expr"], message=raw["message"], tree=expr.parse(raw["expr"]))
        for code in rule.codes:
            if code not in indicators or not indicators[code].is_numeric:
                raise CatalogError(f"Quy tắc {rule.id}: '{code}' không phải chỉ tiêu số trong danh mục")
        rules.append(rule)
    return Catalog(version=str(data.get("version", "")), areas=areas, indicators=indicators, rules=rules)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    return load_catalog()
