"""Guards of issue 13 hole 7 through the command line: the last administrator, formulas in
exported CSV, bounded searches."""

from __future__ import annotations

from pathlib import Path

import pytest

from kod_desk.cli import main
from kod_desk.domain.enums import Role
from kod_desk.services.registry import Services
from kod_desk.storage.database import Database
from tests import raw_sql

HEADER = "Dienstnummer;Nachname;Vorname;Einheit;Rolle;Qualifikationen;Wochenstunden"


def _csv(path: Path, *lines: str) -> Path:
    path.write_bytes(("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8"))
    return path


def _with_first_admin(db_path: Path) -> None:
    db = Database.open(db_path)
    services = Services.create(db, actor="test")
    try:
        services.setup.ensure_initialized("Teststation")
        services.auth.create_first_admin("K-1", "Koch", "Patrick", "geheim-genug-123")
    finally:
        services.close()


def _roles(db_path: Path) -> dict[str, tuple[str, int]]:
    with raw_sql.connect(db_path) as connection:
        rows = connection.execute("SELECT service_number, role, active FROM officer").fetchall()
    return {str(number): (str(role), int(active)) for number, role, active in rows}


def _audit_count(db_path: Path) -> int:
    with raw_sql.connect(db_path) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM audit_entry WHERE table_name = 'officer'"
            ).fetchone()[0]
        )


def test_officers_import_cannot_demote_or_deactivate_the_last_administrator(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_first_admin(db_path)
    entries = _audit_count(db_path)
    demote = _csv(
        tmp_path / "demote.csv",
        "K-2;Berg;Anna;KOD;Einsatzkraft;;39",
        "K-1;Koch;Patrick;KOD;Einsatzkraft;;39",
    )
    assert main(["officers", "import", str(demote), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        "kod-desk: Die letzte Administration (K-1) kann weder eine andere Rolle bekommen noch "
        "deaktiviert werden; bitte zuerst eine weitere Dienstkraft zur Administration machen "
        "und ihr ein Passwort geben.\n"
    )
    assert _roles(db_path) == {"K-1": (Role.ADMIN.value, 1)}  # K-2 not imported either
    assert _audit_count(db_path) == entries

    # A second administrator who cannot log in (no password yet) does not count.
    hand_over = _csv(
        tmp_path / "hand-over.csv",
        "K-1;Koch;Patrick;KOD;Einsatzkraft;;39",
        "K-2;Berg;Anna;KOD;Administration;;39",
    )
    assert main(["officers", "import", str(hand_over), "--db", str(db_path)]) == 2
    assert "Die letzte Administration (K-1)" in capsys.readouterr().err
    # Once K-2 is administrator with a password, K-1 may become an officer.
    promote = _csv(tmp_path / "promote.csv", "K-2;Berg;Anna;KOD;Administration;;39")
    assert main(["officers", "import", str(promote), "--db", str(db_path)]) == 0
    db = Database.open(db_path)
    services = Services.create(db, actor="test")
    try:
        k2 = next(o.id for o in services.masterdata.officers() if o.service_number == "K-2")
        services.auth.set_password(k2, "auch-geheim-4567")
    finally:
        services.close()
    assert main(["officers", "import", str(hand_over), "--db", str(db_path)]) == 0
    roles = _roles(db_path)
    assert roles["K-1"] == (Role.OFFICER.value, 1) and roles["K-2"] == (Role.ADMIN.value, 1)


# ---------------------------------------------------------------- formulas in exported CSV

HOSTILE_AREAS = ('=HYPERLINK("http://böse.example";"Klick")', "＋49 Zone", "@Brücke", "-Keller")


def _with_hostile_areas(db_path: Path) -> None:
    """Areas named like formulas (typed in the master data, or brought by a sync package)."""
    from kod_desk.domain.masterdata import AreaDraft

    db = Database.open(db_path)
    services = Services.create(db, actor="test")
    try:
        services.setup.ensure_initialized("Teststation")
        for name in HOSTILE_AREAS:
            services.masterdata.save_area(AreaDraft(name))
    finally:
        services.close()


def _cells(data: bytes) -> list[list[str]]:
    import csv
    import io

    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8")), delimiter=";"))


def test_roster_export_escapes_area_names_and_reads_back_in(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_hostile_areas(db_path)
    staff = _csv(tmp_path / "staff.csv", "K-1;Albers;Anna;KOD;Einsatzkraft;;39")
    assert main(["officers", "import", str(staff), "--db", str(db_path)]) == 0
    plan = tmp_path / "plan.csv"
    quoted = ['"' + name.replace('"', '""') + '"' for name in HOSTILE_AREAS]
    rows = [
        f"13.11.2026;{8 + 3 * n:02d}:00;{10 + 3 * n:02d}:00;K-1;Innendienst;{name}"
        for n, name in enumerate(quoted)
    ]
    plan.write_bytes(
        (
            "\ufeff" + "\r\n".join(["Datum;Beginn;Ende;Dienstnummer;Art;Gebiet", *rows]) + "\r\n"
        ).encode()
    )
    assert main(["roster", "import", str(plan), "--db", str(db_path)]) == 0
    out = tmp_path / "export.csv"
    args = ["roster", "export", "--from", "13.11.2026", "--to", "13.11.2026", "--db", str(db_path)]
    assert main([*args, "-o", str(out)]) == 0
    areas = [row[5] for row in _cells(out.read_bytes())[1:]]
    assert areas == ["'" + name for name in HOSTILE_AREAS]
    # Our own export reads back in: the guard is taken off again, no duty is doubled.
    capsys.readouterr()
    assert main(["roster", "import", str(out), "--db", str(db_path)]) == 0
    again = tmp_path / "again.csv"
    assert main([*args, "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_incident_export_escapes_full_width_formulas_and_keeps_numbers(
    db_path: Path, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from kod_desk.domain.enums import CatalogKind, IncidentSource
    from kod_desk.domain.incidents import IncidentDraft

    _with_hostile_areas(db_path)
    db = Database.open(db_path)
    services = Services.create(db, actor="test")
    try:
        area = next(a for a in services.masterdata.areas() if a.name == "＋49 Zone")
        category = services.masterdata.catalog(CatalogKind.INCIDENT_CATEGORY)[0]
        services.incidents.create(
            IncidentDraft(
                occurred_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
                area_id=area.id,
                category_id=category.id,
                source=IncidentSource.PATROL,
                place="＝cmd|' /C calc'!A0",
                description="Test.",
                latitude=-33.8688,
                longitude=-0.1276,
            )
        )
    finally:
        services.close()
    out = tmp_path / "vorkommnisse.csv"
    args = ["export", "incidents", "--format", "csv", "--db", str(db_path), "-o", str(out)]
    assert main(args) == 0
    header, row = _cells(out.read_bytes())
    cells = dict(zip(header, row, strict=True))
    assert cells["Gebiet"] == "'＋49 Zone"
    assert cells["Ort"] == "'＝cmd|' /C calc'!A0"
    assert (cells["Breitengrad"], cells["Längengrad"]) == ("-33,868800", "-0,127600")
