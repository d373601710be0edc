"""Settings: one object, read from ``WIJKDATA_*`` environment variables.

Every part of Wijkdata (the app, the command line, the tests) reads its configuration through
:func:`get_settings`, so pointing the product somewhere else is a matter of environment:

===========================  ==================================  ==========================================
variable                     default                             meaning
===========================  ==================================  ==========================================
``WIJKDATA_DATA_DIR``        ``data/``                           cache of CBS figures, boundaries, database
``WIJKDATA_CBS_URL``         ``https://opendata.cbs.nl``         CBS open data (OData v3) service
``WIJKDATA_PDOK_URL``        ``https://api.pdok.nl``             PDOK OGC API Features (boundaries)
``WIJKDATA_DATABASE_URL``    ``sqlite:///<data dir>/wijkdata.sqlite``  records database (SQLAlchemy URL)
``WIJKDATA_GEMEENTE``        ``GM9999`` (fictional demo)         gemeente the app opens on
``WIJKDATA_TIMEOUT``         ``30``                              seconds one remote request may take, its
                                                                whole answer included
``WIJKDATA_ROLLEN``          (none)                              TOML file with the roles of signed-in
                                                                people (:mod:`wijkdata.access`)
===========================  ==================================  ==========================================

A user name and password in a URL (``https://user:secret@host``) are used, never shown:
:func:`redact_url` is what status lines, messages and pages print.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from wijkdata.codes import DEMO_GEMEENTE
from wijkdata.errors import ConfigError

__all__ = ["Settings", "get_settings", "redact_url"]


def redact_url(url: str) -> str:
    """``url`` fit to show: a user name and password (``user:secret@``) become ``***@``.

    Anything that is not a URL with credentials comes back unchanged.
    """
    text = str(url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if "@" not in parts.netloc:
        return text
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))

#: Code of the fictional demo municipality. No real gemeente has it.


@dataclass(frozen=True)
class Settings:
    """Where Wijkdata keeps its data and which services it talks to.

    Build it with :func:`get_settings` (from the environment) or directly in tests.
    """

    data_dir: Path = Path("data")
    cbs_url: str = "https://opendata.cbs.nl"
    pdok_url: str = "https://api.pdok.nl"
    database_url: str = ""
    gemeente: str = DEMO_GEMEENTE
    timeout: float = 30.0
    rollen_path: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        if self.rollen_path is not None:
            object.__setattr__(self, "rollen_path", Path(self.rollen_path))
        for name in ("cbs_url", "pdok_url"):
            url = getattr(self, name).rstrip("/")
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigError(
                    f"WIJKDATA_{name.split('_')[0].upper()}_URL moet een http(s)-adres zijn, niet {redact_url(url)!r}."
                )
            object.__setattr__(self, name, url)
        if not self.database_url:
            db = (self.data_dir / "wijkdata.sqlite").resolve()
            object.__setattr__(self, "database_url", f"sqlite:///{db}")
        object.__setattr__(self, "gemeente", self.gemeente.strip().upper())
        if self.timeout <= 0:
            raise ConfigError(f"WIJKDATA_TIMEOUT moet groter dan 0 zijn, niet {self.timeout}.")

    @property
    def cbs_url_display(self) -> str:
        """The CBS address fit to show (no user name or password)."""
        return redact_url(self.cbs_url)

    @property
    def pdok_url_display(self) -> str:
        """The PDOK address fit to show (no user name or password)."""
        return redact_url(self.pdok_url)

    @property
    def cbs_dir(self) -> Path:
        """Folder of the CBS figures cache (one subfolder per table)."""
        return self.data_dir / "cbs"

    @property
    def geo_dir(self) -> Path:
        """Folder of the boundaries cache (GeoParquet per year and level)."""
        return self.data_dir / "grenzen"

    @property
    def is_sqlite(self) -> bool:
        """True when the records database is SQLite (the default)."""
        return self.database_url.startswith("sqlite")


def get_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read the settings from ``environ`` (default: ``os.environ``).

    Raises
    ------
    ConfigError
        When a variable holds something unusable (a URL without scheme, a non-number timeout).
    """
    env = dict(os.environ if environ is None else environ)
    timeout_text = env.get("WIJKDATA_TIMEOUT", "30")
    try:
        timeout = float(timeout_text)
    except ValueError:
        raise ConfigError(f"WIJKDATA_TIMEOUT moet een getal zijn, niet {timeout_text!r}.") from None
    return Settings(
        data_dir=Path(env.get("WIJKDATA_DATA_DIR") or "data"),
        cbs_url=env.get("WIJKDATA_CBS_URL") or "https://opendata.cbs.nl",
        pdok_url=env.get("WIJKDATA_PDOK_URL") or "https://api.pdok.nl",
        database_url=env.get("WIJKDATA_DATABASE_URL") or "",
        gemeente=env.get("WIJKDATA_GEMEENTE") or DEMO_GEMEENTE,
        timeout=timeout,
        rollen_path=Path(env["WIJKDATA_ROLLEN"]) if env.get("WIJKDATA_ROLLEN") else None,
    )
