"""PostgreSQL roles: the application connects as a role that cannot rewrite the audit tables.

Why: row triggers refuse UPDATE and DELETE on the audit log, but the table owner can TRUNCATE,
ALTER the table or DISABLE TRIGGER. So the tables are owned by the role that runs migrations
(``ENLACE_MIGRATE_DATABASE_URL``), and the application's role (``DATABASE_URL``) gets only the
privileges it needs: SELECT and INSERT on append-only tables (models that say
``append_only = True``), full DML elsewhere, never ownership or TRUNCATE. Default privileges make
tables created by later migrations usable by the application role; run ``enlace db roles``
again after each migrate anyway (it is idempotent) so new append-only tables lose UPDATE/DELETE.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection
from psycopg import sql

DML = "SELECT, INSERT, UPDATE, DELETE"


def append_only_tables() -> list[str]:
    return sorted(m._meta.db_table for m in apps.get_models() if getattr(m, "append_only", False))


def _role_exists(cur, role: str) -> bool:
    cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
    row = cur.fetchone()
    if row and row[0]:
        raise ValueError(f"role {role!r} is a superuser: it could do anything, choose another")
    return row is not None


def setup_app_role(*, role: str, password: str | None = None, schema: str = "public") -> list[str]:
    """Create (or update) the application role and grant it what it needs, as the owner. Returns the tables
    it may only read and append to."""
    if connection.vendor != "postgresql":
        raise ValueError("database roles exist only on PostgreSQL")
    ident, sch = sql.Identifier(role), sql.Identifier(schema)
    with connection.cursor() as cur:
        cur.execute("SELECT current_user")
        if cur.fetchone()[0] == role:
            raise ValueError("run this as the owner (the migration role), not as the application role")
        verb = "ALTER" if _role_exists(cur, role) else "CREATE"
        login = sql.SQL("LOGIN PASSWORD {}").format(sql.Literal(password)) if password else sql.SQL("NOLOGIN")
        cur.execute(sql.SQL(verb + " ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS ").format(ident) + login)
        statements = [
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(connection.settings_dict["NAME"]),
                                                                 ident),
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sch, ident),
            sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(sch, ident),
            sql.SQL("GRANT " + DML + " ON ALL TABLES IN SCHEMA {} TO {}").format(sch, ident),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(sch, ident),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT " + DML + " ON TABLES TO {}").format(sch, ident),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT USAGE, SELECT ON SEQUENCES TO {}").format(sch, ident),
        ]
        tables = append_only_tables()
        for table in tables:
            statements.append(sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {}.{} FROM {}")
                              .format(sch, sql.Identifier(table), ident))
        for statement in statements:
            cur.execute(statement)
    return tables
