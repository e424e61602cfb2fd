"""Demo services, needs, assets and impact, chosen so the gap and overlap pages show real findings.

In each place: a high need met by one service or none (a gap), three open-to-all services sharing a
theme, area and community (an overlap), and a specialist service beside them that is rightly not
flagged; and simplified outlines of every area, so each map draws them. Called from seed_demo
after the places' areas and organisations exist. Re-running changes nothing: every row has an
external id (an outline, its area), and a row whose id exists is left as it is.
"""

from coordination.places.tenancy import place_scope

from .assets import seed_assets
from .directory import seed_impact, seed_services
from .needs import seed_needs
from .outlines import seed_outlines

__all__ = ["seed_mapping_demo"]


def seed_mapping_demo(place):
    """Add this place's demo map; returns how many rows were created (0 when run again)."""
    with place_scope(place):
        return (
            seed_services(place)
            + seed_needs(place)
            + seed_assets(place)
            + seed_impact(place)
            + seed_outlines(place)
        )
