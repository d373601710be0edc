"""Pull a gemeente's Kerncijfers from CBS into the local cache, year by year.

:func:`sync` is what ``python -m wijkdata sync`` and the app's "Ophalen" button run. Each year
is pulled completely into memory, normalised and checked before anything is written; the
cache then replaces that year atomically (see :mod:`wijkdata.cbs.cache`). A failure in year N
leaves year N's previous cache untouched; years pulled before it are already updated.

Only the gemeente's rows and regions travel (see :meth:`CbsClient.fetch_gemeente`); the list of
all gemeenten (``gemeenten.parquet``) is fetched, gemeente rows only, when it is missing, and
otherwise only gains the gemeente just pulled. Every gemeente at once: :mod:`wijkdata.cbs.national`.
Pandas and the normaliser are imported when a pull runs, so importing this module is cheap.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wijkdata.cbs import cache
from wijkdata.cbs.client import CbsClient, TableRef, check_gemeente_code
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings
from wijkdata.errors import CbsError, CbsTableNotFound, IncompleteGemeente, UnknownGemeente, WijkdataError

if TYPE_CHECKING:  # pandas and the normaliser are imported when a pull runs, so importing this module stays cheap
    import pandas as pd

__all__ = [
    "Progress",
    "SyncResult",
    "check_complete",
    "parse_years",
    "refresh_gemeenten",
    "refresh_index",
    "select_tables",
    "sync",
    "years_text",
]

#: ``progress(fraction, label)``: fraction of the work done (0–1) and what is happening now.
Progress = Callable[[float, str], None]


@dataclass
class SyncResult:
    """What a pull did: the cache entries written and notes worth telling the user."""

    gemeente: str
    entries: list[cache.ManifestEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """Years written to the cache, ascending."""
        return sorted(e.year for e in self.entries)


def parse_years(text: str | None) -> list[int] | None:
    """``"2019-2024"`` → ``[2019, ..., 2024]``; ``"2022,2024"`` → ``[2022, 2024]``; empty → ``None`` (all).

    Raises
    ------
    WijkdataError
        When the text is not a year, a range or a list of years.
    """
    if text is None or not str(text).strip():
        return None
    years: set[int] = set()
    for part in str(text).replace(" ", "").split(","):
        match = re.fullmatch(r"(\d{4})(?:[-–](\d{4}))?", part)
        if not match:
            raise WijkdataError(f"'{text}' is geen jaar of reeks jaren; gebruik bijv. 2024 of 2019-2024.")
        start, end = int(match.group(1)), int(match.group(2) or match.group(1))
        if end < start:
            raise WijkdataError(f"'{part}': het eindjaar ligt voor het beginjaar.")
        years.update(range(start, end + 1))
    return sorted(years)


def years_text(years: list[int]) -> str:
    """``2019–2024`` for an unbroken run of years, else ``2019, 2021, 2024``; ``geen`` when empty."""
    if not years:
        return "geen"
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def select_tables(refs: list[TableRef], years: list[int] | None) -> list[TableRef]:
    """The tables of ``years`` among ``refs`` (all of them for ``None``).

    Raises :class:`CbsTableNotFound` naming the years there are when a year has no table.
    """
    if years is None:
        return refs
    by_year = {r.year: r for r in refs}
    unknown = [y for y in years if y not in by_year]
    if unknown:
        have = years_text(sorted(by_year))
        raise CbsTableNotFound(
            f"CBS publiceert geen Kerncijfers wijken en buurten voor {', '.join(map(str, unknown))} (beschikbaar: {have}).",
            year=unknown[0],
        )
    return [by_year[y] for y in years]


def sync(
    settings: Settings,
    gemeente: str,
    years: list[int] | None = None,
    progress: Progress | None = None,
    client: CbsClient | None = None,
) -> SyncResult:
    """Pull ``gemeente`` (Nederland, gemeente, wijken, buurten) for ``years`` (default: all) into the cache.

    Returns
    -------
    SyncResult
        The manifest entries written, one per year, and notes (e.g. that the built-in table
        list was used because the catalogue could not be read).

    Raises
    ------
    UnknownGemeente
        When the code is malformed, is the fictional demo, or CBS has no row for it in a
        requested year. With ``years=None`` years without the gemeente (before a merger) are
        skipped with a note; only a gemeente absent from every table is unknown.
    CbsTableNotFound
        When a requested year has no table.
    IncompleteGemeente
        When CBS sends the gemeente's row but no wijken or no buurten (nothing of that year is stored).
    CbsError
        When CBS cannot be reached or fails; years written before the failure are kept, the
        failing year's older cache is untouched. The message says which years were updated.
    """
    from wijkdata.cbs.normalise import normalise_table, properties_frame

    gemeente = check_gemeente_code(gemeente)
    if gemeente == DEMO_GEMEENTE:
        raise UnknownGemeente(f"{DEMO_GEMEENTE} is de fictieve demogemeente; die wordt niet bij CBS opgehaald.", code=gemeente)
    client = client or CbsClient(settings)
    report = progress or (lambda fraction, label: None)
    result = SyncResult(gemeente=gemeente)

    report(0.0, "CBS-catalogus lezen")
    refs, note = client.registry_or_fallback()
    if note:
        result.notes.append(note)
    chosen = select_tables(refs, years)
    for i, ref in enumerate(chosen):
        report(i / len(chosen), f"{ref.year}: tabel {ref.table_id} ophalen")
        try:
            raw = client.fetch_gemeente(ref, gemeente)
            rows = normalise_table(raw.rows, raw.properties, raw.regions, gemeente)
            if not (rows["code"] == gemeente).any():
                absent = f"CBS publiceert geen cijfers voor {gemeente} in {ref.year} (tabel {ref.table_id})"
                if years is None:  # all years: a gemeente formed by a merger is absent from older tables
                    result.notes.append(f"{absent}; dat jaar is overgeslagen.")
                    continue
                raise UnknownGemeente(f"{absent}; bestaat de gemeente in dat jaar?", code=gemeente)
            check_complete(rows, gemeente, ref)
            report((i + 0.8) / len(chosen), f"{ref.year}: opslaan")
            entry = cache.store_table(settings, raw.info, properties_frame(raw.properties), rows, gemeente, ref.year)
        except CbsError as exc:
            done = f" Wel bijgewerkt: {', '.join(map(str, result.years))}." if result.entries else ""
            exc.message = f"{exc.message}{done} De eerdere cache van {ref.year} is onveranderd."
            exc.args = (exc.message,)
            raise
        result.entries.append(entry)
    if not result.entries:
        raise UnknownGemeente(
            f"CBS publiceert geen cijfers voor {gemeente} in {years_text([r.year for r in chosen])}; "
            "bestaat deze gemeentecode wel?",
            code=gemeente,
        )
    newest = max(result.entries, key=lambda e: e.year)
    note = _keep_gemeenten_list(settings, client, next(r for r in chosen if r.year == newest.year), newest)
    if note:
        result.notes.append(note)
    report(0.98, "landelijke index bijwerken")
    result.notes.extend(refresh_index(settings))
    report(1.0, "klaar")
    return result


def refresh_index(settings: Settings) -> list[str]:
    """Bring the national index (:mod:`wijkdata.cbs.index`) up to date after a pull.

    Returns the notes to tell the user: empty when the index was brought up to date, else one
    Dutch line saying it is rebuilt on first use. The pulled figures are cached either way.
    """
    from wijkdata.cbs import index  # pyarrow: only once a pull has run

    try:
        index.refresh(settings)
    except (WijkdataError, OSError) as exc:
        return [f"De landelijke index is niet bijgewerkt ({exc}); die wordt bij het eerste gebruik opnieuw opgebouwd."]
    return []


def check_complete(rows: pd.DataFrame, gemeente: str, ref: TableRef) -> None:
    """Raise :class:`IncompleteGemeente` when ``rows`` hold the gemeente but not one wijk or buurt."""
    levels = set(rows.loc[rows["gemeente_code"] == gemeente, "niveau"])
    missing = [word for level, word in (("wijk", "wijken"), ("buurt", "buurten")) if level not in levels]
    if missing:
        raise IncompleteGemeente(
            f"CBS stuurde voor {gemeente} in {ref.year} (tabel {ref.table_id}) wel de gemeente, maar geen "
            f"{' en geen '.join(missing)}; er is niets opgeslagen.",
            gemeente=gemeente,
            year=ref.year,
            table_id=ref.table_id,
        )


def _keep_gemeenten_list(settings: Settings, client: CbsClient, ref: TableRef, entry: cache.ManifestEntry) -> str | None:
    """Keep ``gemeenten.parquet`` complete and cheap: fetch it (gemeente rows only) when missing, else add this one.

    Returns a Dutch note when the list could not be fetched (the figures are stored all the same).
    """
    known = cache.read_gemeenten(settings)
    if known.empty:
        try:
            found = client.gemeenten(ref)
        except CbsError as exc:
            return f"De lijst van gemeenten is niet opgehaald ({exc}); de cijfers zijn wel bewaard."
        if found:
            cache.store_gemeenten(settings, cache.gemeenten_frame(found, ref.year))
            return None
    if entry.gemeente not in set(known["code"]):
        import pandas as pd

        row = cache.gemeenten_frame([{"code": entry.gemeente, "naam": entry.gemeentenaam or entry.gemeente}], entry.year)
        cache.store_gemeenten(settings, pd.concat([known, row], ignore_index=True) if len(known) else row)
    return None


def refresh_gemeenten(settings: Settings, client: CbsClient | None = None) -> pd.DataFrame:
    """Fetch the list of all gemeenten from the newest Kerncijfers table and cache it.

    Returns the list (``code``, ``naam``, ``jaar``). Raises :class:`CbsError` when CBS fails.
    """
    client = client or CbsClient(settings)
    refs, _ = client.registry_or_fallback()
    last_error: CbsError | None = None
    for ref in reversed(refs):  # the newest table that answers
        try:
            rows = client.gemeenten(ref)
        except CbsError as exc:
            last_error = exc
            if getattr(exc, "status", None) == 404:
                continue
            raise
        if rows:
            frame = cache.gemeenten_frame(rows, ref.year)
            cache.store_gemeenten(settings, frame)
            return frame
    raise last_error or CbsTableNotFound("CBS gaf geen gemeentelijst.")
