"""Feedback a unit can act on: by severity, unmet targets, overdue tasks, names not paths."""
import datetime as dt
import random

import openpyxl
import pytest

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.feedback import write_feedback
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template

PLAN, PERIOD = resolve_plan("cathai-2023"), parse_period("2023-Y")


def _texts(path) -> str:
    ws = openpyxl.load_workbook(path)["Phản hồi"]
    return "\n".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if c is not None)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("fb")
    rng = random.Random(4)

    def report(code, **changes):
        unit = PLAN.unit(code)
        values = unit_values(PLAN, unit, PERIOD, rng)
        values["BC_NGAY"] = dt.date(2023, 12, 5)
        for name in [n for n in values if n.endswith("_TINHTRANG")]:
            values[name] = "Hoàn thành"
        for name in [n for n in values if n.endswith("_NGAYHT")]:
            values[name] = dt.date(2023, 11, 1)
        values.update(changes)
        for name in [n for n, v in changes.items() if v is None]:
            values.pop(name)
        write_template(PLAN, unit, PERIOD, root / "in" / "sub" / f"{code}.xlsx", values)

    report("CH_PNV", CT_HS_GQ_DUNGHAN=1, CT_HS_GQ=10, NV_1b_TINHTRANG="Đang thực hiện", NV_1b_NGAYHT=None)
    report("CH_VP", NV_11_TINHTRANG=None)                                      # a warning only
    report("CH_PTP", CT_HS_GQ=None)                                            # an error
    result = consolidate(root / "in", PLAN, PERIOD)
    return root, result, {p.stem.split("_2023")[0]: p for p in write_feedback(result, root / "fb")}


def test_errors_ask_to_fix_and_resend(run):
    text = _texts(run[2]["CH_PTP"])
    assert "đề nghị đơn vị sửa trên chính tệp đã gửi và gửi lại" in text and "Chưa nhập số liệu bắt buộc" in text


def test_warnings_alone_do_not_ask_to_resend(run):
    text = _texts(run[2]["CH_VP"])
    assert "Chưa cập nhật tình trạng nhiệm vụ" in text
    assert "sửa trên chính tệp đã gửi" not in text and "nếu số liệu đúng thì không cần gửi lại" in text


def test_unmet_targets_and_overdue_tasks_are_listed(run):
    text = _texts(run[2]["CH_PNV"])
    assert "CHỈ TIÊU CHƯA ĐẠT KẾ HOẠCH" in text and "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn" in text
    assert "10" in text and "= 100" in text and "Chênh lệch -90" in text
    assert "NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH" in text and "15/01/2023" in text


def test_no_local_paths_and_no_bare_codes_as_labels(run):
    root, _, files = run
    for path in files.values():
        text = _texts(path)
        assert str(root) not in text and "/sub/" not in text
        assert "value-missing" not in text.split("Mã (hỗ trợ)")[0]


def test_rerun_removes_stale_feedback_and_all_writes_every_submitting_unit(run, tmp_path):
    root, result, files = run
    stale = root / "fb" / "CH_TTR_2023-Y_phan-hoi.xlsx"
    stale.write_bytes(b"old")
    write_feedback(result, root / "fb")
    assert not stale.exists()
    every = write_feedback(result, tmp_path / "all", every_unit=True)
    submitted = {u.unit.code for u in result.units if u.status in ("ok", "has_errors")}
    assert {p.name.split("_2023")[0] for p in every} == submitted
