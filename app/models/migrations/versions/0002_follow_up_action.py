"""follow-up actions of the relevé de décisions (issue 4)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('follow_up_action',
    sa.Column('item_id', sa.Uuid(), nullable=True),
    sa.Column('decision_id', sa.Uuid(), nullable=True),
    sa.Column('position', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('who', sa.String(), server_default='', nullable=False),
    sa.Column('what', sa.String(), server_default='', nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('deleted', sa.Boolean(), server_default=sa.text('0'), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_follow_up_action_decision_id_decision'), initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['item_id'], ['agenda_item.id'], name=op.f('fk_follow_up_action_item_id_agenda_item'), initially='DEFERRED', deferrable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_action')),
    info={'synced': True}
    )
    with op.batch_alter_table('follow_up_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_action_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_action_item_id'), ['item_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('follow_up_action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_action_item_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_action_decision_id'))

    op.drop_table('follow_up_action')
