"""The ribbon's Python actions, driven through a small fake of the xlwings objects they use."""
from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from addin import registry
from consolidation.filler import named_cells
from addin.entry import LOG_NAME, run
from consolidation import settings as store
from tests.addin_fakes import FakeApp, FakeBook, FakeBooks, FakeDialogs, FakeSheet, addin_book

xw = pytest.importorskip("xlwings")


def test_fake_matches_the_pinned_xlwings_api():
    """Every attribute the fake offers exists on xlwings' own classes, with the same arguments."""
    from xlwings import main

    assert list(inspect.signature(main.App.alert).parameters) == list(inspect.signature(FakeApp.alert).parameters)
    assert isinstance(inspect.getattr_static(main.App, "status_bar"), property)
    assert isinstance(inspect.getattr_static(main.App, "books"), property)
    for name in ("open", "add"):
        assert callable(getattr(main.Books, name))
    assert isinstance(inspect.getattr_static(main.Books, "active"), property)
    assert isinstance(inspect.getattr_static(main.Book, "fullname"), property)
    assert isinstance(inspect.getattr_static(main.Book, "sheets"), property)
    assert isinstance(inspect.getattr_static(main.Sheet, "name"), property)
    assert callable(main.Sheet.range)
    for fake, real in ((FakeBooks, main.Books), (FakeBook, main.Book), (FakeSheet, main.Sheet)):
        public = {n for n in vars(fake) if not n.startswith("_")}
        assert public <= set(dir(real)) | {"opened", "added", "ranges"}, fake


def _addin(tmp_path) -> FakeBook:
    path = tmp_path / "addin" / "cchc.xlam"
    path.parent.mkdir()
    path.write_bytes(b"")
    return addin_book(path)


def test_consolidate_writes_summary_opens_it_and_reports_counts(tmp_path, demo_dir, settings_dir):
    inbox = tmp_path / "bao-cao"
    shutil.copytree(demo_dir / "bao-cao", inbox)
    book = _addin(tmp_path)
    ui = FakeDialogs(folder=str(inbox))
    assert run("consolidate", book, ui) == 0
    out = tmp_path / "bao-cao_tong-hop_2023-Y"
    summary = out / "tong-hop_CATHAI_2023-Y.xlsx"
    assert book.app.books.opened == [str(summary)]
    result = json.loads((out / "ket-qua.json").read_text(encoding="utf-8"))
    c = result["counts"]
    [alert] = book.app.alerts
    assert alert["mode"] == "info" and alert["title"] == "CCHC"
    assert f"Đã nộp: {c['submitted']}/{c['expected']} đơn vị" in alert["prompt"]
    assert f"Chưa nộp: {c['missing']}" in alert["prompt"]
    assert f"Chỉ tiêu không đạt: {c['total_shortfalls']}" in alert["prompt"]
    assert c["missing"] == 1 and c["has_errors"] == 2
    assert any(str(s).startswith("CCHC: đang đọc tệp 1/") for s in book.app.status_history)
    assert book.app.status_history[-1] is False          # Excel's own status bar is given back
    assert sorted(p.name for p in (out / "phan-hoi").iterdir())
    remembered = store.load()
    assert (remembered.plan, remembered.period, remembered.folder) == ("cathai-2023", "2023-Y", str(inbox))


def test_consolidate_cancelled_writes_nothing(tmp_path, settings_dir):
    book = _addin(tmp_path)
    assert run("consolidate", book, FakeDialogs(cancel=True)) == 0
    assert book.app.alerts == [] and book.app.books.opened == []
    assert not (settings_dir / store.FILE_NAME).exists()


def test_consolidate_missing_folder_is_a_vietnamese_message(tmp_path, settings_dir):
    book = _addin(tmp_path)
    assert run("consolidate", book, FakeDialogs(folder=str(tmp_path / "khong-co"))) == 1
    [alert] = book.app.alerts
    assert alert["mode"] == "critical" and "Không tìm thấy thư mục báo cáo" in alert["prompt"]


def test_validate_active_lists_problems_in_a_new_sheet(tmp_path, demo_dir, settings_dir):
    book = _addin(tmp_path)
    store.save(store.Settings(plan="cathai-2023"))
    wrong = next((demo_dir / "bao-cao").rglob("CH_TCKH_2023-Y.xlsx"))
    before = wrong.read_bytes()
    book.app.books.active = FakeBook(book.app, str(wrong))
    assert run("validate_active", book, FakeDialogs()) == 0
    [new] = book.app.books.added
    sheet = new.sheets[0]
    assert sheet.name == "Kết quả kiểm tra"
    rows = sheet.range("A1").value
    assert len({len(r) for r in rows}) == 1                  # a rectangle, as Excel wants
    issues = {(r[2], r[3], r[4]) for r in rows[8:]}
    sheet_name, cell = named_cells(openpyxl.load_workbook(wrong))["CT_HS_GQ"]   # the value the demo left blank
    assert ("value-missing", sheet_name, cell) in issues
    assert book.app.alerts[-1]["mode"] == "critical" and "lỗi" in book.app.alerts[-1]["prompt"]
    assert wrong.read_bytes() == before                       # the input is never modified


def test_validate_active_on_a_clean_report(tmp_path, demo_dir, settings_dir):
    book = _addin(tmp_path)
    store.save(store.Settings(plan="cathai-2023"))
    clean = json.loads((demo_dir / "ket-qua.json").read_text(encoding="utf-8"))
    unit = next(u for u in clean["units"] if u["status"] == "ok" and not u["issues"])
    book.app.books.active = FakeBook(book.app, str(Path(unit["source"]["path"])))
    assert run("validate_active", book, FakeDialogs()) == 0
    assert book.app.alerts[-1]["mode"] == "info" and "hợp lệ" in book.app.alerts[-1]["prompt"]


def test_validate_active_without_a_saved_report(tmp_path, settings_dir):
    book = _addin(tmp_path)
    book.app.books.active = book                              # only the add-in is open
    assert run("validate_active", book, FakeDialogs()) == 1
    assert "Hãy mở tệp báo cáo cần kiểm tra" in book.app.alerts[-1]["prompt"]
    assert book.app.books.added == []


def test_make_templates_writes_one_per_unit(tmp_path, plans, settings_dir):
    book = _addin(tmp_path)
    out = tmp_path / "bieu-mau"
    ui = FakeDialogs(plan="hodo-2024", period="2024-Q2", directory=str(out))
    assert run("make_templates", book, ui) == 0
    assert len(list(out.glob("*.xlsx"))) == len(plans["hodo-2024"].units)
    assert ui.opened == [out] and "Quý II/2024" in book.app.alerts[-1]["prompt"]
    assert store.load().templates_folder == str(out)


def test_open_folder_uses_the_remembered_folder(tmp_path, settings_dir):
    book = _addin(tmp_path)
    store.save(store.Settings(folder=str(tmp_path)))
    ui = FakeDialogs()
    assert run("open_folder", book, ui) == 0
    assert ui.opened == [tmp_path]


def test_open_folder_asks_when_none_is_remembered(tmp_path, settings_dir):
    book = _addin(tmp_path)
    ui = FakeDialogs(directory=str(tmp_path))
    assert run("open_folder", book, ui) == 0
    assert ui.opened == [tmp_path] and store.load().folder == str(tmp_path)


def test_help_and_unknown_tag(tmp_path, settings_dir):
    book = _addin(tmp_path)
    assert run("help", book, FakeDialogs()) == 0
    assert "Tổng hợp báo cáo" in book.app.alerts[-1]["prompt"]
    assert run("khong_co", book, FakeDialogs()) == 1
    assert "chưa được gắn" in book.app.alerts[-1]["prompt"]


def test_unexpected_error_is_shown_in_vietnamese_and_logged(tmp_path, settings_dir, monkeypatch):
    book = _addin(tmp_path)

    def boom(ctx):
        raise RuntimeError("hỏng")

    monkeypatch.setitem(registry.ACTIONS, "help", registry.Action("help", "Hướng dẫn", boom))
    assert run("help", book, FakeDialogs()) == 1
    assert "Đã xảy ra lỗi không mong muốn: hỏng" in book.app.alerts[-1]["prompt"]
    assert "RuntimeError" in (settings_dir / LOG_NAME).read_text(encoding="utf-8")


def test_plan_from_the_conf_file_beside_the_addin(tmp_path, demo_dir, settings_dir):
    book = _addin(tmp_path)
    (Path(book.fullname).parent / "cchc.conf").write_text('"PLAN","cathai-2023"\n"FROZEN_EXE",""\n', encoding="utf-8")
    report = next((demo_dir / "bao-cao").rglob("CH_VP_2023-Y.xlsx"))
    book.app.books.active = FakeBook(book.app, str(report))
    ui = FakeDialogs(cancel=True)                             # no dialog needed: the conf names the plan
    assert run("validate_active", book, ui) == 0
    assert ui.asked == [] and book.app.books.added


def test_conf_lookup_stops_at_the_first_file_with_the_key(tmp_path, monkeypatch):
    """As xlwings' VBA GetConfig: a key beside the add-in wins over the user's, even when empty."""
    from addin import config
    from addin.xlam.package import conf_file_text

    home = tmp_path / "home"
    (home / ".cchc").mkdir(parents=True)
    (home / ".cchc" / "cchc.conf").write_text('"PLAN","hodo-2024"\n', encoding="utf-8")
    monkeypatch.setattr(Path, "home", lambda: home)
    addin_path = tmp_path / "addin" / "cchc.xlam"
    addin_path.parent.mkdir()
    assert config.get("PLAN", addin_path) == "hodo-2024"
    (addin_path.parent / "cchc.conf").write_text('"PLAN",""\n', encoding="utf-8")
    assert config.get("PLAN", addin_path, "x") == ""
    shipped = conf_file_text()                    # so the shipped file holds no empty key
    assert shipped == '"SHOW CONSOLE","False"\n'
    (addin_path.parent / "cchc.conf").write_text(shipped, encoding="utf-8")
    assert config.get("PLAN", addin_path) == "hodo-2024"
