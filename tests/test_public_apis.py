"""The app reaches Django and DRF through their public APIs only.

What a minor upgrade of Django or DRF may change without notice (a queryset's private query
classes and compiler, hand-run prepared statements, a serializer field's saved constructor
arguments, a serializer's private field lists, a queryset's private prefetch list, the URL
resolver's index) is not used anywhere in the app's own code: speed comes from the ORM's and
DRF's public ways (docs/performance.md).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".venv", "node_modules", "static", "staticfiles", "var", "tests", "migrations", ".git"}

PRIVATE = {
    r"\._args\b|\._kwargs\b": "a DRF field's saved constructor arguments",
    r"\bquery\.__class__\b|\.get_compiler\(|\bcompiler\.as_sql\s*=": "the ORM's query compiler",
    r"django\.db\.models\.sql\b": "the ORM's private query classes",
    r"""["'](PREPARE|EXECUTE|DEALLOCATE)\s""": "hand-run prepared statements",
    r"\bPREPARED_STATEMENTS\b": "a setting for hand-run prepared statements",
    r"\._readable_fields\b|\._writable_fields\b": "a serializer's private field lists",
    r"\._prefetch_related_lookups\b": "a queryset's private prefetch list",
    r"\.reverse_dict\b": "the URL resolver's private index",
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts[:-1])
        if not parts & SKIPPED:
            yield path


def test_the_sources_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in _sources()}
    assert "coordination/api/mixins.py" in names
    assert "coordination/api/serializers.py" in names
    assert not any(n.startswith(".venv/") for n in names)


@pytest.mark.parametrize("pattern", PRIVATE, ids=list(PRIVATE.values()))
def test_no_private_internals(pattern):
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(pattern, line)
    ]
    assert found == [], f"{PRIVATE[pattern]} used:\n" + "\n".join(found)
