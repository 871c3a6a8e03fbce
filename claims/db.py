"""Database helpers the ORM lacks."""

from __future__ import annotations

import functools
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
    quote = connection.ops.quote_name
    key = quote(meta.pk.column)
    names = quoted_columns(model, fields)
    rows, params = unnest_rows(model, objs, ["pk", *fields])
    # One array per column: the statement stays small however many rows.
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET "
        + ", ".join(f"{name} = v.{name}" for name in names)
        + f" FROM {rows} WHERE t.{key} = v.{key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def unnest_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: list[str],
    *,
    alias: str = "v",
    adding: bool = False,
    extra: dict[str, tuple[str, list]] | None = None,
) -> tuple[str, list]:
    """PostgreSQL: ``fields`` of ``objs`` as a row source for a statement,
    ``unnest(%s::type[], …) AS alias(column, …)``, and its parameters: one
    array per column, each cast to its column's type. ``adding``: the
    values an insert would write (auto_now dates set, as save() sets
    them). ``extra``: more columns, {name: (type, values)}."""
    columns, types, names = _columns(model, tuple(fields), connection.vendor)
    types, names = list(types), list(names)

    def value(obj, field):
        return field.pre_save(obj, True) if adding else getattr(obj, field.attname)

    arrays = [[f.get_db_prep_save(value(obj, f), connection) for obj in objs] for f in columns]
    for name, (type_, values) in (extra or {}).items():
        arrays.append(list(values))
        types.append(type_)
        names.append(name)
    sql = (
        "unnest("
        + ", ".join(f"%s::{type_}[]" for type_ in types)
        + f") AS {alias}({', '.join(names)})"
    )
    return sql, arrays


def quoted_columns(model: type[models.Model], fields: list[str]) -> list[str]:
    """The quoted column names of ``model``'s ``fields``, as unnest_rows()
    names them."""
    return list(_columns(model, tuple(fields), connection.vendor)[2])


@functools.lru_cache(maxsize=64)
def _columns(model, fields: tuple[str, ...], vendor: str):
    """The fields named, their array element types and quoted column names
    (read once: a field's type is asked of the connection)."""
    meta = model._meta
    columns = [meta.pk if name == "pk" else meta.get_field(name) for name in fields]
    types = tuple(_base_type(f.db_type(connection)) for f in columns)
    return columns, types, tuple(connection.ops.quote_name(f.column) for f in columns)


def _base_type(db_type: str) -> str:
    # "varchar(15)" -> "varchar": array casts do not need the length
    return db_type.split("(", 1)[0]
