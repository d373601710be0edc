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
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from wijkdata.codes import check_gemeente_code, is_code, level_of, parent_codes
from wijkdata.errors import CbsDataError

__all__ = [
    "META_COLUMNS",
    "clean_text",
    "find_topic",
    "normalise_gemeenten",
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


def _texts(values: Sequence[Any]) -> pd.api.extensions.ExtensionArray:
    """CBS text values stripped, ``null``, ``"."`` and empty as ``<NA>`` (a ``string`` array)."""
    return pd.array([clean_text(v) for v in values], dtype="string")


def _float(value: Any) -> float:
    """One CBS figure as a float; NaN for missing, secret or unreadable (never 0)."""
    if isinstance(value, str):
        value = clean_text(value)
    if value is None:
        return np.nan
    try:
        return float(value)
    except (TypeError, ValueError):
        return np.nan


def _numbers(values: list[Any]) -> np.ndarray:
    """A column of CBS figures as float64, NaN where missing: typed figures at numpy speed, strings parsed."""
    try:
        return np.array(values, dtype="float64")  # None becomes NaN, " 12" parses
    except (TypeError, ValueError):  # "." (untyped missing) or other text
        return np.array([_float(v) for v in values], dtype="float64")


class _Prepared:
    """A batch of CBS rows, typed once, from which one frame per gemeente is cut (see :func:`normalise_table`)."""

    def __init__(
        self,
        rows: Sequence[Mapping[str, Any]],
        properties: Sequence[Mapping[str, Any]],
        regions: Sequence[Mapping[str, Any]],
    ) -> None:
        props = properties_frame(properties)
        topics = props[props["Type"] == "Topic"]
        code_key = find_topic(props, "Codering")
        dim_key = next((str(k) for k in props.loc[props["Type"] == "GeoDetail", "Key"]), "WijkenEnBuurten")
        soort_key = find_topic(props, "SoortRegio")
        change_key = find_topic(props, "IndelingswijzigingGemeenteWijkBuurt") or find_topic(
            props, "IndelingswijzigingWijkenEnBuurten"
        )
        names = {clean_text(r.get("Key")): clean_text(r.get("Title")) for r in regions}
        kept: list[Mapping[str, Any]] = []
        meta: dict[str, list[Any]] = {c: [] for c in META_COLUMNS}
        for row in rows:
            dim = clean_text(row.get(dim_key))
            code = clean_text(row.get(code_key)) if code_key else None
            if not code and dim and is_code(dim):
                code = dim
            if not code:
                raise CbsDataError("CBS-rij zonder regiocode: kolom Codering en dimensiesleutel ontbreken.")
            level = level_of(code)
            if level is None:
                continue
            gm, wk = parent_codes(code)
            for column, value in zip(
                META_COLUMNS,
                (
                    code,
                    _name(names, dim, code, level),
                    level,
                    gm,
                    wk,
                    row.get(soort_key) if soort_key else None,
                    row.get(change_key) if change_key else None,
                ),
                strict=True,
            ):
                meta[column].append(value)
            kept.append(row)
        meta["soort_regio"] = [clean_text(v) for v in meta["soort_regio"]]
        meta["indelingswijziging"] = [clean_text(v) for v in meta["indelingswijziging"]]
        self.meta = meta
        self.levels = np.array(meta["niveau"], dtype=object)
        self.gemeente_codes = np.array(meta["gemeente_code"], dtype=object)
        self.keys = [str(k) for k in topics["Key"]]
        kinds = {str(t.Key): (str(t.Datatype) or "").lower() for t in topics.itertuples()}
        numeric = [k for k in self.keys if kinds[k] in _INTEGER_TYPES or kinds[k] in _FLOAT_TYPES]
        self.numeric = {k: i for i, k in enumerate(numeric)}
        self.integer = np.array([kinds[k] in _INTEGER_TYPES for k in numeric], dtype=bool)
        self.numbers = (
            np.column_stack([_numbers([r.get(k) for r in kept]) for k in numeric])
            if numeric and kept
            else np.empty((len(kept), len(numeric)))
        )
        self.texts = {k: [r.get(k) for r in kept] for k in self.keys if k not in self.numeric}

    def gemeenten(self) -> list[str]:
        """The gemeente codes of the batch, in CBS order."""
        return list(dict.fromkeys(c for c, lv in zip(self.meta["code"], self.meta["niveau"], strict=True) if lv == "gemeente"))

    def frame(self, gemeente: str) -> pd.DataFrame:
        """Nederland, ``gemeente``, its wijken and buurten: the frame :func:`normalise_table` returns."""
        mask = (self.levels == "land") | (self.gemeente_codes == gemeente)
        picked = np.flatnonzero(mask)
        order = np.array([_ORDER[lv] for lv in self.levels[picked]], dtype=int)
        picked = picked[order.argsort(kind="stable")]
        columns: dict[str, Any] = {c: pd.array([self.meta[c][i] for i in picked], dtype="string") for c in META_COLUMNS}
        values = self.numbers[picked]
        missing = np.isnan(values)
        whole = np.all(missing | (values == np.round(values)), axis=0) & self.integer
        for key in self.keys:
            j = self.numeric.get(key)
            if j is None:
                columns[key] = _texts([self.texts[key][i] for i in picked])
            elif whole[j]:
                ints = np.where(missing[:, j], 0, np.round(values[:, j])).astype("int64")
                columns[key] = pd.arrays.IntegerArray(ints, missing[:, j].copy())
            else:
                columns[key] = pd.arrays.FloatingArray(np.where(missing[:, j], 0.0, values[:, j]), missing[:, j].copy())
        return pd.DataFrame(columns)


_ORDER = {"land": 0, "gemeente": 1, "wijk": 2, "buurt": 2}


def _name(names: Mapping[str | None, str | None], dim: str | None, code: str, level: str | None) -> str:
    """A region's name: from the dimension, else the dimension column itself (after ``get_data``), else its code."""
    name = names.get(dim) or names.get(code)
    if not name and dim and not is_code(dim):
        name = dim
    if not name and level == "land":
        name = "Nederland"
    return name or code


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
    gemeente = check_gemeente_code(gemeente)
    return _Prepared(rows, properties, regions).frame(gemeente)


def normalise_gemeenten(
    rows: Sequence[Mapping[str, Any]],
    properties: Sequence[Mapping[str, Any]],
    regions: Sequence[Mapping[str, Any]],
) -> dict[str, pd.DataFrame]:
    """One frame per gemeente in ``rows`` (CBS order), each exactly what :func:`normalise_table` gives for it.

    For a national pull: the rows are typed once, then cut per gemeente (Nederland's row, when
    present in ``rows``, heads every frame). Raises :class:`CbsDataError` as :func:`normalise_table`.
    """
    prepared = _Prepared(rows, properties, regions)
    return {gemeente: prepared.frame(gemeente) for gemeente in prepared.gemeenten()}
