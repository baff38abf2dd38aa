"""What changes for large runs changes nothing in the outputs: the summary assembled through
temporary files, the result JSON written piece by piece."""
import json
import zipfile

from consolidation import summary_writer
from consolidation.engine import consolidate
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period


def _result(demo_dir):
    return consolidate(demo_dir / "bao-cao", resolve_plan("cathai-2023"), parse_period("2023-Y"), use_cache=False)


def test_a_large_summary_is_the_same_file(demo_dir, tmp_path, monkeypatch):
    result = _result(demo_dir)
    small = summary_writer.write_summary(result, tmp_path / "small.xlsx")
    monkeypatch.setattr(summary_writer, "LARGE", 1)
    large = summary_writer.write_summary(result, tmp_path / "large.xlsx")
    assert _parts(small) == _parts(large)           # (xlsxwriter dates the zip entries of the two ways apart)
    again = summary_writer.write_summary(result, tmp_path / "again.xlsx")
    assert again.read_bytes() == large.read_bytes()


def _parts(path):
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_json_written_piece_by_piece_is_the_json_text(demo_dir, tmp_path):
    result = _result(demo_dir)
    result.write_json(tmp_path / "r.json")
    text = (tmp_path / "r.json").read_text(encoding="utf-8")
    assert text == result.to_json_text()
    assert json.loads(text)["units"] == result.as_json()["units"] and text.count("\n    {\"code\"") == len(result.units)
