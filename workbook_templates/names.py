"""Workbook-level defined names of report cells: a public contract (docs/template-names.md).

The same names are used by every template of a plan, in every period, and by the
summary workbook, so that readers never depend on row positions.
"""
from __future__ import annotations

import re

#: Defined names of the header cells.
HEADER_NAMES = {
    "unit_code": "BC_MA_DONVI",
    "unit_name": "BC_TEN_DONVI",
    "period": "BC_KY",
    "reporter": "BC_NGUOI_LAP",
    "report_date": "BC_NGAY",
}
#: Suffixes of a task's input cells.
TASK_FIELDS = {"status": "TINHTRANG", "done_date": "NGAYHT", "output": "KETQUA", "note": "GHICHU"}
#: The three task statuses of the dropdown, in this order.
TASK_STATUSES = ("Hoàn thành", "Đang thực hiện", "Chưa thực hiện")
YES, NO = "Có", "Không"


def indicator_name(code: str) -> str:
    return f"CT_{code}"


def task_slug(task_id: str) -> str:
    slug = re.sub(r"[^0-9A-Za-z]+", "_", task_id.strip()).strip("_")
    if not slug:
        raise ValueError(f"Mã nhiệm vụ rỗng: {task_id!r}")
    return slug


def task_names(task_id: str) -> dict[str, str]:
    slug = task_slug(task_id)
    return {key: f"NV_{slug}_{suffix}" for key, suffix in TASK_FIELDS.items()}
