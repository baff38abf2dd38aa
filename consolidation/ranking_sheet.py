"""The summary's "Xếp hạng" sheet: units ranked by self-assessed PAR points within their level."""
from __future__ import annotations

from workbook_templates.plan_model.plan import PlanIndicator
from workbook_templates.plan_model.targets import format_number
from workbook_templates.styles import Styles

from .engine import Consolidation
from .ranking import distribution, rank_units
from .sheet_tables import page, table, title


def write_ranking(wb, st: Styles, result: Consolidation, sub: str, par: list[PlanIndicator]) -> None:
    ws = wb.add_worksheet("Xếp hạng")
    plan = result.plan
    headers = (["Hạng", "Mã đơn vị", "Tên đơn vị"] + [plan.areas.get(p.indicator.area, p.indicator.name) for p in par]
               + ["Tổng điểm", "Tỷ lệ so với điểm tối đa (%)"])
    widths = [7.0, 16.0, 30.0] + [12.0] * len(par) + [10.0, 14.0]
    title(ws, st, "XẾP HẠNG ĐƠN VỊ THEO ĐIỂM TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH", sub, len(headers), widths)
    maximum = sum(p.max_value or 0 for p in par)
    row = 2
    ws.merge_range(row, 0, row, len(headers) - 1,
                   f"Điểm tối đa: {format_number(maximum)} điểm. Xếp hạng trong từng cấp; đơn vị bằng điểm xếp đồng hạng; đơn vị chưa đủ điểm các lĩnh vực không xếp hạng (–).",
                   st.get(italic=True, text_wrap=True))
    ws.set_row(row, 32)
    first_header = row + 2
    for level, units in rank_units(result, par).items():
        row += 2
        ws.merge_range(row, 0, row, len(headers) - 1, f"{plan.level_name(level)} ({len(units)} đơn vị)", st.area())
        rows = [[u.rank if u.rank is not None else "–", u.code, u.name]
                + [p if p is not None else "" for p in u.points]
                + [u.total if u.total is not None else "", round(u.percent, 2) if u.percent is not None else u.note]
                for u in units]
        row = table(ws, st, row + 1, headers, rows, widths, filters=False)
        row += 1
        ws.write_row(row, 2, ["Phân bố theo tỷ lệ so với điểm tối đa", "Số đơn vị"], st.header())
        ws.set_row(row, 32)
        for label, n in distribution(units):
            row += 1
            ws.write_string(row, 2, label, st.text())
            ws.write_number(row, 3, n, st.number("0"))
    page(ws, first_header)
