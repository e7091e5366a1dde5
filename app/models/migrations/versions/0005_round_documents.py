"""documents sent and received, in the log of sync rounds (issue 3)

Official PDFs travel with their register entries since session 13; « Dernière synchronisation » on the
Synchronisation page and in `sync status` counted only the transactions. The rounds logged before this
version moved no document (or were not counted): they read 0.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('documents_sent', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('documents_received', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sync_round', schema=None) as batch_op:
        batch_op.drop_column('documents_received')
        batch_op.drop_column('documents_sent')
