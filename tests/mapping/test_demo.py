"""The demo map shows real findings, including a specialist service rightly not flagged."""

import json

from django.core.management import call_command

from coordination.audit.models import AuditEntry
from coordination.places.models import Area
from mapping import analysis
from mapping.demo import seed_mapping_demo
from mapping.demo.directory import OPENING_HOURS
from mapping.models import AreaOutline, Service, ServiceSchedule


def test_demo_shows_gaps_and_overlaps_and_rerunning_changes_nothing(demo, sutton, bucks, coventry):
    counts = {p.slug: Service.objects.for_place(p).count() for p in (sutton, bucks, coventry)}
    audits = AuditEntry.objects.for_place(sutton).count()
    assert all(counts.values())
    for place in (sutton, bucks, coventry):  # every demo service says when it is open
        demo = Service.objects.for_place(place).filter(external_id__startswith="demo-")
        assert set(demo.values_list("external_id", flat=True)) <= set(OPENING_HOURS)
        assert not demo.filter(schedules__isnull=True).exists()
    assert ServiceSchedule.objects.for_place(bucks).filter(description="term time only").exists()

    gaps = {(g.area.name, g.theme.slug) for g in analysis.gaps(sutton)}
    assert {("St Helier East", "money-and-debt"), ("St Helier East", "food")} <= gaps
    overlaps = analysis.overlaps(sutton)
    loneliness = next(o for o in overlaps if o.area.name == "St Helier West")
    assert loneliness.theme.slug == "loneliness" and loneliness.community is None
    assert "Rainbow social" not in [s.name for s in loneliness.services]
    assert "Rainbow social" in [s.name for s in loneliness.complementary]
    assert all("Rainbow social" not in [s.name for s in o.services] for o in overlaps)
    assert analysis.gaps(bucks) and analysis.overlaps(bucks) and analysis.gaps(coventry)

    assert seed_mapping_demo(sutton) == 0
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    assert counts == {
        p.slug: Service.objects.for_place(p).count() for p in (sutton, bucks, coventry)
    }
    assert AuditEntry.objects.for_place(sutton).count() == audits
    for place in (sutton, bucks, coventry):  # every demo map draws every area's outline
        areas = Area.objects.for_place(place).count()
        assert AreaOutline.objects.for_place(place).count() == areas > 0


def test_demo_st_helier_asset_map_lists_and_maps_the_pilots_assets(client, demo, sutton):
    from django.urls import reverse

    page = client.get(
        reverse("places:mapping:asset_list", kwargs={"place_slug": sutton.slug}),
        {"area": "st-helier"},
    ).content.decode()
    assert "Community assets in St Helier" in page and "6 assets" in page
    source = json.loads(
        page.split('id="asset-map-data" type="application/json">')[1].split("</script>")[0]
    )["source"]
    assert len(client.get(source).json()["features"]) == 6  # every one is on the map
    assert "Pat Green" in page  # consented contact shown
    assert "Through the coordinator" in page  # the others' are not
