"""Alembic environment of KOD Desk.

The app passes its engine in ``config.attributes["engine"]``; from the command line
``alembic -c db/alembic.ini -x db=PATH_OR_URL upgrade head`` works as well. SQLite runs in batch
mode because it cannot ALTER most things in place.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from kod_desk.storage.models import Base, UTCDateTime, UUIDKey
from kod_desk.storage.repos.incidents import include_in_autogenerate

config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine
    from kod_desk.storage.database import make_engine, url_for

    target = context.get_x_argument(as_dictionary=True).get("db")
    if not target:
        raise SystemExit("Bitte -x db=PFAD_ODER_URL angeben.")
    return make_engine(url_for(target))


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Revisions stay frozen: render the UTC decorator as the plain type it stores.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, UUIDKey):
        return "sa.String(length=36)"
    return False


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
            # The FTS5 index of 0003 and its shadow tables live outside the models.
            include_object=include_in_autogenerate,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
