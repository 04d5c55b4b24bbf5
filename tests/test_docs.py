"""The docs keep up with the code: every setting, command and named query is documented and used."""

import re

from tsunagari.queries import registry

from tests.conftest import ROOT
from tsunagari.cli import build_parser
from tsunagari.settings import SETTINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    head = README.split("## ", 1)[0]
    assert "make run" in head and "make test" in head


def test_every_setting_is_documented():
    missing = [name for name in SETTINGS if f"`{name}`" not in README]
    assert not missing, f"settings missing from README.md: {missing}"


def test_every_cli_command_is_documented():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = [name for name in sub.choices if f"tsunagari {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_named_query_is_used_by_the_code_or_its_tests():
    text = "\n".join(p.read_text(encoding="utf-8") for p in ROOT.glob("**/*.py")
                     if ".venv" not in p.parts and p.parts[-2:] != ("queries", "__init__.py"))
    unused = [name for name in registry().names() if not re.search(rf"[\"']{name}[\"']", text)]
    assert not unused, f"named queries nothing runs: {unused}"


def test_roles_unmatched_lists_only_what_the_records_leave_at_other():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "tsunagari.cli", "roles", "--unmatched"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("# ") and "map to 'other'" in lines[-1]
    assert "スマート・ライフ・プロジェクト参画" in done.stdout
    assert "打合せ相手団体" not in done.stdout  # the platforms parser sets networking itself
