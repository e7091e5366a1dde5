"""transaction contexts kept with their dots: « after the closing » read causally (issue 3)

Each applied transaction (ours or received) now keeps its context: the version vector its author had
seen. The rule « séance close : présences, pouvoirs ou votes modifiés après la clôture » compared clocks;
a laptop whose clock ran late escaped it, one whose clock ran early was listed for changes the closing
had seen. A change is now after the closing when the closing's author had not seen it (SYNC.md: clocks
only order concurrent values for display). Our own transactions still in the outbox get their context
back here; the others received before this version keep an empty one (the rule compares clocks for them).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_dot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('context', sa.String(), server_default='', nullable=False))
    op.execute(
        "UPDATE sync_dot SET context = (SELECT t.context FROM sync_txn t "
        "WHERE t.replica_id = sync_dot.replica_id AND t.seq = sync_dot.seq) "
        "WHERE EXISTS (SELECT 1 FROM sync_txn t WHERE t.replica_id = sync_dot.replica_id "
        "AND t.seq = sync_dot.seq)"
    )


def downgrade() -> None:
    with op.batch_alter_table('sync_dot', schema=None) as batch_op:
        batch_op.drop_column('context')
