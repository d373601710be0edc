"""What is cached and how Wijkdata is configured, as tables (for the CLI status and the app)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from wijkdata.cbs.cache import cache_problems as cbs_problems
from wijkdata.cbs.cache import read_manifest
from wijkdata.config import Settings, redact_url

if TYPE_CHECKING:  # pandas where a table is made, so that `python -m wijkdata status` does not load it
    import pandas as pd

__all__ = ["cache_overview", "boundaries_overview", "cache_problems", "settings_overview", "age_text"]


def cache_problems(settings: Settings) -> list[str]:
    """Everything wrong with the local caches (CBS figures, boundaries), one Dutch sentence each.

    Empty when both are sound. A damaged cache stays usable for what is readable; these sentences
    say what is not, and how to repair it.
    """
    problems = cbs_problems(settings)
    if (settings.geo_dir / "manifest.json").exists():
        from wijkdata.geo.cache import cache_problems as geo_problems  # reads metadata only, no geopandas

        problems += geo_problems(settings)
    return problems


def age_text(fetched_at: str, now: datetime | None = None) -> str:
    """How long ago an ISO timestamp was, in Dutch: ``vandaag``, ``1 dag oud``, ``12 dagen oud``."""
    try:
        then = datetime.fromisoformat(fetched_at)
    except ValueError:
        return "onbekend"
    days = ((now or datetime.now(UTC)) - then).days
    return "vandaag" if days <= 0 else ("1 dag oud" if days == 1 else f"{days} dagen oud")


def cache_overview(settings: Settings, now: datetime | None = None) -> pd.DataFrame:
    """One row per cached (gemeente, year).

    Columns: ``Gemeente`` (code), ``Naam``, ``Jaar``, ``Tabel``, ``Titel``, ``CBS gewijzigd``,
    ``Opgehaald`` (UTC), ``Leeftijd``, ``Regio's``.
    """
    import pandas as pd

    rows = [
        {
            "Gemeente": e.gemeente,
            "Naam": e.gemeentenaam,
            "Jaar": e.year,
            "Tabel": e.table_id,
            "Titel": e.title,
            "CBS gewijzigd": e.modified[:10],
            "Opgehaald": e.fetched_at[:16].replace("T", " "),
            "Leeftijd": age_text(e.fetched_at, now),
            "Regio's": e.rows,
        }
        for e in read_manifest(settings)
    ]
    cols = ["Gemeente", "Naam", "Jaar", "Tabel", "Titel", "CBS gewijzigd", "Opgehaald", "Leeftijd", "Regio's"]
    return pd.DataFrame(rows, columns=cols)


def boundaries_overview(settings: Settings, now: datetime | None = None) -> pd.DataFrame:
    """One row per cached (gemeente, jaar, niveau) of boundaries.

    Columns: ``Gemeente``, ``Jaar``, ``Niveau``, ``Gebieden``, ``Bron``, ``Opgehaald`` (UTC), ``Leeftijd``.
    """
    import pandas as pd

    from wijkdata.geo.cache import read_manifest as read_boundaries

    rows = [
        {
            "Gemeente": e.gemeente,
            "Jaar": e.jaar,
            "Niveau": e.niveau,
            "Gebieden": e.aantal,
            "Bron": e.bron,
            "Opgehaald": e.opgehaald[:16].replace("T", " "),
            "Leeftijd": age_text(e.opgehaald, now),
        }
        for e in read_boundaries(settings)
    ]
    return pd.DataFrame(rows, columns=["Gemeente", "Jaar", "Niveau", "Gebieden", "Bron", "Opgehaald", "Leeftijd"])


def settings_overview(settings: Settings) -> list[dict[str, str]]:
    """The settings as ``{"Instelling", "Waarde"}`` rows; a database password is masked."""
    try:
        from sqlalchemy.engine import make_url  # here, so that `status` does not load SQLAlchemy

        db = make_url(settings.database_url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is shown as it is; the database layer will say what is wrong
        db = settings.database_url
    return [
        {"Instelling": "WIJKDATA_DATA_DIR", "Waarde": str(settings.data_dir.resolve())},
        {"Instelling": "WIJKDATA_CBS_URL", "Waarde": redact_url(settings.cbs_url)},
        {"Instelling": "WIJKDATA_PDOK_URL", "Waarde": redact_url(settings.pdok_url)},
        {"Instelling": "WIJKDATA_DATABASE_URL", "Waarde": db},
        {"Instelling": "WIJKDATA_GEMEENTE", "Waarde": settings.gemeente},
        {"Instelling": "WIJKDATA_TIMEOUT", "Waarde": f"{settings.timeout:g} s"},
    ]
