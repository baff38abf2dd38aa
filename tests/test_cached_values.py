"""Every formula stores the result a spreadsheet computes: LibreOffice's default profile (stored
results) and a forced recalculation give the same values in every kind of output."""
import math
import shutil

import openpyxl
import pytest

from consolidation.demo import run_demo
from workbook_templates import libreoffice

needs_libreoffice = pytest.mark.skipif(not libreoffice.available(), reason="LibreOffice not installed")


def _values(path) -> dict:
    wb = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.value is not None}


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@needs_libreoffice
def test_stored_results_equal_recalculated_results(tmp_path):
    demo = tmp_path / "demo"
    run_demo(demo)
    kinds = {
        "blank template": next((demo / "bieu-mau").glob("CH_CATHAI_*.xlsx")),
        "filled template": next((demo / "bao-cao" / "xa").glob("CH_CATHAI_*.xlsx")),
        "template with mistakes": next((demo / "bao-cao").rglob("CH_TCKH_*.xlsx")),
        "summary": demo / "tong-hop.xlsx",
        "feedback": next((demo / "phan-hoi").glob("*.xlsx")),
    }
    src = tmp_path / "src"
    src.mkdir()
    copies = []
    for n, path in enumerate(kinds.values()):
        copies.append(src / f"{n}.xlsx")
        shutil.copy(path, copies[-1])
    stored = libreoffice.convert(copies, "xlsx", tmp_path / "stored", recalc=False)
    recalculated = libreoffice.convert(copies, "xlsx", tmp_path / "recalc", recalc=True)
    for kind, a, b in zip(kinds, stored, recalculated):
        va, vb = _values(a), _values(b)
        diff = [(k, va.get(k), vb.get(k)) for k in sorted(set(va) | set(vb), key=str) if not _same(va.get(k), vb.get(k))]
        assert diff == [], f"{kind}: {diff[:5]}"
        assert not any(isinstance(v, str) and v.startswith("#") and v.endswith(("!", "?", "A")) for v in vb.values()), kind
