"""Migrate the records database once, before the app replicas start: compose's one-shot ``migrate`` service.

    python -m deploy.migrate        # from the project root, with the app's WIJKDATA_* environment

Prints the schema version on success; on failure one Dutch line and exit code 1. The replicas
migrate at their start as well (a no-op at head); PostgreSQL's advisory lock in
:mod:`wijkdata.registers.db` lets only one process at a time migrate, so this service is a
tidy first step, not a requirement for safety.
"""

from __future__ import annotations

import sys

from wijkdata.config import get_settings
from wijkdata.errors import WijkdataError
from wijkdata.registers.db import database_label
from wijkdata.registers.opening import open_database


def main() -> int:
    """Migrate the database of the environment's settings to head; returns the exit code."""
    try:
        settings = get_settings()
        report = open_database(settings)
    except WijkdataError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(f"Database {database_label(settings.database_url)} staat op schemaversie {report.revision}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
