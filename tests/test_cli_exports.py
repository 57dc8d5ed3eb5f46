"""`kod-desk export incidents --format csv|geojson … -o FILE` (issue 8 item 6): both formats
from the shell, filtered like the list; bad input ends in one German line, exit 2, no file."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import time, timedelta
from pathlib import Path

import pytest

from kod_desk.cli import main
from kod_desk.domain.timeutil import local_to_utc, to_local, utcnow
from tests import raw_sql


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = str(tmp_path_factory.mktemp("cli_exports") / "demo.sqlite")
    assert main(["demo", "--db", target, "--incidents", "200"]) == 0
    connection = raw_sql.connect(target)
    with connection:  # the demo has no coordinates: give every other incident some
        connection.execute(
            "UPDATE incident SET latitude = 51.45 + (rowid % 97) / 10000.0, "
            "longitude = 7.01 + (rowid % 89) / 10000.0 WHERE rowid % 2 = 0"
        )
    connection.close()
    return target


def _scalar(db: str, sql: str, *params: object) -> int:
    connection = raw_sql.connect(db)
    try:
        return int(connection.execute(sql, params).fetchone()[0])
    finally:
        connection.close()


def test_csv_and_geojson_of_a_period_and_area(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = to_local(utcnow()).date()
    first = today - timedelta(days=60)
    period = ["--from", f"{first:%d.%m.%Y}", "--to", f"{today}"]
    since, until = local_to_utc(first, time(0)), utcnow() + timedelta(days=1)
    where = (
        "FROM incident i JOIN area a ON a.id = i.area_id WHERE i.deleted_at IS NULL "
        "AND a.name = 'Innenstadt' AND i.occurred_at >= ? AND i.occurred_at < ?"
    )
    bounds = (since, until)  # bound as stored (raw_sql)
    expected = _scalar(demo, f"SELECT count(*) {where}", *bounds)
    located = _scalar(demo, f"SELECT count(*) {where} AND i.latitude IS NOT NULL", *bounds)
    assert expected > located > 0

    out = tmp_path / "liste.csv"
    command = ["export", "incidents", "--format", "csv", "--area", "innenstadt", *period]
    assert main([*command, "-o", str(out), "--db", demo]) == 0
    assert f"{expected} Vorkommnisse exportiert: {out}" in capsys.readouterr().out
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(data[3:].decode(), newline=""), delimiter=";"))
    assert header[:4] == ["Aktenzeichen", "Datum", "Uhrzeit", "Gebiet"]
    assert len(rows) == expected and {row[3] for row in rows} == {"Innenstadt"}

    target = tmp_path / "orte"  # the suffix is the user's choice on the command line
    geo = ["export", "incidents", "--format", "GeoJSON", "--area", "Innenstadt", *period]
    assert main([*geo, "-o", str(target), "--db", demo]) == 0
    line = capsys.readouterr().out
    assert f"{located} Vorkommnisse exportiert, {expected - located} ohne Koordinaten" in line
    document = json.loads(target.read_bytes())
    assert document["type"] == "FeatureCollection" and len(document["features"]) == located


def test_refusals_say_why_in_german_and_write_nothing(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.csv"
    cases = {
        ("--format", "xml"): "--format: „xml“ gibt es nicht (csv oder geojson).",
        ("--format", "csv", "--area", "Mondbasis"): "Gebiet „Mondbasis“ gibt es nicht",
        ("--format", "csv", "--category", "Gibtsnicht"): "Kategorie „Gibtsnicht“ gibt es nicht",
        ("--format", "csv", "--from", "31.02.2025"): "--from",
        ("--format", "csv", "--from", "2025-06-10", "--to", "2025-06-01"): "liegt vor",
    }
    for words, message in cases.items():
        assert main(["export", "incidents", *words, "-o", str(out), "--db", demo]) == 2, words
        err = capsys.readouterr().err
        assert err.startswith("kod-desk: ") and message in err and err.count("\n") == 1, err
        assert not out.exists()
    with pytest.raises(SystemExit) as stopped:
        main(["export", "incidents", "-o", str(out), "--db", demo])
    assert stopped.value.code == 2
    assert "es fehlt: --format" in capsys.readouterr().err


COMMAND = (sys.executable, "-m", "kod_desk", "export", "incidents")


def test_the_installed_command_writes_the_file(demo: str, tmp_path: Path) -> None:
    out = tmp_path / "alle.geojson"
    done = subprocess.run(
        [*COMMAND, "--format", "geojson", "-o", str(out), "--db", demo],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    features = json.loads(out.read_bytes())["features"]
    located = _scalar(
        demo, "SELECT count(*) FROM incident WHERE deleted_at IS NULL AND latitude IS NOT NULL"
    )
    assert len(features) == located > 0
    assert "ohne Koordinaten ausgelassen" in done.stdout
