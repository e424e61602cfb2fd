"""The floor: four API lists and their details answered with psycopg2 and json, no Django.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/inplace_bench \\
        .venv/bin/gunicorn --chdir bench floor:application --bind 127.0.0.1:8101

bench/load.py starts it the same way as the Django app and reports each API route's p50 as a
multiple of this one's. For /api/v1/places/<slug>/{services,funding/bids,tenders,organisations}/
and their /<id>/ details it does what the API must do at least (find the place, check the
``Authorization: Token`` key, for bids find the caller's organisations) and runs the same rows:
the same place filter, visibility, ordering, page size (``page_size``, default 50, one extra row to
know whether there is a next page) and fields, nested lists included, rendered as DRF renders them
(place-local ISO times, decimals as strings, compact JSON). Nothing else: no sessions, no
middleware, no throttling, no ETag, no cursor parsing (only the first page of a list).
"""

import base64
import datetime
import decimal
import hashlib
import hmac
import json
import os
import re
import uuid
import zoneinfo
from urllib.parse import parse_qs, urlencode

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

_slugs = """ARRAY(SELECT x.slug FROM {through} j JOIN {table} x ON x.id = j.{target}
    WHERE j.{source} = {alias}.id {extra} ORDER BY x.name)"""


def _array(through, table, source, target, alias, extra=""):
    return _slugs.format(
        through=through, table=table, source=source, target=target, alias=alias, extra=extra
    )


SERVICE_SQL = f"""
SELECT s.id, s.uuid, s.organisation_id AS organisation, s.name, s.description,
  {_array("mapping_service_themes", "vocabularies_theme", "service_id", "theme_id", "s")} AS themes,
  {_array("mapping_service_communities", "organisations_community", "service_id", "community_id", "s")}
    AS communities,
  s.is_specialist, s.whole_place,
  {_array("mapping_service_areas", "places_area", "service_id", "area_id", "s", "AND x.place_id = %(place)s")}
    AS areas,
  s.in_person, s.online, s.by_phone, s.address, s.postcode, s.latitude, s.longitude,
  s.weekly_capacity, s.eligibility, s.contact_name, s.contact_email, s.contact_phone, s.website,
  s.status, s.last_verified, s.external_id, s.created_at, s.updated_at
FROM mapping_service s
WHERE s.place_id = %(place)s {{where}}
ORDER BY s.name, s.id
LIMIT %(limit)s
"""  # noqa: E501

ORGANISATION_SQL = f"""
SELECT o.id, o.name, o.kind, o.org_id, o.income_band, o.staff_count, o.registered_postcode,
  o.description, o.website, o.email,
  {_array("organisations_organisation_areas", "places_area", "organisation_id", "area_id", "o", "AND x.place_id = %(place)s")}
    AS areas,
  {_array("organisations_organisation_communities", "organisations_community", "organisation_id", "community_id", "o", "AND (x.id NOT IN (SELECT community_id FROM vocabularies_communityaddition) OR x.id IN (SELECT community_id FROM vocabularies_communityaddition WHERE place_id = %(place)s))")}
    AS communities,
  o.created_at, o.updated_at
FROM organisations_organisation o
JOIN organisations_organisation_places op ON op.organisation_id = o.id AND op.place_id = %(place)s
WHERE TRUE {{where}}
ORDER BY o.name, o.id
LIMIT %(limit)s
"""  # noqa: E501

BID_SQL = f"""
SELECT b.id, b.programme_id AS programme, b.applicant_id AS applicant, b.title, b.summary,
  b.amount_requested, b.duration_months,
  {_array("funding_bid_themes", "vocabularies_theme", "bid_id", "theme_id", "b")} AS themes,
  {_array("funding_bid_areas", "places_area", "bid_id", "area_id", "b", "AND x.place_id = %(place)s")}
    AS areas,
  {_array("funding_bid_communities", "organisations_community", "bid_id", "community_id", "b")}
    AS communities,
  b.share_summary, b.state, b.submitted_at,
  CASE WHEN b.submitted_at IS NULL THEN NULL
    ELSE COALESCE(p.deadline, (b.submitted_at AT TIME ZONE %(tz)s)::date)
      + p.decision_within_days END AS decision_due_on,
  b.decided_at, b.amount_awarded, b.award_start, b.award_end, b.spend_by, b.awarded_in_past,
  f.id AS feedback_id, f.released_at AS feedback_released_at,
  p.funder_id = ANY(%(orgs)s) AS caller_is_funder,
  b.created_at, b.updated_at
FROM funding_bid b
JOIN funding_programme p ON p.id = b.programme_id
LEFT JOIN funding_feedback f ON f.bid_id = b.id AND b.state = 'declined'
WHERE b.place_id = %(place)s
  AND (b.applicant_id = ANY(%(orgs)s)
       OR ((p.funder_id = ANY(%(orgs)s) OR p.board_id IS NOT NULL) AND b.state <> 'draft'))
  {{where}}
ORDER BY b.created_at DESC, b.id DESC
LIMIT %(limit)s
"""  # noqa: E501

TENDER_SQL = f"""
SELECT t.id, t.reference, t.title, t.description, t.commissioner_id AS commissioner,
  t.estimated_value, t.contract_months, t.procurement_method,
  {_array("commissioning_tender_themes", "vocabularies_theme", "tender_id", "theme_id", "t")} AS themes,
  {_array("commissioning_tender_areas", "places_area", "tender_id", "area_id", "t", "AND x.place_id = %(place)s")}
    AS areas,
  t.stage, t.co_design_opens_at, t.co_design_closes_at, t.clarification_deadline,
  t.submission_deadline, t.decision_date, t.you_said_we_did, t.co_design_published_at,
  (SELECT count(*) FROM commissioning_tenderinvitation i WHERE i.tender_id = t.id) AS invited,
  (SELECT count(*) FROM commissioning_tenderinvitation i
     WHERE i.tender_id = t.id AND i.viewed_at IS NOT NULL) AS viewed,
  (SELECT count(*) FROM commissioning_tenderinvitation i WHERE i.tender_id = t.id
     AND i.organisation_id IN (SELECT lead_id FROM commissioning_submission s
                               WHERE s.tender_id = t.id)) AS bid,
  (SELECT count(*) FROM commissioning_interest n WHERE n.tender_id = t.id) AS interested,
  o.opened_at AS bids_opened_at, o.bids_received AS bids_opened_count,
  t.created_at, t.updated_at
FROM commissioning_tender t
LEFT JOIN commissioning_bidopening o ON o.tender_id = t.id
WHERE t.place_id = %(place)s {{where}}
ORDER BY t.created_at DESC, t.id DESC
LIMIT %(limit)s
"""  # noqa: E501


def _columns(cursor):
    return [c[0] for c in cursor.description]


def _rows(cursor, sql, params):
    cursor.execute(sql, params)
    names = _columns(cursor)
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _group(cursor, sql, ids):
    """Rows of a nested list for a page's ids, grouped by their parent id (first column)."""
    grouped = {}
    if ids:
        cursor.execute(sql, {"ids": list(ids)})
        names = _columns(cursor)[1:]
        for parent, *values in cursor.fetchall():
            grouped.setdefault(parent, []).append(dict(zip(names, values, strict=True)))
    return grouped


DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def services(cursor, place, rows):
    schedules = _group(
        cursor,
        "SELECT service_id, weekday AS day, opens_at, closes_at, valid_from, valid_to, description"
        " FROM mapping_serviceschedule WHERE service_id = ANY(%(ids)s)"
        " ORDER BY weekday, opens_at, id",
        [r["id"] for r in rows],
    )
    out = []
    for row in rows:
        service = {}
        for name, value in row.items():
            service[name] = value
            if name == "areas":  # the API gives the opening hours after the areas
                service["schedules"] = [
                    {**opening, "day": DAYS[opening["day"] - 1]}
                    for opening in schedules.get(row["id"], [])
                ]
        service["url"] = place["api"] + f"services/{row['id']}/"
        out.append(service)
    return out


def organisations(cursor, place, rows):
    for row in rows:
        row["url"] = place["api"] + f"organisations/{row['id']}/"
    return rows


def bids(cursor, place, rows):
    ids = [r["id"] for r in rows]
    events = _group(
        cursor,
        "SELECT bid_id, from_state, to_state, at FROM funding_bidevent"
        " WHERE bid_id = ANY(%(ids)s) ORDER BY at, id",
        ids,
    )
    attachments = _group(
        cursor,
        "SELECT bid_id, id, original_name AS name, content_type, size, uploaded_at"
        " FROM funding_bidattachment WHERE bid_id = ANY(%(ids)s) ORDER BY uploaded_at, id",
        ids,
    )
    shown = [
        r["feedback_id"]
        for r in rows
        if r["feedback_id"] and (r["caller_is_funder"] or r["feedback_released_at"])
    ]
    feedback = _group(
        cursor,
        "SELECT f.id, f.reasons::text AS reasons, f.strengths, f.to_strengthen,"
        " ARRAY(SELECT programme_id FROM funding_feedback_signposts s WHERE s.feedback_id = f.id"
        "  ORDER BY programme_id) AS signposts,"
        " f.free_text, f.due_on, f.released_at, f.helped, f.helped_comment"
        " FROM funding_feedback f WHERE f.id = ANY(%(ids)s)",
        shown,
    )
    out = []
    for row in rows:
        feedback_id = row.pop("feedback_id")
        row.pop("feedback_released_at"), row.pop("caller_is_funder")
        bid = {"id": row["id"], "url": place["api"] + f"funding/bids/{row['id']}/"}
        bid.update(row)
        found = feedback.get(feedback_id)
        if found:  # the JSON column as text: json.loads works whoever's cursor ran the query
            found[0]["reasons"] = json.loads(found[0]["reasons"])
        bid["feedback"] = found[0] if found else None
        bid["attachments"] = [
            {**a, "download": f"{place['site']}/{place['slug']}/funding/attachments/{a['id']}/"}
            for a in attachments.get(row["id"], [])
        ]
        bid["events"] = events.get(row["id"], [])
        bid["created_at"], bid["updated_at"] = bid.pop("created_at"), bid.pop("updated_at")
        out.append(bid)
    return out


def tenders(cursor, place, rows):
    ids = [r["id"] for r in rows]
    lots = _group(
        cursor,
        "SELECT tender_id, id, title, description, estimated_value FROM commissioning_lot"
        " WHERE tender_id = ANY(%(ids)s) ORDER BY id",
        ids,
    )
    criteria = _group(
        cursor,
        "SELECT tender_id, id, title, description, weight FROM commissioning_criterion"
        " WHERE tender_id = ANY(%(ids)s) ORDER BY id",
        ids,
    )
    periods = _group(
        cursor,
        "SELECT tender_id, label, starts_on, indicator, demand, value"
        " FROM commissioning_demandperiod WHERE tender_id = ANY(%(ids)s) ORDER BY starts_on, id",
        ids,
    )
    cursor.execute(
        "SELECT unit_value_fall_percent FROM commissioning_commissioningpolicy"
        " WHERE place_id = %(place)s",
        {"place": place["id"]},
    )
    found = cursor.fetchone()
    threshold = found[0] if found else 10  # CommissioningPolicy's default
    timeline = _group(
        cursor,
        "SELECT c.tender_id, c.from_stage, c.to_stage, c.rationale,"
        " COALESCE(NULLIF(u.name, ''), u.email) AS changed_by, c.changed_at"
        " FROM commissioning_tenderstagechange c LEFT JOIN accounts_user u ON u.id = c.changed_by_id"
        " WHERE c.tender_id = ANY(%(ids)s) ORDER BY c.changed_at, c.id",
        ids,
    )
    amendments = _group(
        cursor,
        "SELECT a.tender_id, a.number, a.rationale, a.changes::text AS changes,"
        " COALESCE(NULLIF(u.name, ''), u.email) AS published_by, a.published_at"
        " FROM commissioning_tenderamendment a LEFT JOIN accounts_user u ON u.id = a.published_by_id"
        " WHERE a.tender_id = ANY(%(ids)s) ORDER BY a.number",
        ids,
    )
    out = []
    for row in rows:
        tender = {"id": row["id"], "url": place["api"] + f"tenders/{row['id']}/"}
        counts = {k: row.pop(k) for k in ("invited", "viewed", "bid", "interested")}
        created, updated = row.pop("created_at"), row.pop("updated_at")
        opened_at, received = row.pop("bids_opened_at"), row.pop("bids_opened_count")
        tender.update(row)
        tender["lots"] = lots.get(row["id"], [])
        tender["criteria"] = criteria.get(row["id"], [])
        tender["invitation_counts"] = counts
        tender["proportionality"] = _proportionality(periods.get(row["id"], []), threshold)
        tender["timeline"] = timeline.get(row["id"], [])
        tender["bids_opened"] = (
            None if opened_at is None else {"opened_at": opened_at, "bids_received": received}
        )
        tender["amendments"] = [
            {
                **a,
                "changes": [
                    {k: change.get(k) for k in ("field", "label", "old", "new")}
                    for change in json.loads(a["changes"])
                ],
            }
            for a in amendments.get(row["id"], [])
        ]
        tender["created_at"], tender["updated_at"] = created, updated
        out.append(tender)
    return out


def _percent(new, old):
    return None if not old else round(float((new - old) / old * 100), 1)


def _per_unit(period):
    return period["value"] / period["demand"] if period["demand"] else None


def _unit_change(new, old):
    new_unit, old_unit = _per_unit(new), _per_unit(old)
    return None if new_unit is None or old_unit is None else _percent(new_unit, old_unit)


def _proportionality(periods, threshold):
    """Demand against value across the contracts, and the value for each unit of demand against
    the contract before and the first; flagged beyond the place's threshold (as the API)."""
    demand_change = value_change = unit_change = overall = None
    if len(periods) >= 2:
        first, before, after = periods[0], periods[-2], periods[-1]
        demand_change = _percent(after["demand"], before["demand"])
        value_change = _percent(after["value"], before["value"])
        unit_change, overall = _unit_change(after, before), _unit_change(after, first)
    flagged = any(c is not None and c < -threshold for c in (unit_change, overall))
    return {
        "flagged": flagged,
        "threshold": threshold,
        "demand_change": demand_change,
        "value_change": value_change,
        "unit_value_change": unit_change,
        "unit_value_change_overall": overall,
        "periods": periods,
    }


# resource path -> (SQL, finish, primary ordering fields for the cursor, needs the caller's orgs)
RESOURCES = {
    "services": (SERVICE_SQL, services, ("name", "id"), False),
    "organisations": (ORGANISATION_SQL, organisations, ("name", "id"), False),
    "funding/bids": (BID_SQL, bids, ("-created_at", "id"), True),
    "tenders": (TENDER_SQL, tenders, ("-created_at", "id"), False),
}
DETAIL_WHERE = {
    "services": "AND s.id = %(pk)s",
    "organisations": "AND o.id = %(pk)s",
    "funding/bids": "AND b.id = %(pk)s",
    "tenders": "AND t.id = %(pk)s",
}


def find_place(cursor, slug, site):
    cursor.execute(
        "SELECT id, slug, timezone FROM places_place WHERE slug = %s AND is_active", [slug]
    )
    row = cursor.fetchone()
    if row is None:
        return None
    return {
        "id": row[0],
        "slug": row[1],
        "tz": row[2],
        "site": site,
        "api": f"{site}/api/v1/places/{row[1]}/",
    }


def caller_organisations(cursor, place, user_id):
    if user_id is None:
        return []
    cursor.execute(
        "SELECT DISTINCT organisation_id FROM accounts_membership"
        " WHERE place_id = %s AND user_id = %s AND organisation_id IS NOT NULL",
        [place["id"], user_id],
    )
    return [r[0] for r in cursor.fetchall()]


def token_user(cursor, header):
    key = header[6:].strip() if header.startswith("Token ") else ""
    # A personal token is ipt_<prefix>_<secret>, found by its prefix, checked against its hash
    # (coordination/api/keys.py; repeated here, as this file imports nothing of the project).
    prefix, _sep, secret = key.removeprefix("ipt_").partition("_")
    if not key.startswith("ipt_") or len(prefix) != 12 or not secret:
        return None
    cursor.execute(
        "SELECT u.id, t.key_hash FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id"
        " WHERE t.prefix = %s AND t.expires_at > now() AND u.is_active",
        [prefix],
    )
    row = cursor.fetchone()
    if row is None:
        return None
    digest = hashlib.sha256(key.encode()).hexdigest()
    return row[0] if hmac.compare_digest(digest, row[1]) else None


def list_page(cursor, place, resource, page_size=DEFAULT_PAGE_SIZE, user_id=None, query=""):
    """The first page of a list: {"next": url or None, "results": [...]}, as the API gives it."""
    sql, finish, ordering, needs_orgs = RESOURCES[resource]
    params = {"place": place["id"], "tz": place["tz"], "limit": page_size + 1}
    if needs_orgs:
        params["orgs"] = caller_organisations(cursor, place, user_id)
    rows = _rows(cursor, sql.format(where=""), params)
    more = len(rows) > page_size
    rows = finish(cursor, place, rows[:page_size])
    next_url = None
    if more:
        last = rows[-1]
        values = [_plain(last[f.lstrip("-")], place) for f in ordering]
        token = json.dumps({"o": list(ordering), "v": values}, separators=(",", ":"))
        cursor_value = base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")
        rest = {k: v for k, v in parse_qs(query).items() if k != "cursor"}
        args = {"cursor": [cursor_value], **rest}
        next_url = place["api"] + f"{resource}/?" + urlencode(args, doseq=True)
    return {"next": next_url, "results": rows}


def detail(cursor, place, resource, pk, user_id=None):
    """One row as the API's detail gives it, or None (not there, or not the caller's to see)."""
    sql, finish, _ordering, needs_orgs = RESOURCES[resource]
    params = {"place": place["id"], "tz": place["tz"], "limit": 1, "pk": pk}
    if needs_orgs:
        params["orgs"] = caller_organisations(cursor, place, user_id)
    rows = _rows(cursor, sql.format(where=DETAIL_WHERE[resource]), params)
    return finish(cursor, place, rows)[0] if rows else None


def _plain(value, place):
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def render(data, tz_name):
    """Compact JSON as DRF's JSONRenderer writes it, times in the place's zone."""
    tz = zoneinfo.ZoneInfo(tz_name)

    def default(value):
        if isinstance(value, datetime.datetime):
            text = value.astimezone(tz).isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, decimal.Decimal | uuid.UUID):
            return str(value)
        raise TypeError(type(value))

    return json.dumps(data, default=default, ensure_ascii=False, separators=(",", ":")).encode()


# WSGI

_ROUTE = re.compile(
    r"^/api/v1/places/(?P<slug>[-\w]+)/(?P<resource>services|organisations|funding/bids|tenders)/"
    r"(?:(?P<pk>\d+)/)?$"
)
_connection = None


def _cursor():
    global _connection
    if _connection is None or _connection.closed:
        import psycopg2

        _connection = psycopg2.connect(os.environ["DATABASE_URL"])
        _connection.autocommit = True  # one statement at a time, as Django's autocommit
    return _connection.cursor()


def application(environ, start_response):
    match = _ROUTE.match(environ.get("PATH_INFO", ""))
    if environ.get("REQUEST_METHOD") != "GET" or match is None:
        return _respond(start_response, "404 Not Found", {"detail": "Not found."})
    site = f"http://{environ.get('HTTP_HOST', 'localhost')}"
    query = environ.get("QUERY_STRING", "")
    try:
        page_size = int(parse_qs(query).get("page_size", [DEFAULT_PAGE_SIZE])[0])
    except ValueError:
        page_size = DEFAULT_PAGE_SIZE
    page_size = min(max(page_size, 1), MAX_PAGE_SIZE)
    with _cursor() as cursor:
        place = find_place(cursor, match["slug"], site)
        if place is None:
            return _respond(start_response, "404 Not Found", {"detail": "Not found."})
        user_id = token_user(cursor, environ.get("HTTP_AUTHORIZATION", ""))
        if match["pk"]:
            data = detail(cursor, place, match["resource"], int(match["pk"]), user_id)
            if data is None:
                return _respond(start_response, "404 Not Found", {"detail": "Not found."})
        else:
            data = list_page(cursor, place, match["resource"], page_size, user_id, query)
    return _respond(start_response, "200 OK", data, place["tz"])


def _respond(start_response, status, data, tz_name="UTC"):
    body = render(data, tz_name)
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
