"""segment header stamps: a re-published segment stays byte-identical after an app update (issue 3)

The header of a segment records the app version and schema that wrote it. Re-publishing a segment
(after a crash before it was recorded, or when it went missing from the share) used to write the
current version, hence another file and a broken chain for the workstations that had the first one.
The stamp is now kept with the boundaries and with each segment of ours.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pending_stamp', sa.String(), server_default='', nullable=False))
    with op.batch_alter_table('sync_segment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stamp', sa.String(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sync_segment', schema=None) as batch_op:
        batch_op.drop_column('stamp')
    with op.batch_alter_table('sync_state', schema=None) as batch_op:
        batch_op.drop_column('pending_stamp')
