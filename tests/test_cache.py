"""Incremental re-runs: cached and uncached runs give identical outputs; a changed, added or removed
file is noticed; a corrupt cache is ignored and rebuilt."""
import random
import shutil

import pytest

from consolidation import cache as cache_mod
from consolidation.demo import unit_values
from consolidation.engine import consolidate
from workbook_templates.bundled import resolve_plan
from workbook_templates.plan_model.periods import parse_period
from workbook_templates.template_writer import write_template

PLAN, PERIOD = resolve_plan("hodo-2024"), parse_period("2024-Y")


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path / "data"))
    rng = random.Random(21)
    for unit in PLAN.units:
        write_template(PLAN, unit, PERIOD, tmp_path / "in" / f"{unit.code}.xlsx", unit_values(PLAN, unit, PERIOD, rng))
    return tmp_path / "in"


def _counting(monkeypatch):
    calls = []
    import consolidation.engine as engine
    real = engine.check_many

    def spy(items, *a, **k):
        calls.append([display for _, display, _sha in items])
        return real(items, *a, **k)
    monkeypatch.setattr(engine, "check_many", spy)
    return calls


def test_a_rerun_reads_only_the_changed_file_and_gives_the_same_json(folder, monkeypatch):
    calls = _counting(monkeypatch)
    first = consolidate(folder, PLAN, PERIOD).to_json_text()
    again = consolidate(folder, PLAN, PERIOD).to_json_text()
    assert again == first and calls == [sorted(p.name for p in folder.iterdir()), []]
    values = unit_values(PLAN, PLAN.unit("HD_VPTK"), PERIOD, random.Random(99))
    write_template(PLAN, PLAN.unit("HD_VPTK"), PERIOD, folder / "HD_VPTK.xlsx", values)
    changed = consolidate(folder, PLAN, PERIOD)
    assert calls[-1] == ["HD_VPTK.xlsx"]
    assert changed.to_json_text() == consolidate(folder, PLAN, PERIOD, use_cache=False).to_json_text()
    assert changed.to_json_text() != first


def test_added_and_removed_files_are_noticed(folder, monkeypatch):
    calls = _counting(monkeypatch)
    consolidate(folder, PLAN, PERIOD)
    shutil.copy(folder / "HD_TC.xlsx", folder / "HD_TC_ban-sao.xlsx")
    (folder / "HD_BBT.xlsx").unlink()
    result = consolidate(folder, PLAN, PERIOD)
    assert calls[-1] == ["HD_TC_ban-sao.xlsx"]
    statuses = {u.unit.code: u.status for u in result.units}
    assert statuses["HD_BBT"] == "missing" and sum(1 for f in result.files if f.outcome == "superseded") == 1


def test_a_corrupt_cache_is_ignored_and_rebuilt(folder, monkeypatch, tmp_path):
    calls = _counting(monkeypatch)
    first = consolidate(folder, PLAN, PERIOD).to_json_text()
    entries = list((tmp_path / "data").rglob("*.pickle"))
    assert len(entries) == len(PLAN.units)
    for n, entry in enumerate(entries):
        entry.write_bytes(b"garbage" if n % 2 else entry.read_bytes()[:-5] + b"XXXXX")
    assert consolidate(folder, PLAN, PERIOD).to_json_text() == first
    assert sorted(calls[-1]) == sorted(p.name for p in folder.iterdir())
    consolidate(folder, PLAN, PERIOD)
    assert calls[-1] == []                                            # rebuilt


def test_the_cache_lives_in_the_user_data_folder_never_beside_the_inputs(folder, tmp_path):
    consolidate(folder, PLAN, PERIOD)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{u.code}.xlsx" for u in PLAN.units)
    assert cache_mod.default_dir().is_relative_to(tmp_path / "data")
