"""The tests read nothing outside the repository, so a clone anywhere passes them."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent

# What reaching outside looks like: the workspace's shared folder, a parent of the
# repository, an absolute path into the workspace.
OUTSIDE = re.compile(r"""parents\[[2-9]\]|["'/]shared/datasets|["']\.\./|["']/work/""")


def test_no_test_names_a_path_outside_the_repository() -> None:
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OUTSIDE.search(line)
    ]
    assert not found, "\n".join(found)


def test_the_popeval_fixture_keeps_its_licence() -> None:
    folder = TESTS / "fixtures" / "popeval_gt"
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "naver/popeval" in (folder / "NOTICE").read_text(encoding="utf-8")
    assert len(list(folder.glob("*/Test/*.txt"))) == 733
