from pathlib import Path

from consolidation.issues import TYPES

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_issue_code_is_documented():
    text = (DOCS / "issue-codes.md").read_text(encoding="utf-8")
    for code, kind in TYPES.items():
        assert f"| `{code}` | {kind.severity} |" in text, code


def test_readme_images_exist():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    for name in ("docs/template-chi-tieu.png", "docs/summary-tong-quan.png", "docs/window.png"):
        assert name in readme and (DOCS.parent / name).exists()
