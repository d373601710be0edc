"""Alembic migrations of the records database (run them with :func:`wijkdata.registers.db.upgrade`)."""
