"""Plans as Excel workbooks the home-affairs office reads and edits itself.

Sheets and columns are documented in docs/plans.md. Columns are found by their header
text, so an office may reorder them or add its own. ``write_plan`` turns a plan source
(a dict, e.g. one of the TOML transcriptions in ``plans/src``) into such a workbook;
``read_plan`` loads and checks one, with Vietnamese errors naming sheet and cell.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import openpyxl
import xlsxwriter
from openpyxl.utils import get_column_letter

from .plan_model.catalog import Catalog, default_catalog
from .plan_model.periods import KIND_END_MONTH, Period, PeriodError, parse_due, parse_kind
from .plan_model.plan import OPS, CalendarEntry, Headline, Plan, PlanIndicator, Target, Task, Unit

FIXED_DATE = dt.datetime(2024, 1, 1)

INFO_SHEET, LEVEL_SHEET, UNIT_SHEET = "Thông tin", "Cấp", "Đơn vị"
CAL_SHEET, TARGET_SHEET, HEADLINE_SHEET, TASK_SHEET = "Lịch báo cáo", "Chỉ tiêu", "Chỉ tiêu chủ yếu", "Nhiệm vụ"

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
    "source": "Nguồn",
    "notes": "Ghi chú",
}
COLUMNS = {
    LEVEL_SHEET: {"code": "Mã cấp", "name": "Tên cấp"},
    UNIT_SHEET: {"code": "Mã đơn vị", "name": "Tên đơn vị", "level": "Cấp", "parent": "Đơn vị cấp trên", "note": "Ghi chú"},
    CAL_SHEET: {"kind": "Kỳ", "label": "Tên kỳ", "cutoff": "Ngày chốt số liệu", "deadline": "Hạn nộp báo cáo"},
    TARGET_SHEET: {
        "code": "Mã chỉ tiêu", "name": "Tên chỉ tiêu (tham khảo)", "required": "Bắt buộc", "op": "So sánh",
        "value": "Giá trị chỉ tiêu", "by_level": "Chỉ tiêu theo cấp", "levels": "Cấp áp dụng",
        "periods": "Kỳ báo cáo", "max": "Điểm tối đa", "basis": "Căn cứ",
    },
    HEADLINE_SHEET: {"no": "STT", "text": "Nội dung chỉ tiêu", "codes": "Mã chỉ tiêu liên quan"},
    TASK_SHEET: {
        "id": "Mã", "area": "Lĩnh vực", "content": "Nội dung", "lead": "Cơ quan chủ trì",
        "lead_units": "Mã đơn vị chủ trì", "partners": "Cơ quan phối hợp", "timing": "Thời gian thực hiện",
        "due": "Hạn hoàn thành", "output": "Sản phẩm", "budget": "Kinh phí (triệu đồng)", "note": "Ghi chú",
    },
}
COLUMN_WIDTHS = {
    LEVEL_SHEET: [12, 30], UNIT_SHEET: [16, 55, 10, 16, 40], CAL_SHEET: [8, 26, 18, 18],
    TARGET_SHEET: [24, 60, 9, 9, 10, 22, 16, 12, 10, 40], HEADLINE_SHEET: [6, 90, 40],
    TASK_SHEET: [6, 8, 70, 34, 24, 30, 22, 14, 36, 12, 30],
}
REQUIRED_COLUMNS = {
    LEVEL_SHEET: ["code", "name"], UNIT_SHEET: ["code", "name", "level"], CAL_SHEET: ["kind", "cutoff", "deadline"],
    TARGET_SHEET: ["code"], HEADLINE_SHEET: ["no", "text"], TASK_SHEET: ["id", "area", "content", "lead", "lead_units", "timing"],
}


@dataclass(frozen=True)
class PlanProblem:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = f"sheet '{self.sheet}'" + (f", ô {self.cell}" if self.cell else "")
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
    table(CAL_SHEET, [{**p, "label": Period(year, parse_kind(p["kind"])).label} for p in source["period"]])
    table(TARGET_SHEET, [{**t, "name": getattr(catalog.indicators.get(t["code"]), "name", "")} for t in source["target"]])
    table(HEADLINE_SHEET, source.get("headline", []))
    table(TASK_SHEET, source.get("task", []))
    wb.close()
    return path


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return dt.datetime.fromisoformat(str(value))


# ------------------------------------------------------------------------------ reading


class _Reader:
    """Collects problems while turning sheet rows into plan objects."""

    def __init__(self, path: Path, catalog: Catalog):
        self.path = path
        self.catalog = catalog
        self.problems: list[PlanProblem] = []
        self.wb = openpyxl.load_workbook(path, read_only=True, data_only=True)

    def problem(self, sheet: str, cell: str, message: str) -> None:
        self.problems.append(PlanProblem(sheet, cell, message))

    def rows(self, sheet: str) -> Iterator[tuple[int, dict[str, Any], dict[str, str]]]:
        """Yield (row number, values by key, cell address by key) of a table sheet."""
        if sheet not in self.wb.sheetnames:
            self.problem(sheet, "", "thiếu sheet này")
            return
        ws = self.wb[sheet]
        iterator = ws.iter_rows(values_only=True)
        header = next(iterator, None) or ()
        by_text = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
        cols = {key: by_text.get(text) for key, text in COLUMNS[sheet].items()}
        for key in REQUIRED_COLUMNS[sheet]:
            if cols[key] is None:
                self.problem(sheet, "1", f"thiếu cột '{COLUMNS[sheet][key]}'")
        if any(cols[k] is None for k in REQUIRED_COLUMNS[sheet]):
            return
        for r, values in enumerate(iterator, start=2):
            if not any(v not in (None, "") for v in values):
                continue
            row = {k: (values[i] if i is not None and i < len(values) else None) for k, i in cols.items()}
            row = {k: (v.strip() if isinstance(v, str) else v) for k, v in row.items()}
            cells = {k: f"{get_column_letter(i + 1)}{r}" for k, i in cols.items() if i is not None}
            yield r, row, cells

    def info(self) -> dict[str, Any]:
        if INFO_SHEET not in self.wb.sheetnames:
            self.problem(INFO_SHEET, "", "thiếu sheet này")
            return {}
        by_label = {label: key for key, label in INFO_KEYS.items()}
        found: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for r, values in enumerate(self.wb[INFO_SHEET].iter_rows(values_only=True), start=1):
            if values and isinstance(values[0], str) and values[0].strip() in by_label:
                key = by_label[values[0].strip()]
                found[key] = values[1] if len(values) > 1 else None
                cells[key] = f"B{r}"
        for key in ("name", "title", "year", "owner_code", "owner_name", "owner_level"):
            if found.get(key) in (None, ""):
                self.problem(INFO_SHEET, cells.get(key, ""), f"thiếu '{INFO_KEYS[key]}'")
        try:
            found["year"] = int(found.get("year"))
        except (TypeError, ValueError):
            self.problem(INFO_SHEET, cells.get("year", ""), f"năm '{found.get('year')}' không hợp lệ")
        return found

    def date(self, value: Any, sheet: str, cell: str, label: str) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
            if match:
                return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        self.problem(sheet, cell, f"{label} '{value}' không phải ngày (dd/mm/yyyy)")
        return None


def _split(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", str(value or "")) if p.strip()]


def _parse_target(text: str) -> Target:
    match = re.fullmatch(r"\s*(>=|>|=|<=|≥|≤)\s*(-?\d+(?:[.,]\d+)?)\s*", text)
    if not match:
        raise ValueError(text)
    op = {"≥": ">=", "≤": "<="}.get(match.group(1), match.group(1))
    return Target(op, float(match.group(2).replace(",", ".")))


def read_plan(path: Path | str, catalog: Catalog | None = None) -> Plan:
    """Load a plan workbook; raise PlanError listing every problem (sheet, cell, message)."""
    path = Path(path)
    catalog = catalog or default_catalog()
    try:
        reader = _Reader(path, catalog)
    except Exception as exc:  # not a workbook at all
        raise PlanError(path, [PlanProblem("", "", f"không mở được tệp kế hoạch: {exc}")]) from exc
    info = reader.info()
    year = info.get("year") if isinstance(info.get("year"), int) else 0

    levels: dict[str, str] = {}
    for _, row, cells in reader.rows(LEVEL_SHEET):
        levels[str(row["code"])] = str(row["name"] or row["code"])

    def check_level(level: Any, sheet: str, cell: str) -> str:
        level = str(level or "")
        if level not in levels:
            reader.problem(sheet, cell, f"cấp '{level}' không có trong sheet '{LEVEL_SHEET}'")
        return level

    owner = Unit(str(info.get("owner_code") or ""), str(info.get("owner_name") or ""),
                 str(info.get("owner_level") or ""), (str(info["owner_parent"]) if info.get("owner_parent") else None))
    if owner.level and owner.level not in levels:
        reader.problem(INFO_SHEET, "", f"cấp '{owner.level}' của đơn vị tổng hợp không có trong sheet '{LEVEL_SHEET}'")

    units: list[Unit] = []
    for _, row, cells in reader.rows(UNIT_SHEET):
        code = str(row["code"] or "")
        if any(u.code == code for u in units):
            reader.problem(UNIT_SHEET, cells["code"], f"mã đơn vị '{code}' bị trùng")
            continue
        if code == owner.code:
            reader.problem(UNIT_SHEET, cells["code"], "đơn vị tổng hợp không được là đơn vị báo cáo của chính mình")
        units.append(Unit(code, str(row["name"] or ""), check_level(row["level"], UNIT_SHEET, cells["level"]),
                          str(row["parent"]) if row.get("parent") else owner.code))

    calendar: list[CalendarEntry] = []
    for _, row, cells in reader.rows(CAL_SHEET):
        try:
            period = Period(year, parse_kind(row["kind"]))
        except PeriodError as exc:
            reader.problem(CAL_SHEET, cells["kind"], str(exc))
            continue
        cutoff = reader.date(row["cutoff"], CAL_SHEET, cells["cutoff"], "ngày chốt số liệu")
        deadline = reader.date(row["deadline"], CAL_SHEET, cells["deadline"], "hạn nộp")
        if cutoff and deadline:
            if deadline < cutoff:
                reader.problem(CAL_SHEET, cells["deadline"], "hạn nộp sớm hơn ngày chốt số liệu")
            calendar.append(CalendarEntry(period, cutoff, deadline))
    calendar.sort(key=lambda c: (c.period.end, list(KIND_END_MONTH).index(c.period.kind)))

    indicators: list[PlanIndicator] = []
    for _, row, cells in reader.rows(TARGET_SHEET):
        code = str(row["code"] or "")
        if code not in catalog.indicators:
            reader.problem(TARGET_SHEET, cells["code"], f"mã chỉ tiêu '{code}' không có trong danh mục chỉ tiêu")
            continue
        if any(i.code == code for i in indicators):
            reader.problem(TARGET_SHEET, cells["code"], f"mã chỉ tiêu '{code}' bị trùng")
            continue
        ind = catalog[code]
        target = None
        if row.get("op") not in (None, "") or row.get("value") not in (None, ""):
            op = {"≥": ">=", "≤": "<="}.get(str(row.get("op") or "").strip(), str(row.get("op") or "").strip())
            if op not in OPS:
                reader.problem(TARGET_SHEET, cells.get("op", ""), f"phép so sánh '{row.get('op')}' không hợp lệ (dùng >=, >, =, <=)")
            elif not isinstance(row.get("value"), (int, float)):
                reader.problem(TARGET_SHEET, cells.get("value", ""), f"giá trị chỉ tiêu '{row.get('value')}' không phải số")
            else:
                target = Target(op, float(row["value"]))
        by_level: dict[str, Target] = {}
        for part in _split(row.get("by_level")):
            level, _, text = part.partition(":")
            try:
                by_level[check_level(level.strip(), TARGET_SHEET, cells["by_level"])] = _parse_target(text)
            except ValueError:
                reader.problem(TARGET_SHEET, cells["by_level"], f"chỉ tiêu theo cấp '{part}' không hợp lệ (ví dụ: huyen: >=60)")
        levels_of = tuple(check_level(lv, TARGET_SHEET, cells["levels"]) for lv in _split(row.get("levels")))
        kinds: list[str] = []
        for word in _split(row.get("periods")):
            try:
                kinds.append(parse_kind(word))
            except PeriodError as exc:
                reader.problem(TARGET_SHEET, cells["periods"], str(exc))
        max_points = row.get("max")
        if ind.kind == "score" and not isinstance(max_points, (int, float)):
            reader.problem(TARGET_SHEET, cells.get("max", ""), f"chỉ tiêu điểm '{code}' cần 'Điểm tối đa'")
            max_points = None
        required = str(row.get("required") or "Có").strip().lower() not in ("không", "khong", "0", "false")
        indicators.append(PlanIndicator(
            indicator=ind, required=required, target=target, target_by_level=by_level, levels=levels_of,
            period_kinds=tuple(kinds), max=float(max_points) if isinstance(max_points, (int, float)) else None,
            basis=str(row.get("basis") or ""),
        ))
    codes = {i.code for i in indicators}
    for ind in indicators:
        for ref in (ind.indicator.numerator, ind.indicator.denominator, ind.indicator.weight):
            if ref and ref not in codes:
                reader.problem(TARGET_SHEET, "", f"chỉ tiêu '{ind.code}' cần chỉ tiêu '{ref}' trong kế hoạch")

    headlines: list[Headline] = []
    for _, row, cells in reader.rows(HEADLINE_SHEET):
        refs = tuple(_split(row.get("codes")))
        for ref in refs:
            if ref not in codes:
                reader.problem(HEADLINE_SHEET, cells.get("codes", ""), f"mã chỉ tiêu '{ref}' không có trong sheet '{TARGET_SHEET}'")
        headlines.append(Headline(int(row["no"]), str(row["text"]), refs))

    tasks: list[Task] = []
    unit_codes = {u.code for u in units}
    for _, row, cells in reader.rows(TASK_SHEET):
        task_id = str(row["id"]).removesuffix(".0") if isinstance(row["id"], float) else str(row["id"] or "")
        if any(t.id == task_id for t in tasks):
            reader.problem(TASK_SHEET, cells["id"], f"mã nhiệm vụ '{task_id}' bị trùng")
            continue
        leads: list[str] = []
        for token in _split(row["lead_units"]):
            if token.lower().startswith("cấp:"):
                level = token.split(":", 1)[1].strip()
                leads += [u.code for u in units if u.level == level]
                if level not in levels:
                    reader.problem(TASK_SHEET, cells["lead_units"], f"cấp '{level}' không có trong sheet '{LEVEL_SHEET}'")
            elif token == "*":
                leads += [u.code for u in units]
            elif token in unit_codes:
                leads.append(token)
            else:
                reader.problem(TASK_SHEET, cells["lead_units"], f"mã đơn vị chủ trì '{token}' không có trong sheet '{UNIT_SHEET}'")
        if not _split(row["lead_units"]):
            reader.problem(TASK_SHEET, cells["lead_units"], f"nhiệm vụ '{task_id}' chưa có đơn vị chủ trì")
        due = None
        if row.get("due") not in (None, ""):
            due = reader.date(row["due"], TASK_SHEET, cells["due"], "hạn hoàn thành")
        else:
            try:
                due = parse_due(str(row["timing"] or ""), year)
            except PeriodError as exc:
                reader.problem(TASK_SHEET, cells["timing"], f"{exc}; ghi rõ 'Hạn hoàn thành'")
        budget = row.get("budget")
        if budget not in (None, "") and not isinstance(budget, (int, float)):
            reader.problem(TASK_SHEET, cells.get("budget", ""), f"kinh phí '{budget}' không phải số")
            budget = None
        try:
            area = int(row["area"])
        except (TypeError, ValueError):
            reader.problem(TASK_SHEET, cells["area"], f"lĩnh vực '{row['area']}' không phải số 1–7")
            area = 0
        tasks.append(Task(
            id=task_id, area=area, content=str(row["content"] or ""), lead=str(row["lead"] or ""),
            lead_units=tuple(dict.fromkeys(leads)), partners=str(row.get("partners") or ""),
            timing=str(row["timing"] or ""), due=due, output=str(row.get("output") or ""),
            budget=float(budget) if isinstance(budget, (int, float)) else None, note=str(row.get("note") or ""),
        ))
    reader.wb.close()
    if reader.problems:
        raise PlanError(path, reader.problems)
    issued = info.get("issued")
    return Plan(
        name=str(info["name"]), title=str(info["title"]), year=year, owner=owner, levels=levels, units=units,
        calendar=calendar, indicators=indicators, rules=[r for r in catalog.rules if set(r.codes) <= codes],
        tasks=tasks, headlines=headlines, document=str(info.get("document") or ""),
        issued=issued.date() if isinstance(issued, dt.datetime) else None, source=str(info.get("source") or ""),
        notes=str(info.get("notes") or ""), path=path, areas=dict(catalog.areas),
    )
