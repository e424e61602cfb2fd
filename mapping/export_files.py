"""The coordinators' export of services, needs and assets (the import and export page's download)
as files built by tasks (coordination/exports), one per kind and format.

What a person may export depends on who they are: a coordinator (``manage_all_services``) gets every
row of the place, anyone else their organisation's own rows. Only the coordinators' tier is built
into a file, since it is the same for all of them and is the large one; the view serves it only
after checking the permission, and never as public (it holds contact names). Anyone else's export
is built in their request, as it is small.
"""

import json

from django.utils import timezone

from coordination.exports.registry import ExportKind
from coordination.organisations.models import Community, Organisation
from coordination.places.models import Area, Place
from coordination.vocabularies.models import Theme

from . import imports
from .models import AnalysisSnapshot, Asset, ImportKind, Need, Service
from .schedules import ServiceSchedule

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}
WATCHES = (Service, ServiceSchedule, Need, Asset, Organisation, Theme, Community, Area, Place)


def key(kind, file_format):
    return f"mapping.coordinators.{kind}.{file_format}"


def filename(place, kind, file_format):
    return f"{place.slug}-{kind}-{timezone.localdate().isoformat()}.{file_format}"


def _kind(kind, file_format):
    write = imports.export_xlsx if file_format == "xlsx" else imports.export_csv

    def build(place, out):
        out.write(write(place, None, kind, everything=True))
        return 1  # a file with its header row at least

    build.__module__ = __name__
    return ExportKind(
        key=key(kind, file_format),
        content_type=CONTENT_TYPES[file_format],
        build=build,
        filename=lambda place: filename(place, kind, file_format),
        watches=WATCHES,
        public=False,
    )


def coverage_answer(place):
    """The coverage API's answer as UTF-8 JSON bytes: the rules (in the site's language) and when
    the stored analysis was worked out, then the analysis as stored (mapping/snapshots.py)."""
    from . import analysis, selectors

    stored, computed_at = selectors.coverage_answer(place)
    head = json.dumps(
        {
            "rules": {k: str(v) for k, v in analysis.rules().items()},
            "computed_at": computed_at.isoformat().replace("+00:00", "Z"),
        },
        separators=(",", ":"),
    ).encode()
    return head[:-1] + b"," + stored[1:] if stored != b"{}" else head


def _build_coverage(place, out):
    out.write(coverage_answer(place))
    return 1


# The coverage API's answer, built once per stored analysis: a county's is megabytes of overlaps,
# sent from storage with an ETag (a partner asking again gets a 304) rather than read from the
# database and copied on every request. Not public: the API checks who may see the analysis.
COVERAGE = ExportKind(
    key="mapping.coverage.json",
    content_type="application/json",
    build=_build_coverage,
    filename=lambda place: f"{place.slug}-coverage.json",
    watches=(AnalysisSnapshot,),
    disposition="inline",
    settings=("LANGUAGE_CODE",),
    public=False,
)

EXPORTS = [
    *(_kind(kind, file_format) for kind in ImportKind.values for file_format in ("csv", "xlsx")),
    COVERAGE,
]
