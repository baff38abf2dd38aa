"""The verbs shared by the window, the add-in and the CLI."""
from __future__ import annotations

import datetime as dt
import json
import shutil

from consolidation import service, settings as store
from consolidation.cli import main, strip_xlwings_args
from workbook_templates.plan_model.periods import parse_period


def test_current_period_is_the_latest_ended(plans):
    plan = plans["hodo-2024"]
    codes = [c.period.code for c in plan.calendar]
    assert service.current_period(plan, dt.date(2024, 7, 15)).code in {"2024-H1", "2024-Q2"} & set(codes)
    assert service.current_period(plan, dt.date(2024, 1, 2)) == plan.calendar[0].period
    assert service.current_period(plan, dt.date(2030, 1, 1)).code == "2024-Y"


def test_outputs_go_beside_the_reports_folder(tmp_path):
    out = service.default_output_dir(tmp_path / "bao-cao", parse_period("2024-Q2"))
    assert out == (tmp_path / "bao-cao_tong-hop_2024-Q2").resolve()


def test_run_consolidation_equals_the_cli(tmp_path, demo_dir, plans):
    inbox = tmp_path / "bao-cao"
    shutil.copytree(demo_dir / "bao-cao", inbox)
    run = service.run_consolidation(inbox, plans["cathai-2023"], parse_period("2023-Y"))
    assert run.out_dir.parent == tmp_path and run.summary.name == "tong-hop_CATHAI_2023-Y.xlsx"
    assert main(["consolidate", str(inbox), "--plan", "cathai-2023", "--period", "2023-Y",
                 "--out", str(tmp_path / "cli.xlsx"), "--json", str(tmp_path / "cli.json")]) == 0
    ours, theirs = (json.loads(p.read_text(encoding="utf-8")) for p in (run.result_json, tmp_path / "cli.json"))
    assert ours["counts"] == theirs["counts"] and ours["totals"] == theirs["totals"]
    assert sorted(p.name for p in run.feedback_dir.iterdir()) == sorted(p.name for p in run.feedback_files)


def test_run_frozen_python_arguments_are_ignored(capsys):
    argv = ["plans", "--json", '--wb=cchc.xlam', "--from_xl=1", r"--app=C:\Program Files\EXCEL.EXE", "--hwnd=42"]
    assert strip_xlwings_args(argv) == ["plans", "--json"]
    assert main(argv) == 0
    assert "cathai-2023" in capsys.readouterr().out


def test_settings_survive_a_round_trip_and_a_broken_file(settings_dir):
    assert store.load() == store.Settings()
    store.save(store.Settings(plan="hodo-2024", period="2024-Q2", folder="D:/bao-cao"))
    assert store.load().period == "2024-Q2"
    (settings_dir / store.FILE_NAME).write_text("{not json", encoding="utf-8")
    assert store.load() == store.Settings()


def test_addin_verb_outside_excel_fails_with_a_message(capsys):
    """Without Excel, xlwings cannot find the calling book: exit 2 and say why."""
    assert main(["addin", "help", "--wb=cchc.xlam", "--from_xl=1", "--hwnd=1"]) == 2
    assert "không chạy được chức năng 'help'" in capsys.readouterr().err
