"""An export WITH personal data for the app: a beheerder's download, logged in the audit trail.

The command line writes such an export to a file (:func:`wijkdata.registers.transfer.export_personal`);
the app needs the file's bytes. Both open with the same note and log one ``export`` entry per record.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from wijkdata.registers.contract import get_spec
from wijkdata.registers.store import Store
from wijkdata.registers.transfer import export_frame, export_personal
from wijkdata.tabular import Format

__all__ = ["personal_export", "personal_export_name"]


def personal_export_name(kind: str, gemeente: str | None, fmt: Format) -> str:
    """The download's file name: ``initiatieven-GM9999-met-persoonsgegevens.xlsx``."""
    return f"{kind}-{gemeente or 'alle'}-met-persoonsgegevens.{fmt}"


def personal_export(store: Store, kind: str, *, gemeente: str | None = None, fmt: Format = "xlsx") -> bytes:
    """The current records of ``kind`` with their personal data, as the bytes of an XLSX or CSV file.

    The file opens with the personal-data note; the audit trail gets an ``export`` entry per
    record under the store's identity (its actor), in the same transaction.

    Raises
    ------
    NotAllowed
        When the store is bound to someone who is not a beheerder.
    """
    spec = get_spec(kind)
    frame = export_frame(store, kind, gemeente=gemeente, personal=True)  # refuses a non-beheerder
    actor = store.identity.actor if store.identity is not None else "onbekend"
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / personal_export_name(kind, gemeente, fmt)
        export_personal(store, spec, frame, output, fmt, actor)
        return output.read_bytes()
