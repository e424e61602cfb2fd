"""The stored figures of a place (FiguresSnapshot) read back as the selectors give them: the
place's Figures, each funder's, the burden of applying, and the overlap flags, in a few queries
(the snapshot's row, then its programmes and funders) however many bids they count.

The snapshot is JSON: amounts as strings (exact decimals), programmes and funders by id (read
back by id, so a renamed one shows its name now), a flag's bids and organisation with the few
words the pages and the API show of them."""

from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from django.db.models import F, Func, JSONField, Value
from django.utils import timezone

from coordination.organisations.models import Organisation
from mapping.selectors import high_needs_in_place

from ..models import BidState, FiguresSnapshot, Programme
from .burden import BurdenFigures
from .figures import Figures, SpendingYear
from .funder_coordination import Flag, PipelineRow

FORMAT = 1  # a snapshot of another format is computed again rather than read


# Writing ---------------------------------------------------------------------------------------


def _figures_json(figures):
    data = {f.name: getattr(figures, f.name) for f in fields(Figures)}
    data["awarded_total"] = str(figures.awarded_total)
    data["programmes"] = [[p.pk, *counts] for p, *counts in figures.programmes]
    data["spending_by_year"] = [
        [y.year, y.awards, y.short, str(y.awarded_total), str(y.short_total)]
        for y in figures.spending_by_year
    ]
    return data


def figures_json(figures, funder_figures, burden, burden_of):
    """The snapshot's ``figures`` from place_and_funder_figures and place_and_funder_burden."""
    return {
        "format": FORMAT,
        "place": _figures_json(figures),
        "funders": [[funder.pk, _figures_json(figs)] for funder, figs in funder_figures],
        "burden": asdict(burden),
        "burden_of": {str(pk): asdict(b) for pk, b in burden_of.items()},
    }


def _pipeline_row_json(row):
    return [row.label, row.live, str(row.live_amount), row.awarded, str(row.awarded_amount)]


def flags_json(flags, flag_rows):
    """The snapshot's ``flags``: coordination_flags' Flags, each with its row of the API
    (``flag_rows``, FlagSerializer's, stored so the API answers without serialising thousands of
    flags) and what the coordination page shows of its organisation and bids."""
    return [
        {
            "api": row,
            "organisation_id": flag.organisation.pk,
            "similarity": flag.similarity,
            "bids": [
                [b.pk, b.title, b.programme.funder_id, b.programme.funder.name, b.state]
                for b in flag.bids
            ],
        }
        for flag, row in zip(flags, flag_rows, strict=True)
    ]


def overlaps_json(flag_count, pipeline, unmet_need_ids):
    """The snapshot's ``overlaps``: what the coordination page reads whole, the same for every
    funder coordinating here. ``pipeline`` has the shared pipeline's ``total``, ``by_theme``,
    ``by_area`` and ``by_organisation`` (PipelineRows); ``unmet_need_ids`` the high needs no
    current award touches, newest first."""
    return {
        "format": FORMAT,
        "flag_count": flag_count,
        "pipeline": {
            "total": _pipeline_row_json(pipeline["total"]),
            **{
                part: [_pipeline_row_json(row) for row in pipeline[part]]
                for part in ("by_theme", "by_area", "by_organisation")
            },
        },
        "unmet_need_ids": list(unmet_need_ids),
    }


# Reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Named:
    """An organisation or funder as a flag names it."""

    pk: int
    name: str


@dataclass(frozen=True)
class FlagBid:
    """A bid as a flag shows it: its title, its funder and where it stands."""

    pk: int
    title: str
    funder: Named
    state: str

    @property
    def state_label(self):
        return BidState(self.state).label


@dataclass
class StoredFigures:
    figures: Figures
    funder_figures: list  # [(funder, Figures)] as place_and_funder_figures
    burden: BurdenFigures
    burden_of: dict  # {funder id: BurdenFigures}
    computed_at: object


def figures_snapshot(place, part="figures"):
    """The place's snapshot with one of its parts, ``figures`` or ``overlaps`` (the other is
    not read), or None when there is none yet or it is of an older format."""
    snapshot = (
        FiguresSnapshot.objects.for_place(place).only("place_id", "computed_at", part).first()
    )
    if snapshot is None or getattr(snapshot, part).get("format") != FORMAT:
        return None
    return snapshot


def snapshot_is_current(snapshot, place):
    """Whether a snapshot was computed today in the place (overdue feedback and ended grants are
    counted as of the day)."""
    computed = timezone.localdate(snapshot.computed_at, timezone=place.tz)
    return computed == timezone.localdate(timezone=place.tz)


def _figures(data, programmes):
    values = dict(data)
    values["awarded_total"] = Decimal(data["awarded_total"])
    values["programmes"] = [
        (programmes[pk], *counts) for pk, *counts in data["programmes"] if pk in programmes
    ]
    values["spending_by_year"] = [
        SpendingYear(year, awards, short, Decimal(total), Decimal(short_total))
        for year, awards, short, total, short_total in data["spending_by_year"]
    ]
    return Figures(**values)


def stored_figures(snapshot):
    """The snapshot's figures as place_and_funder_figures and place_and_funder_burden give them
    (two queries: the programmes and the funders they name)."""
    data = snapshot.figures
    programme_ids = {row[0] for row in data["place"]["programmes"]}
    programmes = (
        Programme.objects.filter(pk__in=programme_ids)
        .select_related("funder")
        .only("title", "opens_on", "deadline", "funder__name")
    )
    programmes = {p.pk: p for p in programmes}
    funder_ids = [pk for pk, _figs in data["funders"]]
    funders = Organisation.objects.in_bulk(funder_ids)
    return StoredFigures(
        figures=_figures(data["place"], programmes),
        funder_figures=[
            (funders[pk], _figures(figs, programmes))
            for pk, figs in data["funders"]
            if pk in funders
        ],
        burden=BurdenFigures(**data["burden"]),
        burden_of={int(pk): BurdenFigures(**b) for pk, b in data["burden_of"].items()},
        computed_at=snapshot.computed_at,
    )


def stored_flags(rows):
    """Flags from rows of the snapshot's ``flags`` (a page of them, say), their
    organisation and bids as Named and FlagBid (no query)."""
    return [
        Flag(
            kind=row["api"]["kind"],
            organisation=Named(row["organisation_id"], row["api"]["organisation"]),
            bids=tuple(
                FlagBid(pk, title, Named(funder_id, funder), state)
                for pk, title, funder_id, funder, state in row["bids"]
            ),
            themes=row["api"]["themes"],
            similarity=row["similarity"],
        )
        for row in rows
    ]


class _JsonPath(Func):
    """PostgreSQL's jsonb_path_query_array: the items of a JSON value a path picks, as a list."""

    function = "jsonb_path_query_array"
    output_field = JSONField()


def _flags_at(place, path):
    snapshot = FiguresSnapshot.objects.for_place(place).annotate(
        picked=_JsonPath(F("flags"), Value(path))
    )
    return snapshot.values_list("picked", flat=True).first() or []


class StoredFlagList:
    """The snapshot's flags as a list to page (Django's Paginator): its length is stored, and a
    slice reads only those flags from the database, as Flags."""

    def __init__(self, place, snapshot):
        self.place = place
        self.length = snapshot.overlaps["flag_count"]

    def __len__(self):
        return self.length

    def __getitem__(self, bounds):
        start, stop, _step = bounds.indices(self.length)
        if stop <= start:
            return []
        return stored_flags(_flags_at(self.place, f"$[{start} to {stop - 1}]"))


def stored_flag_rows(place):
    """The API's rows of the snapshot's flags, as FlagSerializer gave them (picked out in the
    database: the bids' titles the page shows are not read)."""
    return _flags_at(place, "$[*].api")


def _pipeline_row(values):
    label, live, live_amount, awarded, awarded_amount = values
    return PipelineRow(label, live, Decimal(live_amount), awarded, Decimal(awarded_amount))


def stored_pipeline(snapshot, part):
    """The shared pipeline's ``total`` (a PipelineRow) or a list of PipelineRows: ``by_theme``,
    ``by_area`` or ``by_organisation``."""
    data = snapshot.overlaps["pipeline"][part]
    return _pipeline_row(data) if part == "total" else [_pipeline_row(row) for row in data]


def stored_unmet_needs(place, snapshot, ids=None):
    """The high needs the snapshot found no current award touches (or those of ``ids`` among
    them, a page), newest first; a need since removed is left out."""
    ids = snapshot.overlaps["unmet_need_ids"] if ids is None else ids
    found = high_needs_in_place(place).filter(pk__in=ids).in_bulk()
    return [found[pk] for pk in ids if pk in found]
