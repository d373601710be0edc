"""Which columns of a yearly table to ask CBS for, within the length a URL may have.

CBS fills a yearly Kerncijfers table in stages: in the first release of the 2024 table 60 of its
~120 columns were still empty for every region (income, labour, social security, ...). An empty
cell still travels as ``"GemiddeldInkomenPerInwoner_83": null``; for a large gemeente that is
half of the bytes of its rows. So :meth:`wijkdata.cbs.client.CbsClient.fetch_gemeente` asks for
a gemeente's rows with ``$select`` of the columns that hold a figure:

- every column with a figure for Nederland (the national row is fetched whole, first);
- of the other columns, those CBS says hold a figure for one of the gemeente's regions: asked
  with ``$filter=(<the gemeente's regions>) and (A ne null or B ne null ...)&$select=ID``, a
  group of columns at a time, halving a group that has one until the groups are small
  (:data:`SMALL_GROUP`); a figure published for buurten but not for Nederland (the postcode
  coverage, ``Dekkingspercentage``) is found so, and never lost.

The columns not asked for are put back as ``None`` (:func:`full_shape`), so the rows are exactly
what CBS would have sent whole; nothing downstream knows the difference.

CBS's server refuses a query string longer than 2 048 characters (IIS's default
``maxQueryString``); every request stays within :data:`MAX_QUERY`, splitting a long ``$select``
over several requests whose parts are joined on the row's ``ID`` (:func:`merge_by_id`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

__all__ = [
    "MAX_QUERY",
    "SMALL_GROUP",
    "full_shape",
    "gemeente_rows",
    "merge_by_id",
    "probe_filter",
    "probe_groups",
    "query_length",
    "select_groups",
]

#: The longest query string sent (characters, URL-encoded as ``requests`` does), under IIS's 2 048.
MAX_QUERY = 1800

#: A group of columns that holds a figure is asked for whole once it is this small: halving it
#: further costs more requests (each ~0.3 s at CBS) than its empty cells cost bytes. On the 2024
#: table this finds the postcode coverage in 4 probes and asks for 6 empty columns (~30 KB for
#: the largest gemeente) where halving to single columns took 8 probes.
SMALL_GROUP = 8


def query_length(filters: str, select: list[str] | None = None) -> int:
    """The length of the query string cbsodata sends for ``filters`` and ``select``."""
    params = {"$format": "json", "$filter": filters}
    if select:
        params["$select"] = ",".join(select)
    return len(urlencode(params))


def select_groups(keys: list[str], columns: list[str], filters: str, limit: int | None = None) -> list[list[str]]:
    """``$select`` lists that ask for ``keys`` and ``columns`` within ``limit`` characters each.

    The first list starts with ``keys`` (the row's ``ID`` and region key); every later list starts
    with ``ID`` so its rows can be joined to the first. Columns keep their order.

    Raises
    ------
    ValueError
        When not even one column fits beside the filter.
    """
    limit = MAX_QUERY if limit is None else limit
    groups: list[list[str]] = [list(keys)]
    for column in columns:
        if query_length(filters, [*groups[-1], column]) > limit:
            if query_length(filters, ["ID", column]) > limit:
                raise ValueError(f"De vraag aan CBS wordt te lang voor kolom {column}.")
            groups.append(["ID"])
        groups[-1].append(column)
    return groups


def probe_filter(filters: str, columns: list[str]) -> str:
    """The ``$filter`` for rows of ``filters`` with a figure in any of ``columns``."""
    return f"({filters}) and ({' or '.join(f'{c} ne null' for c in columns)})"


def probe_groups(columns: list[str], filters: str, limit: int | None = None) -> list[list[str]]:
    """``columns`` in groups whose :func:`probe_filter` (with ``$select=ID``) fits in ``limit`` (default :data:`MAX_QUERY`)."""
    limit = MAX_QUERY if limit is None else limit
    groups: list[list[str]] = []
    for column in columns:
        if groups and query_length(probe_filter(filters, [*groups[-1], column]), ["ID"]) <= limit:
            groups[-1].append(column)
        else:
            groups.append([column])
    return groups


def merge_by_id(parts: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rows of the first part, each with the fields of the rows of the other parts with the same ``ID``."""
    if len(parts) == 1:
        return parts[0]
    merged = {row["ID"]: dict(row) for row in parts[0]}
    for part in parts[1:]:
        for row in part:
            if row["ID"] in merged:
                merged[row["ID"]].update(row)
    return list(merged.values())


def full_shape(rows: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    """Each row with every field of ``keys``, in that order; a field not asked for is ``None``."""
    return [{k: row.get(k) for k in keys} for row in rows]


def gemeente_rows(
    fetch: Callable[..., list[dict[str, Any]]],
    properties: list[dict[str, Any]],
    national_filter: str,
    local_filter: str,
) -> list[dict[str, Any]]:
    """Nederland's row, whole, then the rows of ``local_filter`` with only the columns that hold a figure.

    ``fetch(filters, select=None)`` returns TypedDataSet rows (the client's one cbsodata path).
    Without a national row to go by, the local rows come whole.
    """
    national = fetch(national_filter)
    if not national:
        return fetch(local_filter)
    shape = list(national[0])
    topics = [p["Key"] for p in properties if p.get("Type") == "Topic" and p.get("Key") in national[0]]
    found: set[str] = set()
    pending = probe_groups([k for k in topics if national[0][k] is None], local_filter)
    while pending:
        group = pending.pop(0)
        if not fetch(probe_filter(local_filter, group), select=["ID"]):
            continue
        if len(group) <= SMALL_GROUP:
            found.update(group)
        else:
            half = len(group) // 2
            pending[:0] = [group[:half], group[half:]]
    wanted = [k for k in topics if national[0][k] is not None or k in found]
    keys = [k for k in shape if k not in topics]  # the row's ID and region key
    parts = [fetch(local_filter, select=group) for group in select_groups(keys, wanted, local_filter)]
    return national + full_shape(merge_by_id(parts), shape)
