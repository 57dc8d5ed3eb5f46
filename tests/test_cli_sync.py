"""`station …` and `sync …` on the command line (DESIGN.md §12, issue 8): keys and trust,
export and import with the exit codes scripts rely on (0 applied or already applied, 2 refused).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from kod_desk.cli import main
from kod_desk.services.demo.unit import DEMO_ADMIN
from tests import raw_sql


def _count(db: str, table: str) -> int:
    connection = raw_sql.connect(db)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def stations(tmp_path: Path) -> tuple[str, str]:
    office, laptop = str(tmp_path / "buero.sqlite"), str(tmp_path / "laptop.sqlite")
    assert main(["demo", "--db", office, "--incidents", "40"]) == 0
    assert main(["db", "upgrade", "--db", laptop]) == 0
    return office, laptop


def _station(db: str, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    capsys.readouterr()
    assert main(["station", "show", "--json", "--db", db]) == 0
    shown: dict[str, Any] = json.loads(capsys.readouterr().out)
    return shown


def _trust(trusting: str, trusted: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """``trusting`` trusts ``trusted`` after comparing the fingerprint; its station id."""
    shown = _station(trusted, capsys)
    key = tmp_path / f"{shown['id']}.pub"
    assert main(["station", "export-key", "-o", str(key), "--db", trusted]) == 0
    capsys.readouterr()
    args = ["station", "trust", str(key), "--fingerprint", shown["fingerprint"], "--db", trusting]
    assert main(args) == 0
    capsys.readouterr()
    return str(shown["id"])


def test_keys_trust_export_import(
    stations: tuple[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office, laptop = stations
    fingerprint = _station(office, capsys)["fingerprint"]
    assert len(fingerprint) == 24 and fingerprint.count("-") == 4

    key = tmp_path / "buero.pub"
    assert main(["station", "export-key", "-o", str(key), "--db", office]) == 0
    assert fingerprint in capsys.readouterr().out
    wrong = "AAAA-BBBB-CCCC-DDDD-EEEE"
    assert main(["station", "trust", str(key), "--fingerprint", wrong, "--db", laptop]) == 2
    assert "nicht vertraut" in capsys.readouterr().err
    args = ["station", "trust", str(key), "--fingerprint", fingerprint, "--db", laptop]
    assert main(args) == 0
    assert "wird vertraut" in capsys.readouterr().out
    laptop_id = _trust(office, laptop, tmp_path, capsys)

    package = tmp_path / "alles.kodsync"
    export = ["sync", "export", "-o", str(package), "--peer", laptop_id, "--everything"]
    assert main([*export, "--db", office]) == 0
    assert "verschlüsselt für" in capsys.readouterr().out
    # The demo's roles and the administrator's password come only from the office (issue 13).
    assert main(["sync", "import", str(package), "--dry-run", "--db", laptop]) == 2
    assert "ändert die Rolle von" in capsys.readouterr().err
    office_id = _station(office, capsys)["id"]
    assert main(["station", "office", office_id, "--db", laptop]) == 0
    assert "ist jetzt das Büro" in capsys.readouterr().out
    assert main(["station", "show", "--json", "--db", laptop]) == 0
    assert [p["office"] for p in json.loads(capsys.readouterr().out)["peers"]] == [True]
    assert main(["sync", "import", str(package), "--dry-run", "--db", laptop]) == 0
    assert "Vorkommnis:" in capsys.readouterr().out
    assert _count(laptop, "incident") == 0  # a dry run writes nothing
    assert main(["sync", "import", str(package), "--db", laptop]) == 0
    assert "eingespielt" in capsys.readouterr().out
    assert _count(laptop, "incident") == _count(office, "incident")
    # The office's administrator and password arrived: from now on the laptop has logins.
    assert main(["sync", "import", str(package), "--db", laptop]) == 2
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("KOD_DESK_PASSWORD", DEMO_ADMIN[1])
    assert main(["sync", "import", str(package), "--db", laptop, "--user", DEMO_ADMIN[0]]) == 0
    assert "bereits eingespielt" in capsys.readouterr().out
    assert main(["sync", "conflicts", "--db", laptop]) == 0
    assert "Keine offenen Konflikte" in capsys.readouterr().out


def test_a_package_is_unreadable_on_the_stick_and_for_any_other_station(
    stations: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office, laptop = stations
    other = str(tmp_path / "andere.sqlite")
    assert main(["db", "upgrade", "--db", other]) == 0
    laptop_id = _trust(office, laptop, tmp_path, capsys)
    _trust(office, other, tmp_path, capsys)
    office_id = _station(office, capsys)["id"]
    for station in (laptop, other):
        _trust(station, office, tmp_path, capsys)
        assert main(["station", "office", office_id, "--db", station]) == 0
    connection = raw_sql.connect(office)
    try:
        names = [row[0] for row in connection.execute("SELECT last_name FROM officer")]
        hashes = [
            row[0] for row in connection.execute("SELECT password_hash FROM officer") if row[0]
        ]
        places = [row[0] for row in connection.execute("SELECT place FROM incident LIMIT 20")]
    finally:
        connection.close()
    assert names and hashes and places

    package = tmp_path / "fuer-laptop.kodsync"
    export = ["sync", "export", "-o", str(package), "--peer", laptop_id, "--everything"]
    assert main([*export, "--db", office]) == 0
    capsys.readouterr()
    data = package.read_bytes()
    # Nothing on the stick is readable: no name, no place, no password hash, no zip.
    for text in [*names, *places, *hashes, "manifest.json", "incident.jsonl"]:
        assert text.encode() not in data, text
    assert not zipfile.is_zipfile(package)

    # The other station trusts the office, but the package is not for it.
    assert main(["sync", "import", str(package), "--db", other]) == 2
    err = capsys.readouterr().err
    assert "nicht für diese Station verschlüsselt" in err
    assert err.strip().endswith("Es wurde nichts eingespielt.")
    assert _count(other, "incident") == 0
    assert main(["sync", "import", str(package), "--db", laptop]) == 0
    assert _count(laptop, "incident") == _count(office, "incident")


def test_refusals_exit_2_with_one_german_line(
    stations: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    office, laptop = stations
    package = tmp_path / "p.kodsync"
    # Only to a trusted station: nothing is written for an unknown one.
    laptop_id = _station(laptop, capsys)["id"]
    assert main(["sync", "export", "-o", str(package), "--peer", laptop_id, "--db", office]) == 2
    assert "Keine eingetragene Station" in capsys.readouterr().err
    assert not package.exists()
    # A recipient is required.
    with pytest.raises(SystemExit) as stopped:
        main(["sync", "export", "-o", str(package), "--db", office])
    assert stopped.value.code == 2
    assert "--peer" in capsys.readouterr().err
    _trust(office, laptop, tmp_path, capsys)
    assert main(["sync", "export", "-o", str(package), "--peer", laptop_id, "--db", office]) == 0
    capsys.readouterr()
    # The laptop does not trust the office yet.
    assert main(["sync", "import", str(package), "--db", laptop]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kod-desk: ") and "\n" not in err and "vertrauenswürdig" in err
    assert err.endswith("Es wurde nichts eingespielt.")
    # Not a package at all, and a package of the old unencrypted format.
    junk = tmp_path / "junk.kodsync"
    junk.write_bytes(b"%PDF-1.4 kein Paket")
    assert main(["sync", "import", str(junk), "--db", laptop]) == 2
    assert "kein Synchronisationspaket" in capsys.readouterr().err
    old = tmp_path / "alt.kodsync"
    with zipfile.ZipFile(old, "w") as archive:
        archive.writestr("manifest.json", "{}")
    assert main(["sync", "import", str(old), "--db", laptop]) == 2
    assert "unverschlüsselt" in capsys.readouterr().err
    assert _count(laptop, "incident") == 0
    # An unknown peer for an export.
    assert (
        main(
            ["sync", "export", "-o", str(tmp_path / "x.kodsync"), "--peer", "Mond", "--db", office]
        )
        == 2
    )
    assert "Mond" in capsys.readouterr().err
    assert not (tmp_path / "x.kodsync").exists()


PASSWORD = "Radstreife-Sommer-2026"


def _with_logins(db: str) -> dict[str, str]:
    """Give a station logins: an administrator, a supervisor and an officer."""
    from kod_desk.domain.enums import Role
    from kod_desk.domain.masterdata import OfficerDraft
    from kod_desk.services.startup import open_database

    services = open_database(db).services
    try:
        services.auth.create_first_admin("A-1", "Admin", "Ada", PASSWORD)
        ids = {}
        for number, role in (("K-2000", Role.SUPERVISOR), ("K-1018", Role.OFFICER)):
            draft = OfficerDraft(number, "Muster", "Max", role=role)
            ids[number] = services.masterdata.save_officer(draft).value.id
            services.auth.set_password(ids[number], PASSWORD)
        return ids
    finally:
        services.close()


def test_sync_import_logs_in_where_the_database_has_logins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    office, laptop = str(tmp_path / "buero.sqlite"), str(tmp_path / "laptop.sqlite")
    for db in (office, laptop):
        assert main(["db", "upgrade", "--db", db]) == 0
    key = tmp_path / "buero.pub"
    assert main(["station", "export-key", "-o", str(key), "--db", office]) == 0
    # A new station without logins: the command line acts as its administrator (as before).
    assert main(["station", "trust", str(key), "--db", laptop]) == 0
    laptop_id = _trust(office, laptop, tmp_path, capsys)
    _with_logins(laptop)
    package = tmp_path / "p.kodsync"
    assert main(["sync", "export", "-o", str(package), "--peer", laptop_id, "--db", office]) == 0
    capsys.readouterr()
    monkeypatch.delenv("KOD_DESK_PASSWORD", raising=False)

    def refused(*extra: str) -> str:
        assert main(["sync", "import", str(package), "--db", laptop, *extra]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("kod-desk: ") and "\n" not in err
        assert _count(laptop, "sync_package_log") == 0  # nothing imported
        return err

    assert "--user DIENSTNUMMER" in refused()
    monkeypatch.setenv("KOD_DESK_PASSWORD", "falsch-falsch-falsch")
    assert "Anmeldung fehlgeschlagen" in refused("--user", "K-2000")
    monkeypatch.setenv("KOD_DESK_PASSWORD", PASSWORD)
    assert "Keine Berechtigung" in refused("--user", "K-1018")  # an officer only exports
    # The password from a prompt where the environment has none.
    monkeypatch.delenv("KOD_DESK_PASSWORD")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    assert main(["sync", "import", str(package), "--db", laptop, "--user", "k-2000"]) == 0
    assert "eingespielt" in capsys.readouterr().out
    assert _count(laptop, "sync_package_log") == 1
    connection = raw_sql.connect(laptop)
    try:
        actor = connection.execute(
            "SELECT actor FROM audit_entry WHERE action = 'sync_import'"
        ).fetchone()[0]
    finally:
        connection.close()
    assert actor == "K-2000"


def test_station_office_needs_an_administrator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    office, laptop = str(tmp_path / "buero.sqlite"), str(tmp_path / "laptop.sqlite")
    for db in (office, laptop):
        assert main(["db", "upgrade", "--db", db]) == 0
    key = tmp_path / "buero.pub"
    assert main(["station", "export-key", "-o", str(key), "--db", office]) == 0
    assert main(["station", "trust", str(key), "--db", laptop]) == 0
    capsys.readouterr()
    assert main(["station", "show", "--json", "--db", office]) == 0
    office_id = json.loads(capsys.readouterr().out)["id"]
    _with_logins(laptop)
    monkeypatch.setenv("KOD_DESK_PASSWORD", PASSWORD)
    assert main(["station", "office", office_id, "--db", laptop, "--user", "K-2000"]) == 2
    assert "Keine Berechtigung" in capsys.readouterr().err
    assert main(["station", "office", office_id, "--db", laptop, "--user", "A-1"]) == 0
    assert "ist jetzt das Büro" in capsys.readouterr().out
    assert main(["station", "office", office_id, "--off", "--db", laptop, "--user", "A-1"]) == 0
    assert "ist nicht mehr das Büro" in capsys.readouterr().out
