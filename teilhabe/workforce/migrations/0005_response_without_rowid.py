"""SQLite: the answers' table becomes a WITHOUT ROWID table.

A rowid table numbers its rows in the order they are inserted (the implicit ``rowid``), even with a UUID primary
key, so the rowid would tell the order in which the answers came in. A WITHOUT ROWID table has no such number: its
rows live in the B-tree of the primary key, ordered by the random UUID, so their physical order is random from
the first answer on and nothing needs to be reshuffled (or deleted and reinserted) when a campaign closes.

The table is rebuilt the way SQLite documents for table changes (create new, copy, drop old, rename, recreate the
indexes), inside the migration's transaction. PostgreSQL has no rowid; there the campaign's close rewrites the
rows in random order (services.campaign_close). A later migration that alters Response on SQLite would rebuild
the table without WITHOUT ROWID: tests/workforce/test_services.py checks that the table has no rowid.
"""

from django.db import migrations

TABLE = "workforce_response"


def _rebuild(schema_editor, without_rowid: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        (create,) = cursor.fetchone()
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL", [TABLE]
        )
        indexes = [row[0] for row in cursor.fetchall()]
        create = create.rstrip().removesuffix("WITHOUT ROWID").rstrip()
        if without_rowid:
            create += " WITHOUT ROWID"
        create = create.replace(f'"{TABLE}"', f'"{TABLE}__rebuilt"', 1)
        cursor.execute(create)
        cursor.execute(f'INSERT INTO "{TABLE}__rebuilt" SELECT * FROM "{TABLE}"')
        cursor.execute(f'DROP TABLE "{TABLE}"')
        cursor.execute(f'ALTER TABLE "{TABLE}__rebuilt" RENAME TO "{TABLE}"')
        for sql in indexes:
            cursor.execute(sql)


def forwards(apps, schema_editor) -> None:
    _rebuild(schema_editor, without_rowid=True)


def backwards(apps, schema_editor) -> None:
    _rebuild(schema_editor, without_rowid=False)


class Migration(migrations.Migration):
    dependencies = [
        ("workforce", "0004_response_index_career_kind"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
