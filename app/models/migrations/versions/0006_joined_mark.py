"""where this workstation's log stood when it was loaded from a snapshot (issue 3)

« Modifications reçues » listed the base received from the snapshot as 200 creations by colleagues: the
log and heads it copies are marked, and the list starts after them. Bases migrated from an earlier version
read 0: everything they logged is theirs to list, as before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('joined_log', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('joined_head', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('joined_at', sa.String(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.drop_column('joined_at')
        batch_op.drop_column('joined_head')
        batch_op.drop_column('joined_log')
