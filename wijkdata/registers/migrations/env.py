"""Alembic environment, configured from code: :func:`wijkdata.registers.db.upgrade` hands in a connection.

There is no ``alembic.ini``. The connection arrives in ``config.attributes["connection"]``;
``render_as_batch`` lets later migrations alter tables on SQLite too.
"""

from alembic import context

from wijkdata.registers.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable through a hand-made alembic.ini
    raise RuntimeError("Run the migrations through wijkdata.registers.db.upgrade(settings); there is no alembic.ini.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
