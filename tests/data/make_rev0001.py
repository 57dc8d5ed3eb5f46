"""Recreate kod_desk_rev0001.sqlite: a small database as revision 0001 wrote it.

Run once when the file is lost; never regenerate it after later revisions exist, because its
point is to stay exactly what the first release wrote.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kod_desk.storage import migrations
from kod_desk.storage.database import make_engine, url_for

HERE = Path(__file__).resolve().parent
TARGET = HERE / "kod_desk_rev0001.sqlite"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = make_engine(url_for(TARGET))
    migrations.upgrade(engine, "0001")
    engine.dispose()
    connection = sqlite3.connect(TARGET)
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.execute(
        "INSERT INTO station (id, name, created_at, last_change_seq) "
        "VALUES ('11111111-1111-4111-8111-111111111111', 'Altstation', '2026-01-05 08:00:00', 2)"
    )
    for seq, (number, last, first) in enumerate(
        [("K-0001", "Albers", "Jana"), ("K-0002", "Brandt", "Ole")], start=1
    ):
        connection.execute(
            "INSERT INTO officer (id, service_number, last_name, first_name, unit, role, "
            "qualifications, weekly_hours, active, failed_logins, created_at, updated_at, "
            "updated_by, version, origin, change_seq) VALUES "
            f"('00000000-0000-4000-8000-00000000000{seq}', ?, ?, ?, 'kod', 'officer', "
            "'[\"Radstreife\"]', 39.0, 1, 0, '2026-01-05 08:00:00', '2026-01-05 08:00:00', "
            "'setup', 1, '11111111-1111-4111-8111-111111111111', ?)",
            (number, last, first, seq),
        )
    connection.commit()
    connection.close()


if __name__ == "__main__":
    main()
