"""Pull every gemeente of the Netherlands at once: each yearly table once, in pages of gemeenten.

:func:`sync_alle` is what ``python -m wijkdata sync --alle`` and the "Heel Nederland ophalen"
button on Data en bronnen run. Per year it reads the table's TableInfos and DataProperties,
the region list once (``Key`` and ``Title`` only; it also refreshes the list of gemeenten),
then the rows in pages of :data:`BATCH` gemeenten (one ``$filter`` per page, Nederland in the
first). Each page is normalised and every gemeente in it is cached exactly as a pull of that
gemeente alone would cache it (same files, same manifest entry; see
:class:`wijkdata.cbs.cache.BatchStore`), so the manifest is written once per year.

A gemeente the table lists without wijken or buurten is reported in the notes and skipped. When
CBS fails half-way, every gemeente stored before the failure stays cached (and in the manifest);
the error says how far the pull came. Nothing older is damaged: each file is replaced atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkdata.cbs import cache
from wijkdata.cbs.client import CbsClient, TableRef, dimension_key, gemeenten_filter, gemeenten_of
from wijkdata.cbs.sync import Progress, refresh_index, select_tables, years_text
from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.config import Settings
from wijkdata.errors import CbsError, CbsTableNotFound

__all__ = ["BATCH", "NationalResult", "national_years", "sync_alle"]

#: Gemeenten per request for the rows: ~30 ``startswith`` clauses, a URL of about 1.3 kB.
BATCH = 10


@dataclass
class NationalResult:
    """What a national pull did: the cache entries written (per gemeente and year) and notes."""

    entries: list[cache.ManifestEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """Years pulled, ascending."""
        return sorted({e.year for e in self.entries})

    def gemeenten(self, year: int) -> list[str]:
        """The gemeenten cached for ``year``, in CBS order."""
        return [e.gemeente for e in self.entries if e.year == year]


def national_years() -> list[int]:
    """The years a national pull can be asked for, newest first (the built-in table list; CBS confirms each)."""
    from wijkdata.cbs.client import FALLBACK_TABLES

    return sorted(FALLBACK_TABLES, reverse=True)


def sync_alle(
    settings: Settings,
    years: list[int] | None = None,
    progress: Progress | None = None,
    client: CbsClient | None = None,
    batch: int = BATCH,
) -> NationalResult:
    """Pull every gemeente CBS publishes for ``years`` (default: every year) into the cache.

    ``progress(fraction, label)`` is called after each page with the label
    ``"2024: 40 van 165 gemeenten"``.

    Returns
    -------
    NationalResult
        One manifest entry per gemeente and year stored; notes name the gemeenten left out
        (no wijken or buurten in that table) and any fallback to the built-in table list.

    Raises
    ------
    CbsTableNotFound
        When a requested year has no table, or a table lists no gemeente.
    CbsError
        When CBS cannot be reached or fails; what was stored before stays cached, and the
        message says which gemeenten (and years) were done.
    """
    client = client or CbsClient(settings)
    report = progress or (lambda fraction, label: None)
    result = NationalResult()
    report(0.0, "CBS-catalogus lezen")
    refs, note = client.registry_or_fallback()
    if note:
        result.notes.append(note)
    chosen = select_tables(refs, years)
    newest: tuple[TableRef, list[dict[str, str]]] | None = None
    for i, ref in enumerate(chosen):
        done_before = len(result.entries)
        try:
            gemeenten = _pull_year(
                settings, client, ref, result, batch, lambda f, label, i=i: report((i + f) / len(chosen), label)
            )
        except CbsError as exc:
            _explain(exc, ref, result, done_before)
            raise
        if newest is None or ref.year > newest[0].year:
            newest = (ref, gemeenten)
    if newest:
        ref, gemeenten = newest
        frame = cache.gemeenten_frame(gemeenten, ref.year)
        cache.store_gemeenten(settings, frame)
    result.notes.extend(refresh_index(settings))
    report(1.0, "klaar")
    return result


def _pull_year(
    settings: Settings, client: CbsClient, ref: TableRef, result: NationalResult, batch: int, report: Progress
) -> list[dict[str, str]]:
    """Pull and cache every gemeente of one table; returns the table's gemeenten (code, naam)."""
    from wijkdata.cbs.normalise import normalise_gemeenten, properties_frame
    from wijkdata.cbs.sync import check_complete

    report(0.0, f"{ref.year}: tabel {ref.table_id} lezen")
    what = f"het ophalen van heel Nederland uit tabel {ref.table_id} ({ref.year})"
    info, properties = client.table_parts(ref, what)
    regions = client.regions(ref, properties, what=what)
    gemeenten = [g for g in gemeenten_of(regions) if g["code"] != DEMO_GEMEENTE]
    if not gemeenten:
        raise CbsTableNotFound(f"Tabel {ref.table_id} ({ref.year}) noemt geen gemeenten.", year=ref.year, table_id=ref.table_id)
    dim = dimension_key(properties)
    codes = [g["code"] for g in gemeenten]
    by_number: dict[str, list[dict]] = {}  # each page is normalised with the regions of its own gemeenten
    for region in regions:
        key = str(region.get("Key") or "").strip()
        by_number.setdefault("" if key.startswith("NL") else key[2:6], []).append(region)
    nederland: list[dict] = []
    done = 0
    with cache.BatchStore(settings, info, properties_frame(properties), ref.year) as store:
        for start in range(0, len(codes), batch):
            page = codes[start : start + batch]
            rows = client.rows(ref, gemeenten_filter(page, dim, nederland=start == 0), what)
            if start == 0:
                nederland = [r for r in rows if str(r.get(dim) or "").startswith("NL")]
            else:
                rows = nederland + rows
            page_regions = by_number.get("", []) + [r for code in page for r in by_number.get(code[2:], [])]
            frames = normalise_gemeenten(rows, properties, page_regions)
            for code in page:
                frame = frames.get(code)
                problem = None
                if frame is None or not (frame["code"] == code).any():
                    problem = f"{code}: CBS publiceert geen cijfers in {ref.year} (tabel {ref.table_id})"
                else:
                    try:
                        check_complete(frame, code, ref)
                    except CbsError as exc:
                        problem = str(exc)
                if problem:
                    result.notes.append(f"Overgeslagen: {problem}")
                else:
                    result.entries.append(store.add(frame, code))
            done += len(page)
            report(done / len(codes), f"{ref.year}: {done} van {len(codes)} gemeenten")
    return gemeenten


def _explain(exc: CbsError, ref: TableRef, result: NationalResult, done_before: int) -> None:
    """Add to ``exc``'s message which gemeenten and years were stored before the failure."""
    this_year = [e for e in result.entries[done_before:] if e.year == ref.year]
    years = sorted({e.year for e in result.entries[:done_before]})
    parts = []
    if years:
        parts.append(f"Heel Nederland bijgewerkt voor {years_text(years)}.")
    if this_year:
        first, last = this_year[0], this_year[-1]
        parts.append(
            f"Van {ref.year} zijn {len(this_year)} gemeenten opgehaald en bewaard "
            f"({first.gemeentenaam or first.gemeente} t/m {last.gemeentenaam or last.gemeente}); "
            "de overige hebben hun eerdere cache."
        )
    else:
        parts.append(f"Van {ref.year} is niets veranderd.")
    exc.message = f"{exc.message} {' '.join(parts)}"
    exc.args = (exc.message,)
