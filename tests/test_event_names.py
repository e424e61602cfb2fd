"""Every audit action is named `<app>.<entity>.<verb>`, and docs/events.md lists the webhook events
and the earlier names exactly as the code has them."""

import ast
import re
from pathlib import Path

from django.apps import apps

from coordination.audit.names import RENAMED, current_name
from coordination.webhooks.registry import known_events

ROOT = Path(__file__).resolve().parent.parent
APPS = ("coordination", "boards", "funding", "commissioning", "mapping")
NAME = re.compile(r"^(?P<app>[a-z_]+)\.[a-z_]+\.[a-z_]+$")


def _table(heading):
    """The first column (and the second) of the table under `## heading` in docs/events.md."""
    text = (ROOT / "docs" / "events.md").read_text()
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+?) \|$", section, flags=re.M)
    return {first: second.strip("`") for first, second in rows}


def _recorded_actions():
    """(file, line, action) of every dotted name given as `action=` in the product: to
    audit_record, or to a service's own helper that passes it on."""
    found = []
    for top in APPS:
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.keyword) and node.arg == "action"):
                    continue
                values = [node.value]
                if isinstance(node.value, ast.IfExp):
                    values = [node.value.body, node.value.orelse]
                for value in values:
                    if isinstance(value, ast.Constant) and "." in str(value.value):
                        found.append((path.relative_to(ROOT), value.lineno, value.value))
    return found


def test_every_recorded_action_is_named_app_entity_verb():
    recorded = _recorded_actions()
    assert len(recorded) > 100
    labels = {config.label for config in apps.get_app_configs()}
    wrong = [
        (str(path), line, action)
        for path, line, action in recorded
        if not (m := NAME.match(action)) or m["app"] not in labels or action in RENAMED
    ]
    assert wrong == []


def test_every_webhook_event_is_recorded_somewhere_and_named_so():
    recorded = {action for _, _, action in _recorded_actions()}
    assert set(known_events()) <= recorded
    assert all(NAME.match(event) for event in known_events())


def test_the_events_page_lists_the_webhook_events_as_the_registry_does():
    assert _table("Webhook events") == {name: str(text) for name, text in known_events().items()}


def test_the_events_page_lists_every_other_recorded_action_as_audit_only():
    text = (ROOT / "docs" / "events.md").read_text()
    section = text.split("## Audit-only events\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^- `([^`]+)`$", section, flags=re.M))
    recorded = {action for _, _, action in _recorded_actions()}
    expected = recorded - set(known_events())
    assert {"missing": sorted(expected - listed), "not recorded": sorted(listed - expected)} == {
        "missing": [],
        "not recorded": [],
    }


def test_the_events_page_lists_every_earlier_name():
    assert _table("Earlier names") == RENAMED


def test_an_earlier_name_means_one_of_today_and_today_s_names_stay_as_they_are():
    assert current_name("action.edit") == "boards.action.update"
    assert current_name("action.update") == "boards.action.progress"
    assert current_name("boards.action.update") == "boards.action.update"
    assert len(set(RENAMED.values())) == len(RENAMED)
    assert not set(RENAMED) & set(RENAMED.values())
