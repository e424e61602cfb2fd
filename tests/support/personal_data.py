"""Builders for the personal data tests: an idea with a comment, and reading a download's zip."""

import io
import json
import zipfile

from django.core.files.storage import default_storage

from boards import services as board_services
from boards.models import BoardKind
from coordination.places.tenancy import place_scope
from tests.support.factories import AreaFactory


def an_idea(place, proposer, *, title="A safer crossing by the school", commenter=None):
    """A community board taking ideas, the proposer's idea on it and perhaps a comment."""
    area = AreaFactory(place=place, kind="community_board_area")
    with place_scope(place):
        board = board_services.board_create(
            place=place,
            actor=None,
            name=f"{area.name} Community Board",
            kind=BoardKind.COMMUNITY_BOARD,
            area=area,
        )
        idea = board_services.proposal_create(
            place=place,
            actor=proposer,
            board=board,
            title=title,
            description="Children cross the busy road every morning.",
        )
        if commenter is not None:
            board_services.comment_create(
                place=place, actor=commenter, proposal=idea, text="Yes, please, it is dangerous."
            )
    return idea


def read_zip(content):
    """{name: bytes} of a zip's files."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def stored_zip(request):
    with default_storage.open(request.file_path, "rb") as handle:
        return read_zip(handle.read())


def sections(files):
    return json.loads(files["your-data.json"])["sections"]
