"""Turn what CBS sends into clean frames: pure functions, no I/O.

Real CBS rows are padded (``"GM0200    "``, ``"Wijk      "``), mark missing or secret figures as
``null`` (``"."`` in the untyped set), and carry their types in DataProperties, not in the
values. :func:`normalise_table` makes one frame per table and gemeente with:

=====================  =====================================================================
column                 meaning
=====================  =====================================================================
``code``               region code, stripped: ``NL00``, ``GM0200``, ``WK020001``, ``BU02000101``
``naam``               region name (from the WijkenEnBuurten dimension)
``niveau``             ``land``, ``gemeente``, ``wijk`` or ``buurt`` (derived from the code)
``gemeente_code``      the gemeente the region lies in (``None`` for Nederland)
``wijk_code``          the wijk a buurt lies in (the wijk itself for a wijk, else ``None``)
``soort_regio``        CBS's own region type, stripped (``Wijk``)
``indelingswijziging`` CBS's boundary-change code (1 unchanged, 2 recoded, 3 changed)
<CBS key>              one column per Topic of DataProperties, typed by its Datatype:
                       ``Int64`` for Long/Integer, ``Float64`` for Double, ``string`` otherwise;
                       missing and secret values stay ``<NA>``, never 0.
=====================  =====================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from wijkdata.codes import check_gemeente_code, is_code, level_of, parent_codes
from wijkdata.errors import CbsDataError

__all__ = [
    "META_COLUMNS",
    "clean_text",
    "find_topic",
    "normalise_table",
    "properties_frame",
]

META_COLUMNS = ["code", "naam", "niveau", "gemeente_code", "wijk_code", "soort_regio", "indelingswijziging"]

_INTEGER_TYPES = {"long", "integer", "int", "short", "byte", "int32", "int64"}
_FLOAT_TYPES = {"double", "float", "decimal", "single"}
_MISSING_TEXT = {"", ".", "x", "?"}


def clean_text(value: Any) -> str | None:
    """Strip a CBS text value; ``None`` for missing (``null``, ``"."``, empty)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    return None if text in _MISSING_TEXT else text


def properties_frame(properties: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """DataProperties as a frame: one row per entry (GeoDetail, TopicGroup, Topic, ...).

    Columns: ``ID`` (int), ``ParentID`` (Int64), ``Type``, ``Key``, ``Title``, ``Description``,
    ``Datatype``, ``Unit``, ``Decimals`` (Int64), ``PresentationType``; texts stripped.
    """
    cols = ["ID", "ParentID", "Type", "Key", "Title", "Description", "Datatype", "Unit", "Decimals", "PresentationType"]
    frame = pd.DataFrame([{c: p.get(c) for c in cols} for p in properties], columns=cols)
    for c in ("Type", "Key", "Title", "Description", "Datatype", "Unit", "PresentationType"):
        frame[c] = frame[c].map(lambda v: "" if v is None or v != v else str(v).strip()).astype("string")  # None/NaN: ""
    frame["ID"] = pd.to_numeric(frame["ID"]).astype("Int64")
    frame["ParentID"] = pd.to_numeric(frame["ParentID"]).astype("Int64")
    frame["Decimals"] = pd.to_numeric(frame["Decimals"]).astype("Int64")
    return frame


def find_topic(props: pd.DataFrame, stem: str) -> str | None:
    """The Key of the Topic whose key stem (before ``_<n>``) is ``stem``, e.g. ``Codering`` → ``Codering_3``."""
    topics = props[props["Type"] == "Topic"]
    for key in topics["Key"]:
        if re.sub(r"_\d+$", "", str(key)) == stem:
            return str(key)
    return None


def _typed(values: Iterable[Any], datatype: str) -> pd.Series:
    kind = (datatype or "").lower()
    values = list(values)
    if kind in _INTEGER_TYPES or kind in _FLOAT_TYPES:
        cleaned = [clean_text(v) if isinstance(v, str) else v for v in values]
        numbers = pd.to_numeric(pd.Series(cleaned, dtype="object"), errors="coerce").astype("Float64")
        if kind in _INTEGER_TYPES:
            whole = numbers.dropna()
            if (whole == whole.round()).all():
                return numbers.round().astype("Int64")
        return numbers
    return pd.Series([clean_text(v) for v in values], dtype="string")


def normalise_table(
    rows: Sequence[Mapping[str, Any]],
    properties: Sequence[Mapping[str, Any]],
    regions: Sequence[Mapping[str, Any]],
    gemeente: str,
) -> pd.DataFrame:
    """One clean frame of Nederland, ``gemeente``, its wijken and buurten from CBS rows.

    Parameters
    ----------
    rows
        TypedDataSet (or UntypedDataSet) rows as CBS sends them.
    properties
        The table's DataProperties.
    regions
        The WijkenEnBuurten dimension (Key, Title); may be empty, names then come from the rows.
    gemeente
        ``GMxxxx``: rows of other gemeenten are dropped, whatever the server sent.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`META_COLUMNS` followed by one typed column per CBS Topic (in CBS order);
        one row per region, Nederland first, then the gemeente, then wijken and buurten in CBS order.

    Raises
    ------
    CbsDataError
        When the rows carry no region code (no ``Codering`` topic and no dimension key).
    """
    props = properties_frame(properties)
    topics = props[props["Type"] == "Topic"]
    code_key = find_topic(props, "Codering")
    dim_key = next((str(k) for k in props.loc[props["Type"] == "GeoDetail", "Key"]), "WijkenEnBuurten")
    names = {clean_text(r.get("Key")): clean_text(r.get("Title")) for r in regions}
    soort_key = find_topic(props, "SoortRegio")
    change_key = find_topic(props, "IndelingswijzigingGemeenteWijkBuurt") or find_topic(
        props, "IndelingswijzigingWijkenEnBuurten"
    )

    gemeente = check_gemeente_code(gemeente)
    records: list[dict[str, Any]] = []
    kept_rows: list[Mapping[str, Any]] = []
    for row in rows:
        dim_value = clean_text(row.get(dim_key))
        code = clean_text(row.get(code_key)) if code_key else None
        if not code and dim_value and is_code(dim_value):
            code = dim_value
        if not code:
            raise CbsDataError("CBS-rij zonder regiocode: kolom Codering en dimensiesleutel ontbreken.")
        level = level_of(code)
        if level is None:
            continue
        gm, wk = parent_codes(code)
        if not (level == "land" or gm == gemeente):
            continue
        # The dimension key gives the name; after cbsodata.get_data the column itself holds it.
        name = names.get(dim_value) or names.get(code)
        if not name and dim_value and not is_code(dim_value):
            name = dim_value
        if not name and level == "land":
            name = "Nederland"
        records.append(
            {
                "code": code,
                "naam": name or code,
                "niveau": level,
                "gemeente_code": gm,
                "wijk_code": wk,
                "soort_regio": clean_text(row.get(soort_key)) if soort_key else None,
                "indelingswijziging": clean_text(row.get(change_key)) if change_key else None,
            }
        )
        kept_rows.append(row)

    frame = pd.DataFrame(records, columns=META_COLUMNS)
    for c in META_COLUMNS:
        frame[c] = frame[c].astype("string")
    typed = {str(t.Key): _typed((r.get(t.Key) for r in kept_rows), str(t.Datatype)) for t in topics.itertuples()}
    if typed:
        frame = pd.concat([frame, pd.DataFrame(typed)], axis=1)
    order = {"land": 0, "gemeente": 1, "wijk": 2, "buurt": 2}
    frame["_order"] = frame["niveau"].map(order)
    frame = frame.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
    return frame
