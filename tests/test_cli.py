"""The public CLI, run as a real subprocess."""
import json
import subprocess
import sys

import pytest


def cchc(*args, check=True):
    proc = subprocess.run([sys.executable, "-m", "consolidation", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8")
    if check and proc.returncode != 0:
        raise AssertionError(proc.stderr)
    return proc


def test_plans_json():
    rows = json.loads(cchc("plans", "--json").stdout)
    assert [r["name"] for r in rows] == ["cathai-2023", "hodo-2024", "ldtbxh-hue-2022", "locha-2024", "quangnam-2020",
                                         "tinh-2026"]
    assert [r["pre_2025"] for r in rows] == [True, True, True, True, True, False]
    assert set(rows[0]) >= {"name", "title", "year", "owner_level", "path", "pre_2025"}
    assert rows[1]["owner_level"] == "xa" and rows[1]["year"] == 2024


def test_templates_and_export_by_path(tmp_path):
    rows = json.loads(cchc("plans", "--json").stdout)
    plan_path = rows[1]["path"]
    cchc("templates", plan_path, "--period", "2024-H1", "--out", tmp_path / "t")
    files = sorted(p.name for p in (tmp_path / "t").iterdir())
    assert files[0] == "HD_BBT_2024-H1.xlsx" and len(files) == 7
    cchc("plan", "export", "hodo-2024", "--period", "2024-H1", "--json", tmp_path / "e.json")
    data = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert data["period"] == "2024-H1" and data["periods"][0]["label"] == "6 tháng đầu năm 2024"


@pytest.mark.parametrize("args, message", [
    (("templates", "khong-co", "--period", "2024-Q1", "--out", "x"), "không tìm thấy kế hoạch 'khong-co'"),
    (("templates", "hodo-2024", "--period", "2024-Q9", "--out", "x"), "Mã kỳ báo cáo '2024-Q9' không hợp lệ"),
])
def test_errors_are_vietnamese_with_exit_code_2(args, message):
    proc = cchc(*args, check=False)
    assert proc.returncode == 2
    assert message in proc.stderr


def test_consolidate_and_validate(tmp_path):
    cchc("demo", "--out", tmp_path / "demo")
    inbox = tmp_path / "demo" / "bao-cao"
    cchc("consolidate", inbox, "--plan", "cathai-2023", "--period", "2023-Y", "--out", tmp_path / "s.xlsx",
         "--json", tmp_path / "r.json", "--feedback", tmp_path / "fb")
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["period"] == "2023-Y" and data["plan"] == "cathai-2023" and data["counts"]["missing"] == 1
    assert (tmp_path / "s.xlsx").exists() and any((tmp_path / "fb").iterdir())
    good = [u for u in data["units"] if u["status"] == "ok" and u["source"]["path"].endswith(".xlsx")][0]
    bad = [u for u in data["units"] if u["status"] == "has_errors"][0]
    assert cchc("validate", good["source"]["path"], "--plan", "cathai-2023", check=False).returncode == 0
    proc = cchc("validate", bad["source"]["path"], "--plan", "cathai-2023", "--json", tmp_path / "v.json", check=False)
    assert proc.returncode == 1 and "[Lỗi]" in proc.stdout
    assert json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))["files"][0]["issues"]
