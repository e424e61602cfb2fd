"""The tests' own layout: shared test code lives in tests/support, and nothing else is imported.

A test module that imports another test module (or a conftest) drags that module's tests, fixtures
and import-time work along with it, and breaks when that module is renamed or deleted. So every
Python file under tests/ is a test module, a conftest.py, a package's __init__.py, or a module of
tests/support; and the only part of the ``tests`` package any of them imports (or names by dotted
path, as a URLconf or a settings module) is tests.support.
"""

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SUPPORT = "tests.support"
DOTTED_PATH = re.compile(r"tests(\.\w+)+")


def python_files():
    return sorted(p for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path):
    """tests.api.test_auth for tests/api/test_auth.py; tests.api.__init__ for its package."""
    return ".".join(("tests", *path.relative_to(TESTS).with_suffix("").parts))


def imported_modules(source, module):
    """(line, module) for every import in the source of ``module``, anywhere in it, as absolute
    dotted names (for ``from x import y``, ``x.y``: ``y`` may be a module)."""
    package = module.split(".")[:-1]  # for a package's __init__, the package itself
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                origin = ".".join([*base, node.module] if node.module else base)
            else:
                origin = node.module
            for alias in node.names:
                yield node.lineno, origin if alias.name == "*" else f"{origin}.{alias.name}"


def in_tests_package(module):
    return module == "tests" or module.startswith("tests.")


def is_support(module):
    return module == SUPPORT or module.startswith(SUPPORT + ".")


def test_every_file_is_a_test_module_a_conftest_or_support():
    misplaced = [
        str(path.relative_to(TESTS.parent))
        for path in python_files()
        if not (
            path.name.startswith("test_")
            or path.name in ("conftest.py", "__init__.py")
            or is_support(module_name(path))
        )
    ]
    assert not misplaced, (
        "Code shared by tests belongs in tests/support (a module per topic); fixtures in a "
        "conftest.py. Move these:\n" + "\n".join(misplaced)
    )


def test_tests_import_only_tests_support():
    wrong = []
    for path in python_files():
        for line, module in imported_modules(path.read_text(), module_name(path)):
            if in_tests_package(module) and not is_support(module):
                wrong.append(f"{path.relative_to(TESTS.parent)}:{line} imports {module}")
    assert not wrong, (
        "A test module or conftest imports shared code from tests.support only, never from "
        "another test module or conftest:\n" + "\n".join(wrong)
    )


def test_dotted_paths_into_tests_name_tests_support():
    wrong = []
    for path in python_files():
        if path == Path(__file__).resolve():
            continue  # its own examples name test modules on purpose
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if DOTTED_PATH.fullmatch(node.value) and not is_support(node.value):
                    wrong.append(
                        f"{path.relative_to(TESTS.parent)}:{node.lineno} names {node.value}"
                    )
    assert not wrong, "Modules named by dotted path live in tests/support:\n" + "\n".join(wrong)


def test_the_guard_sees_imports_of_test_modules():
    """The check itself: relative, absolute and function-local imports of test code are found."""
    source = (
        "from tests.support.factories import UserFactory\n"
        "from tests.support import workers\n"
        "from ..test_isolation import client_for\n"
        "from . import conftest\n"
        "def test_x():\n"
        "    from tests.boards import helpers\n"
        "    import tests.workers\n"
    )
    found = imported_modules(source, "tests.api.test_sample")
    assert {line: m for line, m in found if in_tests_package(m) and not is_support(m)} == {
        3: "tests.test_isolation.client_for",
        4: "tests.api.conftest",
        6: "tests.boards.helpers",
        7: "tests.workers",
    }
    assert dict(imported_modules("from . import factories\n", "tests.support.__init__")) == {
        1: "tests.support.factories"
    }
