"""Hostile and broken files: each is one rejected file with a Vietnamese reason; the run goes on and
the totals equal the good files' own (docs/bad-input.md lists every kind and its test)."""
import re
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from consolidation.demo import unit_values
from consolidation.engine import consolidate
from consolidation.filler import fill_workbook
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template

PLAN, PERIOD = resolve_plan("hodo-2024"), parse_period("2024-Y")
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """Every unit's good report, and the totals they give alone."""
    folder = tmp_path_factory.mktemp("good")
    rng = random.Random(12)
    for unit in PLAN.units:
        values = unit_values(PLAN, unit, PERIOD, rng)
        values["BC_NGAY"] = dt.date(2024, 12, 5)
        write_template(PLAN, unit, PERIOD, folder / f"{unit.code}.xlsx", values)
    return folder, consolidate(folder, PLAN, PERIOD).totals


def _run(good, tmp_path, make, env=None):
    """Consolidate the good reports plus the hostile file(s) ``make`` writes into ``bad/``."""
    folder = tmp_path / "in"
    shutil.copytree(good[0], folder)
    (folder / "bad").mkdir()
    make(folder / "bad", folder)
    old = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    try:
        result = consolidate(folder, PLAN, PERIOD)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    bad = [f for f in result.files if f.display.startswith("bad/")]
    return result, bad


def _edit_sheet(path, name, old, new):
    """Rewrite one part of a zip in place of a copy (the input template is never modified)."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts[name] = parts[name].replace(old, new, 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)


def _copy_of(good, bad, code="HD_VPTK", name=None):
    target = bad / (name or f"{code}_copy.xlsx")
    shutil.copy(good[0] / f"{code}.xlsx", target)
    return target


def _assert_rejected(result, bad, good, code, outcome="unreadable"):
    assert [(f.outcome, f.issues[0].code) for f in bad] == [(outcome, code)], [(f.display, f.reason) for f in bad]
    assert all("Error" not in f.reason and "Traceback" not in f.reason for f in bad)
    assert {c: v for c, v in result.totals.items()} == good[1]


def _far_cell(source, target):
    """A copy of a report with one more value, at XFD1048576 of its cover (saved by openpyxl)."""
    wb = openpyxl.load_workbook(source)
    wb["Bìa"]["XFD1048576"] = "x"
    wb.save(target)


def _far_cell_without_references(source, target):
    """A report whose cover's cells carry no ``r`` reference (only a full reader can place them, so
    calamine reads it), with one more cell at XFD1048576."""
    with zipfile.ZipFile(source) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = re.sub(rb'(<c\b[^>]*?) r="[A-Z]+\d+"', rb"\1", parts["xl/worksheets/sheet1.xml"])
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", far, 1)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)


def test_a_cell_at_xfd1048576_costs_nothing_when_cells_are_read_by_name(good, tmp_path):
    """Named cells are read straight from the sheet XML, with no grid: a far-away cell is harmless."""
    def make(bad, folder):
        os.remove(folder / "HD_VPTK.xlsx")
        _far_cell(good[0] / "HD_VPTK.xlsx", bad / "far.xlsx")
    result, bad = _run(good, tmp_path, make)
    assert [(f.outcome, [i.code for i in f.issues if i.is_error]) for f in bad] == [("accepted", [])]
    assert {c: v for c, v in result.totals.items()} == good[1]


def test_a_far_cell_is_refused_before_a_full_reader_sizes_its_grid(good, tmp_path):
    def make(bad, _):
        _far_cell_without_references(good[0] / "HD_VPTK.xlsx", bad / "far.xlsx")
    result, bad = _run(good, tmp_path, make)
    _assert_rejected(result, bad, good, "file-limit")
    assert "ở xa (hàng 1048576" in bad[0].reason


def test_a_reader_abort_ends_only_its_worker(good, tmp_path):
    def make(bad, _):
        _far_cell_without_references(good[0] / "HD_VPTK.xlsx", bad / "far.xlsx")
    result, bad = _run(good, tmp_path, make, env={"CCHC_MAX_ROWS": "99999999", "CCHC_MAX_COLUMNS": "99999"})
    _assert_rejected(result, bad, good, "file-limit")
    assert "dừng đột ngột" in bad[0].reason and result.counts["ok"] == len(PLAN.units)


def test_a_zip_bomb_is_refused_by_its_unzipped_size(good, tmp_path):
    def make(bad, _):
        target = _copy_of(good, bad, name="bomb.xlsx")
        with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/media/padding.bin", b"\0" * (12 * 1024 * 1024))
    result, bad = _run(good, tmp_path, make, env={"CCHC_MAX_PART_MB": "8"})
    _assert_rejected(result, bad, good, "file-limit")


def test_an_ods_repeating_a_row_with_data_is_refused(good, tmp_path):
    def make(bad, _):
        content = ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                   'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
                   '<office:body><office:spreadsheet><table:table table:name="S">'
                   '<table:table-row table:number-rows-repeated="5000000"><table:table-cell office:value-type="float" '
                   'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
                   '</table:table></office:spreadsheet></office:body></office:document-content>')
        with zipfile.ZipFile(bad / "repeat.ods", "w") as zf:
            zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            zf.writestr("content.xml", content)
    result, bad = _run(good, tmp_path, make)
    _assert_rejected(result, bad, good, "file-limit")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_xlsx_never_blocks(good, tmp_path):
    result, bad = _run(good, tmp_path, lambda bad, _: os.mkfifo(bad / "pipe.xlsx"))
    _assert_rejected(result, bad, good, "file-not-regular")


@pytest.mark.skipif(ROOT, reason="root reads every file")
def test_a_file_and_a_folder_we_may_not_read_are_listed(good, tmp_path):
    def make(bad, _):
        _copy_of(good, bad, name="secret.xlsx").chmod(0)
        (bad / "closed").mkdir()
        shutil.copy(good[0] / "HD_VHXH.xlsx", bad / "closed" / "x.xlsx")
        (bad / "closed").chmod(0)
    try:
        result, bad = _run(good, tmp_path, make)
    finally:
        for p in (tmp_path / "in" / "bad" / "closed", tmp_path / "in" / "bad" / "secret.xlsx"):
            p.chmod(0o700)
    assert sorted(f.issues[0].code for f in bad) == ["file-no-access", "file-no-access"]


def test_password_protected_and_garbage_and_xlsb_are_named(good, tmp_path):
    def make(bad, _):
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
        (bad / "secret.xlsx").write_bytes(ole)
        (bad / "text.xlsx").write_bytes(b"this is not a workbook")
        with zipfile.ZipFile(bad / "binary.xlsb", "w") as zf:
            zf.writestr("xl/workbook.bin", b"\0" * 10)
    result, bad = _run(good, tmp_path, make)
    codes = {f.display: (f.outcome, f.issues[0].code) for f in bad}
    assert codes == {"bad/binary.xlsb": ("rejected", "file-xlsb"), "bad/secret.xlsx": ("unreadable", "file-encrypted"),
                     "bad/text.xlsx": ("unreadable", "file-format")}
    assert result.totals == good[1]


def test_another_units_code_typed_in_the_header_is_refused(good, tmp_path):
    def make(bad, _):
        fill_workbook(good[0] / "HD_VPTK.xlsx", bad / "forged.xlsx", {"BC_MA_DONVI": "HD_VHXH"})
    result, bad = _run(good, tmp_path, make)
    _assert_rejected(result, bad, good, "identity-mismatch", outcome="rejected")


def test_a_unit_file_claiming_to_be_a_summary_is_refused(good, tmp_path):
    def make(bad, _):
        wb = openpyxl.load_workbook(good[0] / "HD_VPTK.xlsx")
        meta = wb["_meta"]
        for row in meta.iter_rows():
            if row[0].value == "kind":
                row[1].value = "summary"
        meta.append(["n:HS_NHAN", 500])
        wb.save(bad / "summary.xlsx")
    result, bad = _run(good, tmp_path, make)
    _assert_rejected(result, bad, good, "summary-not-allowed", outcome="rejected")


@pytest.mark.parametrize("value,code", [(True, "not-a-number"), (1e308, "out-of-range"), ("#DIV/0!", "value-error")])
def test_booleans_absurd_numbers_and_error_values_are_errors(good, tmp_path, value, code):
    def make(bad, folder):
        os.remove(folder / "HD_VPTK.xlsx")
        fill_workbook(good[0] / "HD_VPTK.xlsx", bad / "HD_VPTK.xlsx", {"CT_HS_NHAN": value, "CT_HS_GQ": value})
    result, bad = _run(good, tmp_path, make)
    issues = [i.code for i in bad[0].issues if i.indicator == "HS_NHAN"]
    assert issues == [code] and bad[0].outcome == "accepted" and bad[0].report.has_errors
    assert all(v is None or abs(v) < 1e12 for v in result.totals.values())


def test_nan_and_infinity_stored_in_the_file_never_reach_a_total(good, tmp_path):
    def make(bad, folder):
        os.remove(folder / "HD_VPTK.xlsx")
        target = _copy_of(good, bad, name="HD_VPTK.xlsx")
        wb = openpyxl.load_workbook(target)
        sheet, coord = [(s, c) for s, c in wb.defined_names["CT_HS_NHAN"].destinations][0]
        cell = coord.replace("$", "")
        with zipfile.ZipFile(target) as zf:
            part = next(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet2"))
            xml = zf.read(part).decode()
        import re
        found = re.search(rf'<c r="{cell}"[^>]*>(<f>.*?</f>)?<v>([^<]*)</v>', xml)
        _edit_sheet(target, part, f"<v>{found.group(2)}</v>".encode(), b"<v>NaN</v>")
    result, bad = _run(good, tmp_path, make)
    assert bad[0].outcome == "accepted" and any(i.indicator == "HS_NHAN" for i in bad[0].issues)
    assert all(v is None or v == v for v in result.totals.values())          # no NaN anywhere


def test_a_1904_workbook_s_typed_report_date_is_read_in_its_own_date_system(good, tmp_path):
    def make(bad, folder):
        os.remove(folder / "HD_VPTK.xlsx")
        wb = openpyxl.load_workbook(good[0] / "HD_VPTK.xlsx")
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
        sheet, coord = list(wb.defined_names["BC_NGAY"].destinations)[0]
        wb[sheet][coord.replace("$", "")].value = (dt.date(2024, 12, 5) - dt.date(1904, 1, 1)).days
        wb.save(bad / "HD_VPTK.xlsx")
    result, bad = _run(good, tmp_path, make)
    assert bad[0].report.report_date == dt.date(2024, 12, 5)


def cchc(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "consolidation.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


@pytest.mark.parametrize("option", ["--out", "--json", "--feedback"])
def test_wrong_output_paths_stop_before_any_work(good, tmp_path, option):
    out = tmp_path / "tong-hop.xlsx"
    out.write_bytes(b"old summary")
    args = {"--out": out, "--json": tmp_path / "kq.json", "--feedback": tmp_path / "fb"}
    if option == "--feedback":
        args["--feedback"].write_text("a file, not a folder")
    else:
        args[option] = tmp_path / "a-folder"
        args[option].mkdir()
    run = cchc("consolidate", good[0], "--plan", "hodo-2024", "--period", "2024-Y", *[x for k, v in args.items() for x in (k, v)])
    assert run.returncode == 2 and run.stderr.startswith("Lỗi:") and "Traceback" not in run.stderr
    assert out.read_bytes() == b"old summary" and not (tmp_path / "kq.json").exists() or option == "--json"
    assert not list(tmp_path.glob(".*tmp*"))


def test_a_second_run_on_the_same_outputs_is_refused_and_a_killed_run_is_cleaned_up(good, tmp_path):
    out = tmp_path / "out" / "tong-hop.xlsx"
    out.parent.mkdir()
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (out.parent / ".cchc-dang-ghi.lock").write_text(str(sleeper.pid))
        run = cchc("consolidate", good[0], "--plan", "hodo-2024", "--period", "2024-Y", "--out", out)
        assert run.returncode == 2 and "đang ghi" in run.stderr and not out.exists()
    finally:
        sleeper.kill()
    (out.parent / ".cchc-dang-ghi.lock").write_text("999999")            # a run that was killed
    leftover = out.parent / ".tong-hop.abc123.tmp.xlsx"
    leftover.write_bytes(b"half written")
    os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    run = cchc("consolidate", good[0], "--plan", "hodo-2024", "--period", "2024-Y", "--out", out, "--json", "-")
    assert run.returncode == 0, run.stderr
    assert out.exists() and not leftover.exists() and not (out.parent / ".cchc-dang-ghi.lock").exists()
    assert json.loads(run.stdout)["counts"]["ok"] == len(PLAN.units)


def test_validate_on_a_folder_or_garbage_speaks_vietnamese(tmp_path):
    (tmp_path / "rac.xlsx").write_bytes(b"garbage")
    run = cchc("validate", tmp_path, tmp_path / "rac.xlsx", "--plan", "hodo-2024")
    assert run.returncode == 1 and "Traceback" not in run.stderr + run.stdout
    assert "không phải tệp" in run.stdout and "không phải bảng tính" in run.stdout


def test_strict_open_xml_is_read_like_transitional(good, tmp_path):
    pairs = [(b"http://schemas.openxmlformats.org/spreadsheetml/2006/main", b"http://purl.oclc.org/ooxml/spreadsheetml/main"),
             (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
              b"http://purl.oclc.org/ooxml/officeDocument/relationships")]

    def make(bad, folder):
        os.remove(folder / "HD_VPTK.xlsx")
        with zipfile.ZipFile(good[0] / "HD_VPTK.xlsx") as zi, zipfile.ZipFile(bad / "strict.xlsx", "w") as zo:
            for name in zi.namelist():
                data = zi.read(name)
                for old, new in pairs:
                    data = data.replace(old, new)
                zo.writestr(name, data)
    result, bad = _run(good, tmp_path, make)
    assert bad[0].outcome == "accepted" and not bad[0].report.has_errors, [i.message for i in bad[0].issues]
    assert result.totals == good[1]


@pytest.mark.parametrize("typed,encoding", [("C¸c x· ®· hoµn thµnh kÕ ho¹ch", "TCVN3"),
                                            ("Ñeà nghò taäp huaán theâm veà chuyeån ñoåi soá", "VNI")])
def test_text_typed_in_tcvn3_or_vni_is_converted_and_warned(good, tmp_path, typed, encoding):
    def make(bad, folder):
        os.remove(folder / "HD_VPTK.xlsx")
        fill_workbook(good[0] / "HD_VPTK.xlsx", bad / "HD_VPTK.xlsx", {"CT_GHICHU_KHOKHAN": typed})
    result, bad = _run(good, tmp_path, make)
    warned = [i for i in bad[0].issues if i.code == "legacy-encoding"]
    assert len(warned) == 1 and encoding in warned[0].message and not bad[0].report.has_errors
    assert bad[0].report.texts["GHICHU_KHOKHAN"] in ("Các xã đã hoàn thành kế hoạch",
                                                    "Đề nghị tập huấn thêm về chuyển đổi số")


def test_legacy_detection_leaves_unicode_vietnamese_alone():
    from consolidation.legacy_text import detect
    for text in ["Khó khăn về số hóa hồ sơ; quân đội, thuê nhà, hoà bình, quý, hoá đơn, mùa thu rõ",
                 "Đề nghị cấp trên hỗ trợ kinh phí", "Không có", "José Müller"]:
        assert detect(text) is None, text


def test_a_folder_holding_every_kind_at_once(good, tmp_path):
    """One run over every hostile kind: bounded time and memory, each bad file listed, good totals intact."""
    import resource

    folder = tmp_path / "all"
    shutil.copytree(good[0], folder)
    bad = folder / "xau"
    bad.mkdir()
    _far_cell_without_references(good[0] / "HD_VPTK.xlsx", bad / "far.xlsx")
    shutil.copy(good[0] / "HD_VPTK.xlsx", bad / "bomb.xlsx")
    with zipfile.ZipFile(bad / "bomb.xlsx", "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/padding.bin", b"\0" * (300 * 1024 * 1024))
    if hasattr(os, "mkfifo"):
        os.mkfifo(bad / "pipe.xlsx")
    (bad / "secret.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    (bad / "text.xlsx").write_bytes(b"not a workbook")
    fill_workbook(good[0] / "HD_VPTK.xlsx", bad / "forged.xlsx", {"BC_MA_DONVI": "HD_VHXH"})
    started = time.time()
    run = cchc("consolidate", folder, "--plan", "hodo-2024", "--period", "2024-Y", "--out", tmp_path / "s.xlsx",
               "--json", tmp_path / "r.json")
    elapsed = time.time() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert run.returncode == 0, run.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    listed = {f["name"]: f["outcome"] for f in data["files"] if f["name"].startswith("xau/")}
    assert all(outcome in ("unreadable", "rejected") for outcome in listed.values()) and len(listed) >= 6
    assert data["totals"] == {c: (None if v is None else pytest.approx(v)) for c, v in good[1].items()}
    assert elapsed < 60 and peak_mb < 1024, (elapsed, peak_mb)


def test_validate_agrees_with_consolidate_on_every_file(good, tmp_path):
    from consolidation.service import check_file

    def make(bad, folder):
        os.remove(folder / "HD_VPTK.xlsx")
        _far_cell(good[0] / "HD_VPTK.xlsx", bad / "far.xlsx")
        (bad / "text.xlsx").write_bytes(b"not a workbook")
        fill_workbook(good[0] / "HD_VHXH.xlsx", bad / "forged.xlsx", {"BC_MA_DONVI": "HD_TP"})
        fill_workbook(good[0] / "HD_VPTK.xlsx", bad / "HD_VPTK.xlsx", {"CT_HS_NHAN": True})
    result, _ = _run(good, tmp_path, make)
    for f in result.files:
        alone = check_file(f.path, PLAN, PERIOD)
        assert (alone.outcome, sorted(i.code for i in alone.issues)) == \
               (f.outcome if f.outcome != "superseded" else "accepted", sorted(i.code for i in f.issues
                                                                               if i.code != "duplicate")), f.display
