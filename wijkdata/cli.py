"""``python -m wijkdata``: the command-line face of the same engine the app uses.

    python -m wijkdata sync --gemeente GM0202 --jaren 2019-2024
    python -m wijkdata sync --alle --jaar 2024
    python -m wijkdata status
    python -m wijkdata export kerncijfers --gemeente GM0202 --jaar 2024 --format csv --output FILE
    python -m wijkdata export <register> --format csv|xlsx --output FILE
    python -m wijkdata import <register> FILE
    python -m wijkdata import grenzen FILE --jaar 2024
    python -m wijkdata export grenzen --gemeente GM0202 --jaar 2024 --niveau wijk --format geojson --output FILE
    python -m wijkdata briefing --gemeente GM0202 --gebied WK020201 --jaar 2024 --format pdf|docx|html|md --output FILE
    python -m wijkdata zoek "Stationsplein 1, Arnhem"

The CLI only parses arguments, calls into :mod:`wijkdata` and prints. It never words an error
itself: a :class:`~wijkdata.errors.WijkdataError` is printed as its one-line Dutch message on
stderr with exit status 1; anything else is a bug and keeps its traceback.

Every command is here: parsing, the call into the engine, and the message printed. Everything
a command needs is imported when it runs, so ``--help`` loads no pandas and ``status`` no
geopandas, matplotlib, SQLAlchemy or cbsodata. argparse's own complaints (an unknown option, a
missing argument) are given in Dutch too, on one line, with exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from wijkdata.config import Settings, get_settings
from wijkdata.errors import WijkdataError

__all__ = ["EXPORTS", "IMPORTS", "build_parser", "main"]

Handler = Callable[[Settings, argparse.Namespace], str]
REGISTERS = ("initiatieven", "interventies", "signalen", "veldnotities")


def _lazy(module: str, name: str) -> Handler:
    """A handler that imports ``module`` only when the command runs."""

    def run(settings: Settings, args: argparse.Namespace) -> str:
        import importlib

        return getattr(importlib.import_module(module), name)(settings, args)

    return run


class _ProgressBar:
    """A tqdm bar on stderr driven by ``progress(fraction, label)`` callbacks; cleared when closed."""

    def __init__(self, label: str) -> None:
        from tqdm import tqdm

        self.label = label
        self.bar = tqdm(total=100, desc=label, file=sys.stderr, leave=False, disable=None, bar_format="{desc}: {bar} {n:.0f}%")

    def __call__(self, fraction: float, label: str) -> None:
        self.bar.set_description_str(f"{self.label}: {label}")
        self.bar.n = round(fraction * 100)
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


def _cmd_sync(settings: Settings, args: argparse.Namespace) -> str:
    from wijkdata.cbs.sync import parse_years, sync
    from wijkdata.text import count

    years = parse_years(args.jaren or args.jaar)
    if args.alle:
        if args.gemeente:
            raise WijkdataError("Kies --gemeente of --alle, niet allebei.")
        return _sync_alle(settings, years, args.stil)
    gemeente = args.gemeente or settings.gemeente
    bar = None if args.stil else _ProgressBar(f"{gemeente.upper()} ophalen")
    try:
        result = sync(settings, gemeente, years, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    lines = [
        f"{e.year}: {e.gemeentenaam or e.gemeente} uit {e.table_id} ({e.rows} regio's, CBS gewijzigd {e.modified[:10]})"
        for e in result.entries
    ]
    lines += result.notes
    return "\n".join(lines + [f"Opgehaald: {result.gemeente}, {count(len(result.entries), 'jaar')}."])


def _sync_alle(settings: Settings, years: list[int] | None, quiet: bool) -> str:
    from wijkdata.cbs.national import sync_alle
    from wijkdata.text import count

    bar = None if quiet else _ProgressBar("Heel Nederland ophalen")
    try:
        result = sync_alle(settings, years, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    lines = []
    for year in result.years:
        done = [e for e in result.entries if e.year == year]
        lines.append(f"{year}: {count(len(done), 'gemeente')} uit {done[0].table_id} (CBS gewijzigd {done[0].modified[:10]})")
    lines += result.notes
    total = len({e.gemeente for e in result.entries})
    return "\n".join(lines + [f"Opgehaald: heel Nederland, {count(total, 'gemeente')}, {count(len(result.years), 'jaar')}."])


def _cmd_status(settings: Settings, args: argparse.Namespace) -> str:
    from wijkdata.bronnen import age_text, cache_problems
    from wijkdata.cbs.cache import read_manifest

    entries = read_manifest(settings)
    lines = [f"Gegevensmap: {settings.data_dir.resolve()}", f"CBS: {settings.cbs_url_display}"]
    lines += [f"Let op: {problem}" for problem in cache_problems(settings)]
    if not entries:
        lines.append("Nog niets opgehaald. Gebruik: python -m wijkdata sync --gemeente GM0200 --jaar 2024")
    by_gemeente: dict[str, list] = {}
    for e in entries:
        by_gemeente.setdefault(e.gemeente, []).append(e)
    if by_gemeente:
        lines.append(f"Gemeenten in de cache: {len(by_gemeente)}")
    for code, found in by_gemeente.items():
        naam = next((e.gemeentenaam for e in reversed(found) if e.gemeentenaam), "")
        years = ", ".join(
            f"{e.year} ({e.table_id}, opgehaald {e.fetched_at[:16].replace('T', ' ')} {age_text(e.fetched_at)}, {e.rows} regio's)"
            for e in sorted(found, key=lambda e: e.year)
        )
        lines.append(f"{code}  {naam:<24}  {years}")
    return "\n".join(lines)


def _cmd_export_kerncijfers(settings: Settings, args: argparse.Namespace) -> str:
    from wijkdata.cbs.export import export_kerncijfers
    from wijkdata.cbs.kerncijfers import load_kerncijfers
    from wijkdata.cbs.sync import parse_years

    gemeente = args.gemeente or settings.gemeente
    k = load_kerncijfers(settings, gemeente)
    years = parse_years(args.jaar)
    if years:
        missing = [y for y in years if y not in k.years]
        if missing:
            raise WijkdataError(
                f"Geen cijfers van {k.naam} voor {', '.join(map(str, missing))} in de cache "
                f"(wel: {', '.join(map(str, k.years))}); haal ze eerst op met sync."
            )
    fmt = (args.fmt or args.output.suffix.lstrip(".") or "csv").lower()
    n = export_kerncijfers(k, args.output, fmt, years, args.niveau)
    return f"{n} cijfers van {k.naam} geschreven naar {args.output}."


def _cmd_zoek(settings: Settings, args: argparse.Namespace) -> str:
    from wijkdata.errors import AddressNotFound
    from wijkdata.geo.geocode import check_match, search

    text = " ".join(args.tekst)
    matches = [check_match(settings, m) for m in search(settings, text, rows=args.aantal)]
    if not matches:
        raise AddressNotFound(f"Geen adres, postcode of plaats gevonden voor '{text}'.", query=text)
    return "\n".join(line for m in matches for line in m.lines())


#: ``kind → handler(settings, args) -> message`` for ``export <kind>``.
EXPORTS: dict[str, Handler] = {
    "kerncijfers": _cmd_export_kerncijfers,
    "grenzen": _lazy("wijkdata.geo.commands", "export_command"),
    **{r: _lazy("wijkdata.registers.transfer", "export_register_command") for r in REGISTERS},
}
#: ``kind → handler(settings, args) -> message`` for ``import <kind> FILE``.
IMPORTS: dict[str, Handler] = {
    "grenzen": _lazy("wijkdata.geo.commands", "import_command"),
    **{r: _lazy("wijkdata.registers.transfer", "import_register_command") for r in REGISTERS},
}


def _command_line_actor(args: argparse.Namespace) -> None:
    """Register commands record ``opdrachtregel (beheerder)`` in the audit trail (``--gebruiker NAAM`` added to it)."""
    from wijkdata.access import command_line_identity

    actor = command_line_identity().actor
    name = (getattr(args, "gebruiker", None) or "").strip()
    args.gebruiker = f"{actor}: {name}" if name else actor


def _cmd_export(settings: Settings, args: argparse.Namespace) -> str:
    if args.kind in REGISTERS:
        _command_line_actor(args)
    handler = EXPORTS.get(args.kind)
    if handler is None:
        raise WijkdataError(f"Onbekend soort export '{args.kind}'; kies uit: {', '.join(sorted(EXPORTS))}.")
    return handler(settings, args)


def _cmd_import(settings: Settings, args: argparse.Namespace) -> str:
    if args.kind in REGISTERS:
        _command_line_actor(args)
    handler = IMPORTS.get(args.kind)
    if handler is None:
        raise WijkdataError(f"Onbekend soort import '{args.kind}'; kies uit: {', '.join(sorted(IMPORTS))}.")
    return handler(settings, args)


_ARGPARSE_DUTCH = (
    (r"unrecognized arguments: (.*)", "onbekende optie of argument: {0}"),
    (r"the following arguments are required: (.*)", "dit ontbreekt nog: {0}"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} en {1} gaan niet samen"),
    (r"argument (\S+): expected one argument", "{0} heeft een waarde nodig"),
    (r"argument (\S+): invalid choice: (\S+) \(choose from (.*)\)", "{0}: ongeldige keuze {1}; kies uit {2}"),
    (r"argument (\S+): invalid (\w+) value: (\S+)", "{0}: ongeldige waarde {2}"),
    (r"one of the arguments (.*) is required", "kies een van: {0}"),
)


class _DutchParser(argparse.ArgumentParser):
    """argparse with its complaints in Dutch: one line ``Fout: ...`` on stderr, exit status 2."""

    def error(self, message: str) -> NoReturn:
        import re

        for pattern, dutch in _ARGPARSE_DUTCH:
            match = re.fullmatch(pattern, message)
            if match:
                message = dutch.format(*match.groups())
                break
        self.exit(2, f"Fout: {message} (zie: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m wijkdata`` (all subcommands)."""
    parser = _DutchParser(prog="python -m wijkdata", description="Wijkdata: van wijken weten.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="opdracht")

    p = sub.add_parser("sync", help="Kerncijfers van een gemeente, of van heel Nederland, bij CBS ophalen")
    p.add_argument("--gemeente", help="gemeentecode, bijv. GM0202 (standaard: WIJKDATA_GEMEENTE)")
    p.add_argument("--alle", action="store_true", help="alle gemeenten van Nederland; elke jaartabel één keer, in delen")
    years = p.add_mutually_exclusive_group()
    years.add_argument("--jaren", help="reeks jaren, bijv. 2019-2024 (standaard: alle jaren)")
    years.add_argument("--jaar", help="één jaar, bijv. 2024")
    p.add_argument("--stil", action="store_true", help="geen voortgangsbalk")
    p.set_defaults(func=_cmd_sync)

    p = sub.add_parser("status", help="wat er in de cache staat, uit welke tabel en hoe oud")
    p.set_defaults(func=_cmd_status)

    p = sub.add_parser("export", help="gegevens naar een bestand schrijven")
    p.add_argument("kind", metavar="soort", help="kerncijfers, grenzen, initiatieven, interventies, signalen, veldnotities")
    p.add_argument("--gemeente", help="gemeentecode (standaard: WIJKDATA_GEMEENTE)")
    p.add_argument("--jaar", help="jaar of reeks jaren (standaard: alle jaren in de cache)")
    p.add_argument("--niveau", choices=["gemeente", "wijk", "buurt"], help="alleen dit niveau")
    p.add_argument("--format", dest="fmt", default=None, help="csv of xlsx; kerncijfers ook parquet; grenzen geojson of gpkg")
    p.add_argument("--output", "-o", required=True, type=Path, help="het bestand om te schrijven")
    p.add_argument(
        "--met-persoonsgegevens",
        action="store_true",
        help="registers, alleen voor beheerders: ook contactpersonen exporteren (het bestand zegt het, het logboek ook)",
    )
    p.add_argument("--gebruiker", default=None, help="naam voor het logboek, achter 'opdrachtregel (beheerder)'")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("import", help="een bestand inlezen")
    p.add_argument("kind", metavar="soort", help="grenzen, initiatieven, interventies, signalen, veldnotities")
    p.add_argument("file", type=Path, help="het bestand om in te lezen")
    p.add_argument("--jaar", help="jaar van de grenzen (bij import grenzen)")
    p.add_argument("--gebruiker", default=None, help="naam voor het logboek, achter 'opdrachtregel (beheerder)'")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("briefing", help="een raadsbriefing van een wijk, buurt of thema schrijven (pdf, docx, html, md)")
    p.add_argument("--gemeente", help="gemeentecode (standaard: WIJKDATA_GEMEENTE)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--gebied", help="wijk- of buurtcode, bijv. WK020201")
    what.add_argument("--thema", help="een thema over alle wijken, bijv. Inkomen")
    p.add_argument("--jaar", help="peiljaar (standaard: het nieuwste jaar in de cache)")
    p.add_argument("--format", dest="fmt", choices=["pdf", "docx", "html", "md"], help="standaard: uit de bestandsnaam")
    p.add_argument("--output", "-o", required=True, type=Path, help="het bestand om te schrijven")
    p.set_defaults(func=_lazy("wijkdata.briefing.command", "briefing_command"))
    p = sub.add_parser("zoek", help="een adres, postcode of plaats opzoeken bij PDOK: in welke buurt en wijk ligt het")
    p.add_argument("tekst", nargs="+", help='bijv. "Stationsplein 1, Arnhem" of "6811AA 12"')
    p.add_argument("--aantal", type=int, default=5, help="hoeveel treffers ten hoogste (standaard 5)")
    p.set_defaults(func=_cmd_zoek)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0 ok, 1 a Dutch error message on stderr)."""
    args = build_parser().parse_args(argv)
    # urllib3 logs each retry of a refused connection as a WARNING with the whole URL; the command's
    # own Dutch line says what went wrong, once
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    try:
        settings = get_settings()
        message = args.func(settings, args)
    except WijkdataError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afgebroken; de cache is onveranderd.", file=sys.stderr)
        return 130
    if message:
        print(message)
    return 0
