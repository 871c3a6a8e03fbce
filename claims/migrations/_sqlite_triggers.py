"""SQLite triggers the project relies on, for the migrations that make them
and for those that must make them again: SQLite alters a table by rebuilding
it, which drops the table's triggers. A migration that changes
claims_claimcheck runs ``restore_sqlite_trigger`` afterwards; one that
changes claims_claim runs ``restore_sqlite_fts``. (Not a migration: the
loader skips modules whose names start with "_".)"""

SQLITE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS claims_claimcheck_no_update
BEFORE UPDATE ON claims_claimcheck
BEGIN
    SELECT RAISE(ABORT, 'claims_claimcheck is append-only: UPDATE refused');
END"""

# The claims' text for full-text search: an external-content FTS5 table
# kept in step with claims_claim.
SQLITE_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS claims_claim_fts USING fts5(
        text, content='claims_claim', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_insert AFTER INSERT ON claims_claim
    BEGIN
        INSERT INTO claims_claim_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_delete AFTER DELETE ON claims_claim
    BEGIN
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS claims_claim_fts_update AFTER UPDATE OF text ON claims_claim
    BEGIN
        INSERT INTO claims_claim_fts(claims_claim_fts, rowid, text)
        VALUES ('delete', old.id, old.text);
        INSERT INTO claims_claim_fts(rowid, text) VALUES (new.id, new.text);
    END""",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_fts_insert",
    "DROP TRIGGER IF EXISTS claims_claim_fts_delete",
    "DROP TRIGGER IF EXISTS claims_claim_fts_update",
    "DROP TABLE IF EXISTS claims_claim_fts",
]


def restore_sqlite_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER, params=None)


def restore_sqlite_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_FTS:
            schema_editor.execute(sql, params=None)


def restore_sqlite_last_checked(apps, schema_editor):
    """The last-check index of migration 0004, which a rebuild drops."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS claim_last_checked ON claims_claim (last_checked_at, id)",
            params=None,
        )
