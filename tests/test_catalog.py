from workbook_templates.plan_model.catalog import AGGREGATES, KINDS, CatalogError, default_catalog, load_catalog

import pytest

DOSSIER_TABLE = ["HS_TON", "HS_NHAN", "HS_NHAN_TRUCTIEP", "HS_NHAN_TRUCTUYEN", "HS_NHAN_BUUCHINH", "HS_GQ",
                 "HS_GQ_TRUOCHAN", "HS_GQ_DUNGHAN", "HS_GQ_QUAHAN", "HS_DANG_TRONGHAN", "HS_DANG_QUAHAN", "HS_TRALAI"]
RATES = ["HS_DUNGHAN_TL", "HS_TRUCTUYEN_TL", "TTHC_TT_TRUCTUYEN_TL", "GD_TRUCTUYEN_TL", "SOHOA_TL"]


def test_size_and_areas():
    cat = default_catalog()
    assert len(cat.indicators) >= 40
    assert {i.area for i in cat.indicators.values()} == set(range(1, 9))
    assert all(i.kind in KINDS and i.aggregate in AGGREGATES for i in cat.indicators.values())


def test_dossier_statistics_table_and_rates_are_covered():
    cat = default_catalog()
    for code in DOSSIER_TABLE + RATES:
        assert code in cat.indicators, code
    rate = cat["HS_DUNGHAN_TL"]
    assert (rate.kind, rate.aggregate, rate.numerator, rate.denominator) == ("ratio", "ratio", "HS_GQ_DUNGHAN", "HS_GQ")


def test_consistency_rules_of_the_issue_exist():
    exprs = {r.id: r.expr for r in default_catalog().rules}
    assert exprs["HS_NHAN_TONG"] == "HS_NHAN == HS_NHAN_TRUCTIEP + HS_NHAN_TRUCTUYEN + HS_NHAN_BUUCHINH"
    assert "HS_TON + HS_NHAN" in exprs["HS_CANXULY"]
    # every ratio has a "numerator <= denominator" rule
    cat = default_catalog()
    ruled = {tuple(r.codes) for r in cat.rules}
    for ind in cat.indicators.values():
        if ind.kind == "ratio" and ind.code not in ("HS_DUNGHAN_TL", "HS_TRUCTUYEN_TL", "HS_BUUCHINH_TL", "HS_TRAKQ_BC_TL",
                                                     "HS_TOANTRINH_TL", "TTHC_PHATSINH_TL", "HS_THEODOI_TL",
                                                     "HS_GQ_TGBQ", "HS_DUNGHAN_766_TL"):
            assert (ind.numerator, ind.denominator) in ruled, ind.code


def test_quantified_targets_of_domain_md_have_indicators():
    cat = default_catalog()
    for code in ["HS_DUNGHAN_TL", "TTHC_PHATSINH_TL", "HS_TRUCTUYEN_TL", "HS_BUUCHINH_TL", "HS_TRAKQ_BC_TL",
                 "TCC_KIENNGHI_TL", "TC_DVSN_GIAM_TL", "HL_TL", "VB_DIENTU_TL", "PAKN_XULY_TL", "CV_DATCHUAN_TL",
                 "HS_LIENTHONG_DT_TL", "TTHC_TT_TRUCTUYEN_TL", "GD_TRUCTUYEN_TL", "SOHOA_TL", "HS_TOANTRINH_TL",
                 "KT_TL", "DD_XACTHUC_TL", "QD_CATGIAM_TL", "CP_TUANTHU_CATGIAM_TL", "VB_QPPL_TUKIEMTRA_TL",
                 "TTHC_CONGKHAI_TL", "CV_BOIDUONG_TL", "ISO_APDUNG"]:
        assert code in cat.indicators, code


def test_broken_catalog_is_rejected(tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text('[areas]\n1 = "A"\n[[indicator]]\ncode = "X"\nname = "x"\nunit = "%"\narea = 1\n'
                   'kind = "ratio"\naggregate = "sum"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="X"):
        load_catalog(bad)
