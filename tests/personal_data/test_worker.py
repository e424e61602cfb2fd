"""A real Celery worker builds a person's download: asking queues the task on commit, the worker
process writes the zip to private storage and marks it ready; running the task again changes
nothing."""

import pytest

from coordination.accounts.models import Role
from coordination.personal_data.models import DataRequest, Status
from coordination.personal_data.services import export_request
from coordination.personal_data.tasks import build_export
from tests.support.personal_data import an_idea, sections, stored_zip
from tests.support.workers import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_builds_the_download(worker, bucks, make_member):
    person = make_member(bucks, Role.RESIDENT, name="Wren Worker")
    an_idea(bucks, person)

    request = export_request(user=person)  # the commit queues build_export

    wait_for(
        lambda: DataRequest.objects.get(pk=request.pk).status == Status.READY,
        "the worker to build the download",
        worker,
    )
    request.refresh_from_db()
    data = sections(stored_zip(request))
    assert data["accounts.profile"][0]["name"] == "Wren Worker"
    assert [row["title"] for row in data["boards.ideas"]] == ["A safer crossing by the school"]

    result = build_export.delay(request_id=request.pk)
    wait_for(lambda: worker.succeeded(result), "the second run", worker)
    again = DataRequest.objects.get(pk=request.pk)
    assert (again.file_path, again.completed_at) == (request.file_path, request.completed_at)
