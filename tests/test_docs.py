"""The README stays true: every setting and ETL command documented, the set-up commands first.

`python -m tests.test_docs` prints the configuration table to paste into the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from data.settings import PROJECT_ROOT, SETTINGS, Setting

README = PROJECT_ROOT / "README.md"
SETUP_COMMANDS = ("bash scripts/run_demo.sh", "bash scripts/test.sh")
_ROW = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|([^|]*)\|")


def _default(setting: Setting) -> str:
    value = setting.default.replace(f"{PROJECT_ROOT}/", "")  # machine paths -> repository paths
    return f"`{value}`" if value else "(empty)"


def settings_table() -> str:
    lines = ["| setting | default | meaning |", "|---|---|---|"]
    lines += [
        f"| `{s.name}` | {_default(s)} | {s.help.replace('|', chr(92) + '|')} |" for s in SETTINGS
    ]
    return "\n".join(lines)


def _section(text: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands(readme: str) -> None:
    lines = readme.splitlines()
    assert lines[0].startswith("# "), "the README opens with its title"
    block = re.search(r"```[a-z]*\n(.*?)```", readme, re.S)
    assert block and readme.index(block.group(0)) < 200, "the commands come right after the title"
    for command in SETUP_COMMANDS:
        assert command in block.group(1)


def test_ci_runs_the_readme_test_command(readme: str) -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci


def test_every_setting_is_documented_with_its_default(readme: str) -> None:
    rows = {
        m.group(1): m.group(2).strip()
        for m in map(_ROW.match, _section(readme, "Configuration").splitlines())
        if m
    }
    declared = {s.name: _default(s) for s in SETTINGS}
    missing = sorted(set(declared) - set(rows))
    stale = sorted(set(rows) - set(declared))
    wrong = sorted(n for n in set(declared) & set(rows) if rows[n] != declared[n])
    hint = "regenerate the table with `python -m tests.test_docs`"
    assert not missing, f"settings missing from the README: {missing}; {hint}"
    assert not stale, f"README documents settings that no longer exist: {stale}; {hint}"
    assert not wrong, f"README gives the wrong default for {wrong}; {hint}"


def test_every_etl_command_is_documented(readme: str) -> None:
    from etl.cli import build_parser

    section = _section(readme, "The ETL")
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in subparsers.choices.items():  # type: ignore[union-attr]
        assert f"python -m etl {name}" in section, f"`etl {name}` is not in the README"
        for action in parser._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help" and action.help != "==SUPPRESS==":
                    assert flag in section, f"`etl {name} {flag}` is not in the README"


def test_readme_names_only_files_that_exist(readme: str) -> None:
    for path in (
        "scripts/setup.sh",
        "scripts/run_demo.sh",
        "scripts/test.sh",
        "alembic.ini",
        "data/settings.py",
        "data/schema.py",
        "app.py",
    ):
        assert path in readme or Path(path).name in readme
        assert (PROJECT_ROOT / path).exists(), path


if __name__ == "__main__":
    print(settings_table())
