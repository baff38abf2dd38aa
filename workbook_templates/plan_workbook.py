"""Plans as Excel workbooks the home-affairs office reads and edits itself.

Sheets and columns are documented in docs/plans.md. Columns are found by their header
text, so an office may reorder them or add its own. ``write_plan`` turns a plan source
(a dict, e.g. one of the TOML transcriptions in ``plans/src``) into such a workbook;
``plan_reader.read_plan`` loads and checks one, with Vietnamese errors naming sheet and cell.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from .plan_model.catalog import Catalog, default_catalog
from .plan_model.periods import Period, parse_kind, parse_period

FIXED_DATE = dt.datetime(2024, 1, 1)

INFO_SHEET, LEVEL_SHEET, UNIT_SHEET = "Thông tin", "Cấp", "Đơn vị"
CAL_SHEET, TARGET_SHEET, HEADLINE_SHEET, TASK_SHEET = "Lịch báo cáo", "Chỉ tiêu", "Chỉ tiêu chủ yếu", "Nhiệm vụ"
#: Legacy columns of "Chỉ tiêu" (one target per indicator, before "Mục tiêu"): still read, never written.
LEGACY_TARGET_COLUMNS = {"op": "So sánh", "value": "Giá trị chỉ tiêu", "by_level": "Chỉ tiêu theo cấp"}
#: The indicators the plan uses are on TARGET_SHEET ("Chỉ tiêu"); their targets on GOAL_SHEET.
GOAL_SHEET, OWN_SHEET = "Mục tiêu", "Chỉ tiêu riêng"

INFO_KEYS = {
    "name": "Mã kế hoạch",
    "title": "Tên kế hoạch",
    "year": "Năm",
    "document": "Số, ký hiệu văn bản",
    "issued": "Ngày ban hành",
    "owner_code": "Mã đơn vị tổng hợp",
    "owner_name": "Tên đơn vị tổng hợp",
    "owner_level": "Cấp của đơn vị tổng hợp",
    "owner_parent": "Đơn vị cấp trên của đơn vị tổng hợp",
    "end_year": "Năm kết thúc (kế hoạch nhiều năm)",
    "owner_parent_name": "Tên đơn vị cấp trên (nơi nhận báo cáo tổng hợp)",
    "place": "Địa danh (ghi ở dòng ngày tháng của báo cáo)",
    "source": "Nguồn",
    "notes": "Ghi chú",
}
COLUMNS = {
    LEVEL_SHEET: {"code": "Mã cấp", "name": "Tên cấp"},
    UNIT_SHEET: {"code": "Mã đơn vị", "name": "Tên đơn vị", "level": "Cấp", "parent": "Đơn vị cấp trên", "note": "Ghi chú",
                 "consolidates": "Tổng hợp từ cấp dưới"},
    CAL_SHEET: {"kind": "Kỳ", "label": "Tên kỳ", "cutoff": "Ngày chốt số liệu", "deadline": "Hạn nộp báo cáo"},
    TARGET_SHEET: {
        "code": "Mã chỉ tiêu", "name": "Tên chỉ tiêu (tham khảo)", "required": "Bắt buộc", "levels": "Cấp áp dụng",
        "periods": "Kỳ báo cáo", "max": "Điểm tối đa", "basis": "Căn cứ",
    },
    GOAL_SHEET: {
        "code": "Mã chỉ tiêu", "name": "Tên chỉ tiêu (tham khảo)", "scope": "Phạm vi áp dụng", "level": "Cấp",
        "op": "So sánh", "value": "Giá trị", "periods": "Kỳ đánh giá", "basis": "Căn cứ",
    },
    OWN_SHEET: {
        "code": "Mã chỉ tiêu", "name": "Tên chỉ tiêu", "unit": "Đơn vị tính", "area": "Lĩnh vực", "kind": "Loại",
        "aggregate": "Cách tổng hợp", "numerator": "Tử số", "denominator": "Mẫu số", "weight": "Trọng số",
        "max": "Giá trị tối đa", "group": "Nhóm", "rule": "Quy tắc kiểm tra", "rule_message": "Thông báo khi sai quy tắc",
        "source": "Nguồn",
    },
    HEADLINE_SHEET: {"no": "STT", "text": "Nội dung chỉ tiêu", "codes": "Mã chỉ tiêu liên quan"},
    TASK_SHEET: {
        "id": "Mã", "area": "Lĩnh vực", "content": "Nội dung", "lead": "Cơ quan chủ trì",
        "lead_units": "Mã đơn vị chủ trì", "partners": "Cơ quan phối hợp", "timing": "Thời gian thực hiện",
        "due": "Hạn hoàn thành", "output": "Sản phẩm", "budget": "Kinh phí (triệu đồng)", "note": "Ghi chú",
    },
}
COLUMN_WIDTHS = {
    LEVEL_SHEET: [12, 30], UNIT_SHEET: [16, 55, 10, 16, 40, 14], CAL_SHEET: [8, 26, 18, 18],
    TARGET_SHEET: [24, 60, 9, 16, 12, 10, 40], HEADLINE_SHEET: [6, 90, 40],
    GOAL_SHEET: [24, 50, 30, 12, 9, 10, 18, 40],
    OWN_SHEET: [22, 50, 12, 9, 10, 14, 30, 30, 16, 10, 24, 40, 40, 30],
    TASK_SHEET: [6, 8, 70, 34, 24, 30, 22, 14, 36, 12, 30],
}
REQUIRED_COLUMNS = {
    LEVEL_SHEET: ["code", "name"], UNIT_SHEET: ["code", "name", "level"], CAL_SHEET: ["kind", "cutoff", "deadline"],
    TARGET_SHEET: ["code"], GOAL_SHEET: ["code", "op", "value"], OWN_SHEET: ["code", "name", "unit", "area", "kind", "aggregate"],
    HEADLINE_SHEET: ["no", "text"], TASK_SHEET: ["id", "area", "content", "lead", "lead_units", "timing"],
}


@dataclass(frozen=True)
class PlanProblem:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = f"trang tính '{self.sheet}'" + (f", ô {self.cell}" if self.cell else "")
        return f"{where}: {self.message}"


class PlanError(ValueError):
    """A plan workbook that cannot be used, with every problem found."""

    def __init__(self, path: Path | str, problems: list[PlanProblem]):
        self.path = Path(path)
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Kế hoạch '{self.path.name}' có {len(problems)} lỗi:\n{lines}")


# ------------------------------------------------------------------------------ writing


def write_plan(source: dict[str, Any], path: Path | str, catalog: Catalog | None = None) -> Path:
    """Write a plan source dict (the TOML transcription format) as a plan workbook."""
    catalog = catalog or default_catalog()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"default_date_format": "dd/mm/yyyy"})
    wb.set_properties({"title": source["info"]["title"], "created": FIXED_DATE, "author": "CCHC"})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                          "valign": "vcenter", "font_name": "Times New Roman", "font_size": 12})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "font_name": "Times New Roman", "font_size": 12})
    datef = wb.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "font_name": "Times New Roman", "font_size": 12})

    info = wb.add_worksheet(INFO_SHEET)
    info.set_column(0, 0, 36)
    info.set_column(1, 1, 90)
    info.write_row(0, 0, ["Mục", "Giá trị"], head)
    for row, (key, label) in enumerate(INFO_KEYS.items(), start=1):
        info.write(row, 0, label, cell)
        value = source["info"].get(key, "")
        if key == "issued" and value:
            info.write_datetime(row, 1, _as_datetime(value), datef)
        elif isinstance(value, str):
            info.write_string(row, 1, value, cell)
        else:
            info.write_number(row, 1, value, cell)

    def table(sheet: str, rows: list[dict[str, Any]]) -> None:
        ws = wb.add_worksheet(sheet)
        cols = COLUMNS[sheet]
        ws.write_row(0, 0, list(cols.values()), head)
        for c, width in enumerate(COLUMN_WIDTHS[sheet]):
            ws.set_column(c, c, width)
        ws.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            for c, key in enumerate(cols):
                value = row.get(key)
                if value is None or value == "":
                    continue
                if isinstance(value, (list, tuple)):
                    value = "; ".join(str(v) for v in value)
                if isinstance(value, dict):
                    value = "; ".join(f"{k}: {v}" for k, v in value.items())
                if key in ("cutoff", "deadline", "due"):
                    ws.write_datetime(r, c, _as_datetime(value), datef)
                elif isinstance(value, bool):
                    ws.write(r, c, "Có" if value else "Không", cell)
                elif isinstance(value, str):
                    ws.write_string(r, c, value, cell)
                else:
                    ws.write_number(r, c, value, cell)
        ws.autofilter(0, 0, max(len(rows), 1), len(cols) - 1)

    table(LEVEL_SHEET, [{"code": k, "name": v} for k, v in source["levels"].items()])
    table(UNIT_SHEET, source["unit"])
    year = int(source["info"]["year"])
    table(CAL_SHEET, [{**p, "label": _period_of(p["kind"], year).label} for p in source["period"]])
    own = {o["code"]: o for o in source.get("own_indicator", [])}

    def name_of(code: str) -> str:
        return own[code]["name"] if code in own else getattr(catalog.indicators.get(code), "name", "")

    table(TARGET_SHEET, [{**t, "name": name_of(t["code"])} for t in source["indicator"]])
    table(GOAL_SHEET, [{**t, "name": name_of(t["code"])} for t in source.get("target", [])])
    if own:
        table(OWN_SHEET, list(own.values()))
    table(HEADLINE_SHEET, source.get("headline", []))
    table(TASK_SHEET, source.get("task", []))
    wb.close()
    return path


def _period_of(text: str, year: int) -> Period:
    """A calendar row's period: a code (``2023-Q1``, multi-year plans) or a kind of the plan's year."""
    return parse_period(text) if "-" in str(text) else Period(year, parse_kind(text))


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return dt.datetime.fromisoformat(str(value))
