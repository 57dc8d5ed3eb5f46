"""`kod-desk report KIND … -o FILE.pdf` (DESIGN.md §12): every kind renders from the shell, and
bad arguments end in one German line, exit 2 and no file."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kod_desk.cli import main
from kod_desk.domain.timeutil import to_local, utcnow
from tests import raw_sql


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = str(tmp_path_factory.mktemp("cli_reports") / "demo.sqlite")
    assert main(["demo", "--db", target, "--incidents", "200"]) == 0
    return target


def _one(db: str, sql: str) -> str:
    connection = raw_sql.connect(db)
    try:
        return str(connection.execute(sql).fetchone()[0])
    finally:
        connection.close()


def _text(path: Path) -> tuple[int, str]:
    reader = PdfReader(BytesIO(path.read_bytes()))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def unembedded_fonts(data: bytes) -> list[str]:
    """The fonts a PDF uses without carrying them (pages and their form XObjects)."""
    missing: set[str] = set()

    def visit(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for reference in (resources.get("/Font") or {}).values():
            font = reference.get_object()
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs drawn inside the PDF
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
        for entry in (resources.get("/XObject") or {}).values():
            xobject = entry.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in PdfReader(BytesIO(data)).pages:
        visit(page.get("/Resources"))
    return sorted(missing)


def _today() -> str:
    return f"{to_local(utcnow()).date():%Y-%m-%d}"


def test_every_kind_renders(demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # An incident with a measure: its report lists the measures as bullets.
    reference = _one(
        demo,
        "SELECT reference FROM incident WHERE deleted_at IS NULL AND id IN "
        "(SELECT incident_id FROM incident_measure WHERE deleted_at IS NULL) LIMIT 1",
    )
    bike = _one(demo, "SELECT inventory_no FROM bike ORDER BY inventory_no LIMIT 1")
    today = to_local(utcnow()).date()
    month = f"{today:%Y-%m}"
    period = ["--from", f"{today - timedelta(days=30)}", "--to", _today()]
    cases = {
        "shift": (["--date", _today()], "Schichtbericht"),
        "day": (["--date", f"{today:%d.%m.%Y}"], "Tagesdienstbericht"),
        "week": (["--date", _today()], "Wochendienstplan"),
        "incident": (["--id", reference], reference),
        "bike": (["--bike", bike, *period], bike),
        "month": (["--month", month], "Monatsstatistik"),
    }
    for kind, (words, expected) in cases.items():
        out = tmp_path / f"{kind}.pdf"
        assert main(["report", kind, *words, "-o", str(out), "--db", demo]) == 0, kind
        assert f"Bericht geschrieben: {out}" in capsys.readouterr().out
        pages, text = _text(out)
        assert pages >= 1
        assert expected in text, kind
        # Every font travels with the file (issue 14): a PC without it prints the same.
        assert unembedded_fonts(out.read_bytes()) == [], kind
    # The bullets are among the checked text (the shift's open items have them only when the
    # duty has open incidents, which the first duty of the day has not just after midnight).
    assert "•" in _text(tmp_path / "incident.pdf")[1]


def test_the_incident_list_embeds_its_fonts(demo: str) -> None:
    from kod_desk.domain.incidents import IncidentFilter
    from kod_desk.services.registry import Services
    from kod_desk.storage.database import Database

    services = Services.create(Database.open(demo), actor="test")
    try:
        data = services.reports.incident_list(IncidentFilter())
    finally:
        services.close()
    assert "Vorkommnis" in PdfReader(BytesIO(data)).pages[0].extract_text()
    assert unembedded_fonts(data) == []


def test_shift_without_id_prints_each_duty_of_the_day(demo: str, tmp_path: Path) -> None:
    duties = int(
        _one(
            demo,
            f"SELECT count(*) FROM shift WHERE deleted_at IS NULL AND duty_date = '{_today()}'",
        )
    )
    assert duties >= 2, "the demo plans several duties for today"
    out = tmp_path / "alle.pdf"
    assert main(["report", "shift", "--date", _today(), "-o", str(out), "--db", demo]) == 0
    pages, text = _text(out)
    assert pages >= duties
    assert text.count("Unterschrift Streifenführer/in") == duties

    one = tmp_path / "einer.pdf"
    shift_id = _one(
        demo, f"SELECT id FROM shift WHERE deleted_at IS NULL AND duty_date = '{_today()}' LIMIT 1"
    )
    args = ["report", "shift", "--date", _today(), "--shift", shift_id, "-o", str(one)]
    assert main([*args, "--db", demo]) == 0
    assert _text(one)[0] == 1


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["incident", "--id", "VK-1999-000001"], "Kein Vorkommnis"),
        (["month", "--month", "2025-13"], "kein Monat"),
        (["bike", "--bike", "X-999", "--from", "2025-06-01", "--to", "2025-06-30"], "X-999"),
        (["bike", "--bike", "X", "--from", "2025-06-30", "--to", "2025-06-01"], "liegt vor"),
        (["day", "--date", "31.02.2025"], "--date"),
        (["shift", "--date", "2001-01-01"], "kein Dienst"),
    ],
)
def test_refusals_say_why_and_write_nothing(
    demo: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    words: list[str],
    message: str,
) -> None:
    out = tmp_path / "nichts.pdf"
    assert main(["report", *words, "-o", str(out), "--db", demo]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("kod-desk: ") and "\n" not in err and "Traceback" not in err
    assert message in err
    assert not out.exists()


def test_an_unwritable_target_is_refused(
    demo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "fehlt" / "bericht.pdf"
    assert main(["report", "week", "--date", _today(), "-o", str(out), "--db", demo]) == 2
    assert "es wurde nichts geschrieben" in capsys.readouterr().err
