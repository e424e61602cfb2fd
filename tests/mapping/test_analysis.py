"""The gap and overlap rules, including the specialist nuance, as coordinators read them."""

from mapping import analysis, services
from mapping.models import ServiceStatus, Severity


def _need(place, area, theme, severity=Severity.HIGH, **fields):
    fields.setdefault("summary", "Evidence")
    if severity is None:
        fields.setdefault("indicator_value", 12)
        fields.setdefault("indicator_source", "Food bank referrals")
    return services.need_create(
        place=place, actor=None, area=area, theme=theme, severity=severity, **fields
    )


def _cell(coverage, area, theme):
    for row_area, cells in coverage.rows:
        if row_area == area:
            return next(c for c in cells if c.theme == theme)
    raise AssertionError("no such cell")


def test_high_need_with_one_service_is_a_gap(sutton, area, theme, make_service):
    helier, food = area(sutton, "St Helier East"), theme("food")
    _need(sutton, helier, food)
    make_service(sutton, "Pantry", themes=["food"], areas=[helier])

    cell = _cell(analysis.coverage_matrix(sutton), helier, food)
    assert (cell.need_level, cell.services, cell.is_gap) == (Severity.HIGH, 1, True)
    assert [(g.area, g.theme) for g in analysis.gaps(sutton)] == [(helier, food)]


def test_two_services_or_lower_need_is_not_a_gap(sutton, area, theme, make_service):
    a, b = area(sutton, "Cheam"), area(sutton, "Belmont")
    food = theme("food")
    _need(sutton, a, food)
    make_service(sutton, "Pantry one", areas=[a])
    make_service(sutton, "Pantry two", areas=[a])
    _need(sutton, b, food, severity=Severity.MEDIUM)

    assert analysis.gaps(sutton) == []
    assert _cell(analysis.coverage_matrix(sutton), a, food).services == 2


def test_whole_place_services_count_in_every_area(sutton, area, theme, make_service):
    a = area(sutton, "Cheam")
    _need(sutton, a, theme("food"))
    make_service(sutton, "Borough food line", whole_place=True)
    make_service(sutton, "Cheam pantry", areas=[a])
    assert analysis.gaps(sutton) == []


def test_paused_and_closed_services_do_not_count(sutton, area, theme, make_service):
    a = area(sutton, "Cheam")
    _need(sutton, a, theme("food"))
    make_service(sutton, "Paused pantry", areas=[a], status=ServiceStatus.PAUSED)
    make_service(sutton, "Closed pantry", areas=[a], status=ServiceStatus.CLOSED)
    assert len(analysis.gaps(sutton)) == 1


def test_indicator_without_rating_counts_as_medium(sutton, area, theme):
    a = area(sutton, "Cheam")
    _need(sutton, a, theme("food"), severity=None)
    cell = _cell(analysis.coverage_matrix(sutton), a, theme("food"))
    assert cell.need_level == Severity.MEDIUM and not cell.is_gap


def test_three_open_services_sharing_theme_area_and_community_overlap(
    sutton, area, theme, community, make_service
):
    a = area(sutton, "The Wrythe")
    for name in ("Lunch club", "Coffee morning", "Befriending calls"):
        make_service(sutton, name, themes=["loneliness"], areas=[a])
    make_service(
        sutton, "Coffee morning elsewhere", themes=["loneliness"], areas=[area(sutton, "Cheam")]
    )

    found = analysis.overlaps(sutton)
    assert len(found) == 1
    overlap = found[0]
    assert (overlap.theme, overlap.area, overlap.community) == (theme("loneliness"), a, None)
    assert sorted(s.name for s in overlap.services) == [
        "Befriending calls",
        "Coffee morning",
        "Lunch club",
    ]


def test_two_services_or_different_communities_do_not_overlap(
    sutton, area, theme, community, make_service
):
    a = area(sutton, "The Wrythe")
    make_service(sutton, "Lunch club", themes=["loneliness"], areas=[a])
    make_service(sutton, "Coffee morning", themes=["loneliness"], areas=[a])
    make_service(
        sutton, "Carers' cafe", themes=["loneliness"], areas=[a], communities=[community("Carers")]
    )
    assert analysis.overlaps(sutton) == []


def test_a_specialist_service_is_complementary_never_a_duplicate(
    sutton, area, theme, community, make_service
):
    a = area(sutton, "St Helier West")
    lgbt = community("LGBTQ+ people")
    for name in ("Lunch club", "Coffee morning", "Befriending calls"):
        make_service(sutton, name, themes=["loneliness"], areas=[a])
    make_service(
        sutton,
        "Rainbow social",
        themes=["loneliness"],
        areas=[a],
        communities=[lgbt],
        is_specialist=True,
    )
    # Even two more specialist services for the same community are not an overlap of their own.
    for name in ("Rainbow walk", "Rainbow choir"):
        make_service(
            sutton, name, themes=["loneliness"], areas=[a], communities=[lgbt], is_specialist=True
        )

    (overlap,) = analysis.overlaps(sutton)
    assert "Rainbow social" not in [s.name for s in overlap.services]
    assert sorted(s.name for s in overlap.complementary) == [
        "Rainbow choir",
        "Rainbow social",
        "Rainbow walk",
    ]
    assert overlap.complementary[0].communities == ["LGBTQ+ people"]


def test_open_services_naming_the_same_community_overlap(
    sutton, area, theme, community, make_service
):
    a = area(sutton, "Hackbridge")
    carers = community("Carers")
    for name in ("Carers' cafe", "Carers' line", "Carers' walk"):
        make_service(sutton, name, themes=["loneliness"], areas=[a], communities=[carers])
    (overlap,) = analysis.overlaps(sutton)
    assert overlap.community == carers


def test_analysis_sees_only_its_place(sutton, bucks, area, theme, make_service):
    _need(bucks, area(bucks, "Marlow"), theme("food"))
    for name in ("One", "Two", "Three"):
        make_service(bucks, name, areas=[area(bucks, "Marlow")])
    assert analysis.gaps(sutton) == [] and analysis.overlaps(sutton) == []
    assert all(a.place_id == sutton.pk for a in analysis.coverage_matrix(sutton).areas)


def test_coverage_matrix_queries_are_constant(
    sutton, area, theme, make_service, django_assert_num_queries
):
    a = area(sutton, "Cheam")
    make_service(sutton, "One", areas=[a])
    with django_assert_num_queries(5):
        analysis.coverage_matrix(sutton)
    for i in range(20):
        make_service(sutton, f"More {i}", themes=["food", "housing"], areas=[a], whole_place=i % 2)
        _need(sutton, area(sutton, f"Ward {i}"), theme("housing"))
    with django_assert_num_queries(5):
        analysis.coverage_matrix(sutton)
