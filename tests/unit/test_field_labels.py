"""Every synced table and column has a French name: history lines and conflicts never show a code name;
the parts a history shows with its object exist."""

from __future__ import annotations

from app.domain.field_labels import FIELD_LABELS, HISTORY_PARTS, TABLE_LABELS, field_label, table_label
from app.models import Base
from app.sync.display import NAMED_BY
from app.sync.triggers import synced_tables


def test_every_synced_table_and_column_has_a_french_name() -> None:
    missing = [
        f"{table.name}.{column.name}"
        for table in synced_tables(Base.metadata)
        for column in table.columns
        if column.name != "id" and field_label(table.name, column.name) == column.name
    ]
    assert missing == []
    assert [t.name for t in synced_tables(Base.metadata) if table_label(t.name) == t.name] == []


def test_labels_name_only_what_exists() -> None:
    tables = Base.metadata.tables
    assert set(FIELD_LABELS) <= set(tables) and set(TABLE_LABELS) <= set(tables)
    assert [f"{t}.{c}" for t, cols in FIELD_LABELS.items() for c in cols if c not in tables[t].columns] == []
    for owner, parts in HISTORY_PARTS.items():
        for part, column in parts.items():
            foreign = tables[part].columns[column].foreign_keys
            assert [fk.column.table.name for fk in foreign] == [owner], f"{part}.{column}"
    for table, columns in NAMED_BY.items():
        assert all(tables[table].columns[c].foreign_keys for c in columns), table
