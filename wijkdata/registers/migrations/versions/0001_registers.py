"""The four registers (initiatieven, interventies, signalen, veldnotities) and their audit log.

Timestamps are naive UTC (see wijkdata.registers.models.UtcDateTime); lists are JSON arrays.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 13:00:12.529043
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register", sa.String(length=30), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_record", ["register", "record_id"], unique=False)

    op.create_table(
        "initiatieven",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fictief", sa.Boolean(), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("gebieden", sa.JSON(), nullable=False),
        sa.Column("themas", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("startdatum", sa.Date(), nullable=True),
        sa.Column("einddatum", sa.Date(), nullable=True),
        sa.Column("initiatiefnemer", sa.String(length=200), nullable=False),
        sa.Column("contactpersoon", sa.String(length=200), nullable=True),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("financieringsbron", sa.String(length=200), nullable=True),
        sa.Column("indicatoren", sa.JSON(), nullable=False),
        sa.Column("locatie_x", sa.Float(), nullable=True),
        sa.Column("locatie_y", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiatieven")),
    )
    op.create_table(
        "interventies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fictief", sa.Boolean(), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("eigenaar", sa.String(length=200), nullable=False),
        sa.Column("beleidsdomein", sa.String(length=30), nullable=False),
        sa.Column("gebieden", sa.JSON(), nullable=False),
        sa.Column("startdatum", sa.Date(), nullable=True),
        sa.Column("einddatum", sa.Date(), nullable=True),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("indicatoren", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interventies")),
    )
    op.create_table(
        "veldnotities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fictief", sa.Boolean(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("gebieden", sa.JSON(), nullable=False),
        sa.Column("thema", sa.String(length=100), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("rol_auteur", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_veldnotities")),
    )
    op.create_table(
        "signalen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fictief", sa.Boolean(), nullable=False),
        sa.Column("titel", sa.String(length=200), nullable=False),
        sa.Column("omschrijving", sa.Text(), nullable=True),
        sa.Column("initiatief_id", sa.Integer(), nullable=True),
        sa.Column("gebieden", sa.JSON(), nullable=False),
        sa.Column("soort", sa.String(length=30), nullable=False),
        sa.Column("betrokken", sa.String(length=200), nullable=False),
        sa.Column("gemeld_door", sa.String(length=200), nullable=False),
        sa.Column("gemeld_op", sa.Date(), nullable=False),
        sa.Column("eigenaar_opvolging", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("oplossing", sa.Text(), nullable=True),
        sa.Column("afgehandeld_op", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["initiatief_id"], ["initiatieven.id"], name=op.f("fk_signalen_initiatief_id_initiatieven")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signalen")),
    )


def downgrade() -> None:
    op.drop_table("signalen")
    op.drop_table("veldnotities")
    op.drop_table("interventies")
    op.drop_table("initiatieven")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_record")

    op.drop_table("audit_log")
