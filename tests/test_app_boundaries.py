"""Domain apps reach each other through services, selectors and permissions, never models.

Every module of the domain apps is parsed, not imported. A domain app importing another's
``models`` (``<other>.models``, anything under it, or ``from <other> import models``) reaches past
that app's rules into its tables; and boards must not import funding at all: funding builds on
boards (a board's fund), never the other way round.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ("boards", "funding", "commissioning", "mapping")

# Crossings that still happen, as (importing module, imported module): none. A crossing that has to
# happen for a while is named here with why, and leaves when it stops.
ALLOWED = set()


def _modules():
    """(dotted module name, file) for every module of the domain apps."""
    for app in DOMAIN_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            yield ".".join(parts), path


def _imported(tree):
    """The absolute module names a module imports, anywhere in it (an import inside a function
    counts as much as one at the top); ``from x import y`` also yields ``x.y``, which names a
    submodule when y is one."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _crossing(importer, imported):
    """The part of another domain app this import reaches into, or None if it may."""
    own, other = importer.split(".")[0], imported.split(".")[0]
    if other == own or other not in DOMAIN_APPS:
        return None
    if own == "boards" and other == "funding":
        return "funding"
    if imported == f"{other}.models" or imported.startswith(f"{other}.models."):
        return f"{other}.models"
    return None


def _crossings():
    found = set()
    for name, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for imported in _imported(tree):
            reached = _crossing(name, imported)
            if reached is not None:
                found.add((name, reached))
    return found


def test_domain_apps_do_not_import_each_others_models():
    unexpected = sorted(_crossings() - ALLOWED)
    assert not unexpected, (
        f"Reach another domain app through its services, selectors or permissions: {unexpected}"
    )


def test_every_allowed_crossing_still_happens():
    gone = sorted(ALLOWED - _crossings())
    assert not gone, f"These no longer cross: take them out of ALLOWED: {gone}"


def test_the_check_sees_what_it_must():
    """A guard on the guard: it finds the apps' modules, and the kinds of import it refuses."""
    names = {name for name, _path in _modules()}
    assert {"boards.selectors", "funding.services", "funding.models", "mapping.models"} <= names
    tree = ast.parse(
        "from boards import models\n"
        "def f():\n"
        "    import mapping.models.sub\n"
        "    from commissioning.models import Tender\n"
        "from boards import services\n"
        "from .models import Bid\n"
    )
    reached = {_crossing("funding.x", imported) for imported in _imported(tree)}
    assert reached - {None} == {"boards.models", "mapping.models", "commissioning.models"}
    assert _crossing("boards.views", "funding.selectors") == "funding"
    assert _crossing("funding.views", "boards.selectors") is None
    assert _crossing("funding.views", "funding.models") is None
