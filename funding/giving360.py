"""360Giving Data Standard 1.4: a place's (or one funder's) awarded grants as JSON and CSV.

Only awarded grants are published. Organisations without a registered identifier get an InPlace one
under the 360G- prefix, as the standard allows for organisations with no registration.
"""

from django.conf import settings

from coordination.csvfiles import csv_text

VERSION = "1.4"
PREFIX = "360G-InPlace"
GEO_CODE_TYPES = {"ward": "WD", "local_authority": "LAD"}


def _number(amount):
    # JSON has no decimal type: whole pounds go out as integers, pence as the nearest JSON number.
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _org(organisation):
    identifier = organisation.org_id or f"{PREFIX}-org-{organisation.pk}"
    out = {"id": identifier, "name": organisation.name}
    if organisation.org_id.startswith("GB-CHC-"):
        out["charityNumber"] = organisation.org_id.removeprefix("GB-CHC-")
    elif organisation.org_id.startswith("GB-COH-"):
        out["companyNumber"] = organisation.org_id.removeprefix("GB-COH-")
    return out


def _locations(place, bid, areas=None):
    """``areas``: the bid's areas as (name, GSS code, kind), when read beforehand."""
    if areas is None:
        areas = [(a.name, a.gss_code, a.kind) for a in bid.areas.all()]
    areas = [(name, code, kind) for name, code, kind in areas if code]
    if areas:
        return [
            {
                "name": name,
                "geoCode": code,
                **({"geoCodeType": GEO_CODE_TYPES[kind]} if kind in GEO_CODE_TYPES else {}),
            }
            for name, code, kind in areas
        ]
    if place.gss_code:
        return [{"name": place.name, "geoCode": place.gss_code, "geoCodeType": "LAD"}]
    return [{"name": place.name, "countryCode": "GB"}]


def _board_org(place, board):
    """A board is not a registered body: it gets an InPlace identifier, as a 360G- one."""
    return {"id": f"{PREFIX}-board-{place.slug}-{board.pk}", "name": board.name}


def _programme_url(site_url, place, programme):
    if not site_url:
        return {}
    fund = getattr(programme, "board_fund_id_for_url", None)
    if fund:
        return {"url": f"{site_url}/{place.slug}/funding/board-funds/{fund}/"}
    return {"url": f"{site_url}/{place.slug}/funding/programmes/{programme.pk}/"}


def grant(place, bid, site_url="", areas=None):
    programme = bid.programme
    application = getattr(bid, "fund_application", None) if programme.board_id else None
    if application is not None:
        programme.board_fund_id_for_url = application.fund_id
    out = {
        "id": f"{PREFIX}-{place.slug}-{bid.pk}",
        "title": bid.title,
        "description": bid.summary,
        "currency": "GBP",
        "amountAppliedFor": _number(bid.amount_requested),
        "amountAwarded": _number(bid.amount_awarded),
        "awardDate": bid.decided_at.astimezone(place.tz).date().isoformat(),
        "recipientOrganization": [_org(bid.applicant)],
        "fundingOrganization": [_org(programme.funder)],
        "beneficiaryLocation": _locations(place, bid, areas),
        "grantProgramme": [
            {
                "code": f"{PREFIX}-programme-{programme.pk}",
                "title": programme.title,
                **_programme_url(site_url, place, programme),
            }
        ],
        "plannedDates": [
            {
                "startDate": bid.award_start.isoformat(),
                "endDate": bid.award_end.isoformat(),
                "duration": bid.award_months,
            }
        ],
        "fromOpenCall": "Yes",
        "dateModified": bid.updated_at.isoformat(),
    }
    if programme.board_id:
        # A board's fund: the board is the funder; its area the beneficiary location if none
        # more precise; the priority it serves a classification; what was paid, disbursed.
        out["fundingOrganization"] = [_board_org(place, programme.board)]
        if application is not None:
            out["amountAwarded"] = _number(application.committed)
            out["amountDisbursed"] = _number(application.paid_amount)
            if application.priority_id:
                out["classifications"] = [
                    {
                        "vocabulary": f"{PREFIX}-board-fund-priorities",
                        "code": f"priority-{application.priority_id}",
                        "title": application.priority.title,
                    }
                ]
    return out


def package(place, bids, *, funder=None, areas_of=None):
    """``areas_of``: {bid id: [(name, GSS code, kind)]} when read beforehand (see
    selectors.grants_for_360giving); otherwise each bid's areas are read from it."""
    site_url = getattr(settings, "SITE_URL", "").rstrip("/")
    title = f"Grants awarded in {place.name}"
    if funder is not None:
        title = f"Grants awarded by {funder.name} in {place.name}"
    return {
        "version": VERSION,
        "title": title,
        "grants": [
            grant(place, bid, site_url, None if areas_of is None else areas_of.get(bid.pk, []))
            for bid in bids
        ],
    }


CSV_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Applied For", lambda g: g["amountAppliedFor"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    (
        "Beneficiary Location:Name",
        lambda g: "; ".join(loc["name"] for loc in g["beneficiaryLocation"]),
    ),
    (
        "Beneficiary Location:Geographic Code",
        lambda g: "; ".join(loc.get("geoCode", "") for loc in g["beneficiaryLocation"]),
    ),
    (
        "Beneficiary Location:Geographic Code Type",
        lambda g: "; ".join(loc.get("geoCodeType", "") for loc in g["beneficiaryLocation"]),
    ),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Planned Dates:Duration (months)", lambda g: g["plannedDates"][0]["duration"]),
    ("From An Open Call?", lambda g: g["fromOpenCall"]),
    ("Last modified", lambda g: g["dateModified"]),
]


def as_csv(data):
    """The package as 360Giving's flat CSV (its standard column titles), one row per grant."""
    return csv_text(
        [title for title, _get in CSV_COLUMNS],
        ([get(g) for _title, get in CSV_COLUMNS] for g in data["grants"]),
    )
