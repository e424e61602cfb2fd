"""The move from one attachment per bid to several keeps every existing attachment."""

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("funding", "0002_bid_attachments")]
AFTER = [("funding", "0004_remove_bid_attachment")]


@pytest.fixture
def back_to_latest():
    """Whatever happens in the test, the schema ends at the latest migration for the next test."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


# Transactional (migrations cannot run inside a test's transaction); no serialized_rollback: the
# flush after it and tests/conftest.py's restore of the migrations' rows leave a clean database.
@pytest.mark.django_db(transaction=True)
def test_the_single_attachment_becomes_the_first_of_several(
    back_to_latest, bucks, programme, charity_org, leader, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    stored = Path(tmp_path, "funding/bids/2026/01/old-budget.pdf")
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 old")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("funding", "Bid")
    common = {
        "place_id": bucks.pk,
        "programme_id": programme.pk,
        "applicant_id": charity_org.pk,
        "summary": "s",
        "amount_requested": 10000,
        "duration_months": 12,
        "created_by_id": leader.pk,
    }
    with_file = old.objects.create(
        title="With", attachment="funding/bids/2026/01/old-budget.pdf", **common
    )
    old.objects.create(title="Without", **common)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("funding", "BidAttachment")
    moved = list(new.objects.all())
    assert [(a.bid_id, a.file.name, a.original_name, a.size, a.content_type) for a in moved] == [
        (
            with_file.pk,
            "funding/bids/2026/01/old-budget.pdf",
            "old-budget.pdf",
            12,
            "application/pdf",
        )
    ]
    assert moved[0].place_id == bucks.pk and moved[0].uploaded_by_id == leader.pk
