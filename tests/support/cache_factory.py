"""Build a local CBS cache without a server: the demo's CBS-shaped tables relabelled as gemeente GM0999.

For tests of everything downstream of the cache (loading, exports, pages). The CBS protocol
itself is tested against the local OData server in test_cbs.py / test_sync.py.
"""

from __future__ import annotations

import json

from wijkdata.cbs import cache
from wijkdata.cbs.client import RawTable
from wijkdata.cbs.normalise import normalise_table, properties_frame
from wijkdata.config import Settings
from wijkdata.demo.tables import demo_tables

GEMEENTE = "GM0999"
NAAM = "Testgemeente"


def relabel(raw: RawTable, year: int) -> RawTable:
    """The demo table as if CBS published it for GM0999 'Testgemeente' in table T<year>NED."""
    text = json.dumps({"rows": raw.rows, "regions": raw.regions})
    text = text.replace("9999", "0999").replace("Voorbeeldstad", NAAM).replace("Nederland (fictief)", "Nederland")
    moved = json.loads(text)
    info = dict(raw.info, Identifier=f"T{year}NED", Title=f"Kerncijfers wijken en buurten {year}")
    return RawTable(info=info, properties=raw.properties, rows=moved["rows"], regions=moved["regions"])


def build_cache(settings: Settings, years: tuple[int, ...] = (2022, 2023)) -> None:
    """Write GM0999 for ``years`` into the cache of ``settings`` exactly as sync would."""
    for year in years:
        raw = relabel(demo_tables()[year], year)
        rows = normalise_table(raw.rows, raw.properties, raw.regions, GEMEENTE)
        cache.store_table(settings, raw.info, properties_frame(raw.properties), rows, GEMEENTE, year)
