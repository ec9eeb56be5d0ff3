"""the public routes' request counters in an UNLOGGED table

Every public request counts itself in security.limites_publicos and commits at once (app/services/limite_publico.py).
That commit waited for the WAL flush (and, in the cluster, for the synchronous standby) unless the transaction first
sent ``SET LOCAL synchronous_commit = off``: one more round trip on every public request (issue 23). An unlogged
table writes no WAL, so a transaction that changed only it commits without either wait, and without that statement.
What it gives up is what the counters never needed: a crash of the server or a failover to the standby empties the
table, which only resets the current windows.

Revision ID: 0026
Revises: 0025
"""
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE security.limites_publicos SET UNLOGGED")


def downgrade():
    op.execute("ALTER TABLE security.limites_publicos SET LOGGED")
