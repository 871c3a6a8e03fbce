"""Database helpers the ORM lacks."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models

# Rows per INSERT or UPDATE statement: no statement grows with an article.
WRITE_BATCH = 500


def bulk_update_rows(model: type[models.Model], objs: Sequence[models.Model], fields: list[str]):
    """Write ``fields`` of many rows, WRITE_BATCH rows a statement.

    Django's ``bulk_update`` builds a CASE expression per field and row,
    which is slow to compile and to run for hundreds of rows. On PostgreSQL
    this joins one array per column instead (``UPDATE … FROM unnest(…)``),
    each cast to its column type; elsewhere it falls back to ``bulk_update``.
    """
    if not objs or not fields:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, fields, batch_size=WRITE_BATCH)
        return
    for start in range(0, len(objs), WRITE_BATCH):
        _update_rows_postgresql(model, objs[start : start + WRITE_BATCH], fields)


def _update_rows_postgresql(model, objs, fields) -> None:
    meta = model._meta
    pk = meta.pk
    columns = [meta.get_field(name) for name in fields]
    arrays = [[pk.get_db_prep_value(obj.pk, connection) for obj in objs]]
    arrays += [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for obj in objs] for f in columns
    ]
    types = [pk.db_type(connection)] + [_base_type(f.db_type(connection)) for f in columns]
    quote = connection.ops.quote_name
    names = [quote(f.column) for f in columns]
    key = quote(pk.column)
    # One array per column: the statement stays small however many rows.
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET "
        + ", ".join(f"{name} = v.{name}" for name in names)
        + " FROM unnest("
        + ", ".join(f"%s::{type_}[]" for type_ in types)
        + f") AS v({key}, {', '.join(names)}) WHERE t.{key} = v.{key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


def _base_type(db_type: str) -> str:
    # "varchar(15)" -> "varchar": array casts do not need the length
    return db_type.split("(", 1)[0]
