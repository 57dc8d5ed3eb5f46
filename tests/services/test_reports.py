"""Shift summary and incident report as PDF, read back (issue 7): pypdf for the text and the
page count, pdfplumber for where things are on the page (margins, the strike-through line).

The expected values come from plain SQL on the demo database, not from the report code.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO
from typing import Any

import pdfplumber
import pytest
from pypdf import PdfReader

from kod_desk.domain.enums import IncidentSource, PersonRole, Role, ShiftKind
from kod_desk.domain.incidents import IncidentDraft, PersonDraft
from kod_desk.domain.reports import ReportHeader
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.timeutil import to_local
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.services.reports import pdf
from kod_desk.services.reports.pdf import MARGIN_X, printable
from tests.raw_sql import aware, raw_rows

TODAY = date(2025, 6, 19)
UNIT = "Teststation – Kommunaler Ordnungsdienst und Ermittlungsdienst"


# ---------------------------------------------------------------- helpers


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def _flat(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _lines(pdf: bytes) -> list[str]:
    with pdfplumber.open(BytesIO(pdf)) as doc:
        return [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]


def _clock(value: Any) -> str:
    return f"{to_local(aware(value)):%H:%M}"


def _inside_margins(pdf: bytes) -> None:
    """No character runs into the right (or left) page margin."""
    with pdfplumber.open(BytesIO(pdf)) as doc:
        for page in doc.pages:
            right = page.width - MARGIN_X + 0.5
            outside = [c["text"] for c in page.chars if c["x1"] > right or c["x0"] < MARGIN_X - 0.5]
            assert not outside, f"Zeichen im Seitenrand: {''.join(outside)[:80]}"


@pytest.fixture
def demo(services: Services) -> Services:
    DemoService(services.context).populate(incidents=300, seed=1, today=TODAY)
    return services


def _busy_bike_duty(services: Services) -> str:
    """A past bike patrol with two bikes and the most incidents booked to it."""
    rows = raw_rows(
        services,
        "SELECT s.id, (SELECT count(*) FROM incident i WHERE i.shift_id = s.id) AS n "
        "FROM shift s WHERE s.kind = 'bike_patrol' AND s.duty_date < :today "
        "AND (SELECT count(*) FROM bike_checkout c WHERE c.shift_id = s.id "
        "AND c.status = 'returned') >= 2 ORDER BY n DESC, s.duty_date, s.starts_at",
        today=TODAY,
    )
    assert rows and rows[0][1] >= 2
    return str(rows[0][0])


def _incident_draft(services: Services, shift_id: str, **fields: Any) -> IncidentDraft:
    crew = raw_rows(services, "SELECT officer_id FROM assignment WHERE shift_id = :s", s=shift_id)
    shift = raw_rows(services, "SELECT starts_at, area_id FROM shift WHERE id = :s", s=shift_id)[0]
    category = raw_rows(
        services,
        "SELECT id FROM catalog_entry WHERE kind = 'incident_category' AND name = 'Ruhestörung'",
    )[0][0]
    measure = raw_rows(
        services, "SELECT id FROM catalog_entry WHERE kind = 'measure' AND name = 'Platzverweis'"
    )[0][0]
    values: dict[str, Any] = {
        "occurred_at": aware(shift[0]) + timedelta(minutes=20),
        "area_id": shift[1],
        "category_id": category,
        "source": IncidentSource.PATROL,
        "place": "Lange Straße 12, vor der Bäckerei",
        "description": "Lärm vor der Gaststätte; Maßnahmen getroffen.",
        "officer_ids": tuple(r[0] for r in crew),
        "measure_ids": (measure,),
        "shift_id": shift_id,
    }
    values.update(fields)
    return IncidentDraft(**values)


# ---------------------------------------------------------------- shift summary


def test_shift_summary_shows_duty_crew_bikes_and_incidents_in_time_order(
    demo: Services,
) -> None:
    shift_id = _busy_bike_duty(demo)
    demo.incidents.create(_incident_draft(demo, shift_id))
    pdf = demo.reports.shift_summary(shift_id)

    pages = _pages(pdf)
    assert len(pages) == 1
    page = pages[0]
    assert "Schichtbericht" in page and "Seite 1 von 1" in page
    assert UNIT in page
    assert "Erstellt am " in page and " von test" in page
    demo.context.display_name = "Deniz Yılmaz"  # after a login the name is printed too
    signed = _pages(demo.reports.shift_summary(shift_id))[0]
    assert " von Deniz Yılmaz (test)" in signed
    for word in ("Maßnahmen", "Straße", "Dienstfahrräder", "Übergabe"):
        assert word in page
    assert "Radstreife" in page

    start, end = raw_rows(demo, "SELECT starts_at, ends_at FROM shift WHERE id = :s", s=shift_id)[0]
    assert f"{_clock(start)}–{_clock(end)} Uhr" in page

    lines = _lines(pdf)
    crew = raw_rows(
        demo,
        "SELECT o.last_name, o.first_name, a.is_lead FROM assignment a "
        "JOIN officer o ON o.id = a.officer_id WHERE a.shift_id = :s AND a.deleted_at IS NULL",
        s=shift_id,
    )
    assert len(crew) >= 2 and sum(bool(r[2]) for r in crew) == 1
    for last, first, is_lead in crew:
        name = printable(f"{last}, {first}")
        row = [line for line in lines if line.startswith(name)]
        assert row, name
        assert ("Streifenführer/in" in row[0]) is bool(is_lead)

    bikes = raw_rows(
        demo,
        "SELECT b.inventory_no, c.km_out, c.km_in FROM bike_checkout c "
        "JOIN bike b ON b.id = c.bike_id WHERE c.shift_id = :s AND c.status <> 'cancelled'",
        s=shift_id,
    )
    for number, km_out, km_in in bikes:
        row = next(line for line in lines if line.startswith(number + " "))
        km = [f"{v:,}".replace(",", ".") for v in (km_out, km_in)]
        assert km[0] in row and km[1] in row and f"{km_in - km_out} km" in row
    total = sum(km_in - km_out for _, km_out, km_in in bikes)
    assert f"Summe {total} km" in lines

    # Incidents of the duty and incidents of the crew inside its time, found independently.
    incidents = raw_rows(
        demo,
        "SELECT i.reference, i.occurred_at, c.name FROM incident i "
        "JOIN catalog_entry c ON c.id = i.category_id "
        "WHERE i.deleted_at IS NULL AND (i.shift_id = :s OR (i.occurred_at BETWEEN "
        "(SELECT min(coalesce(a.actual_start, s.starts_at)) FROM assignment a JOIN shift s "
        "ON s.id = a.shift_id WHERE s.id = :s) AND "
        "(SELECT max(coalesce(a.actual_end, s.ends_at)) FROM assignment a JOIN shift s "
        "ON s.id = a.shift_id WHERE s.id = :s) AND EXISTS (SELECT 1 FROM incident_officer io "
        "JOIN assignment a ON a.officer_id = io.officer_id AND a.shift_id = :s "
        "WHERE io.incident_id = i.id))) ORDER BY i.occurred_at",
        s=shift_id,
    )
    assert len(incidents) >= 3
    positions = []
    for reference, occurred_at, category in incidents:
        row = next(line for line in lines if reference in line)
        assert row.startswith(_clock(occurred_at))
        assert category.split()[0] in row
        positions.append(page.index(reference))
    assert positions == sorted(positions)
    _inside_margins(pdf)


def test_open_items_list_open_and_handed_over_incidents_and_remarks_box(demo: Services) -> None:
    shift_id = _busy_bike_duty(demo)
    created = demo.incidents.create(_incident_draft(demo, shift_id)).value
    reference = created.reference
    demo.incidents.hand_over(created.id, None, None, "Halterermittlung")
    pdf = demo.reports.shift_summary(shift_id)
    page = _flat(_pages(pdf)[0])
    after = page.split(_flat("Offene Punkte und Übergabe"), 1)[1]
    assert _flat(f"{reference} (Ruhestörung): in Bearbeitung") in after
    assert _flat("übergeben an den Ermittlungsdienst als EA-") in after
    assert "Bemerkungen" in after and _flat("Unterschrift Streifenführer/in") in after


def test_a_long_place_and_description_wrap_inside_the_page(demo: Services) -> None:
    shift_id = _busy_bike_duty(demo)
    place = "Klosterinsel, Uferweg hinter der Straßenbrücke " + "am alten Bootshaus " * 6
    description = (
        "Gruppe von sechs Personen mit Musikbox auf der Wiese; nach Ansprache Lautstärke "
        "reduziert, später erneut laut. " * 12 + "Kennzeichen: " + "ABCDEFGH" * 14
    )
    incident = demo.incidents.create(
        _incident_draft(demo, shift_id, place=place.strip(), description=description)
    ).value

    summary = demo.reports.shift_summary(shift_id)
    _inside_margins(summary)
    assert _flat(place) in _flat(_pages(summary)[0])

    report = demo.reports.incident_report(incident.id)
    _inside_margins(report)
    assert _flat(description) in _flat("".join(_pages(report)))


def test_shift_summary_without_incidents_or_bikes_says_so(services: Services) -> None:
    area = next(a.id for a in services.masterdata.load().areas if a.name == "Innenstadt")
    shift = services.roster.create_shift(
        ShiftDraft(date(2026, 3, 2), time(6), time(14), ShiftKind.PATROL, area_id=area)
    ).value
    pages = _pages(services.reports.shift_summary(shift.id))
    assert len(pages) == 1
    assert "Keine Dienstkräfte eingeteilt." in pages[0]
    assert "Keine Dienstfahrräder gebucht." in pages[0]
    assert "Keine Vorkommnisse in diesem Dienst." in pages[0]
    assert "Montag, 02.03.2026" in pages[0] and "06:00–14:00 Uhr" in pages[0]


# ---------------------------------------------------------------- incident report


def _strike_lines(pdf: bytes, word: str) -> int:
    """How many horizontal lines cross ``word`` through its middle (a strike-through)."""
    with pdfplumber.open(BytesIO(pdf)) as doc:
        count = 0
        for page in doc.pages:
            for found in page.extract_words():
                if found["text"] != word:
                    continue
                middle_low = found["top"] + (found["bottom"] - found["top"]) * 0.25
                middle_high = found["bottom"] - (found["bottom"] - found["top"]) * 0.25
                count += sum(
                    1
                    for line in page.lines
                    if abs(line["top"] - line["bottom"]) < 0.5
                    and middle_low <= line["top"] <= middle_high
                    and line["x0"] <= found["x0"] + 1
                    and line["x1"] >= found["x1"] - 1
                )
        return count


def test_incident_report_crosses_out_a_corrected_note_and_shows_the_correction(
    demo: Services,
) -> None:
    shift_id = _busy_bike_duty(demo)
    incident = demo.incidents.create(_incident_draft(demo, shift_id)).value
    first = demo.incidents.add_note(incident.id, "Erstfassung: drei Personen vor Ort.").value
    demo.incidents.add_note(
        incident.id, "Zweitfassung: vier Personen vor Ort.", corrects_id=first.id
    )
    pdf = demo.reports.incident_report(incident.id)

    page = _pages(pdf)[0]
    assert "Vorkommnisbericht" in page and incident.reference in page
    assert "Erstfassung: drei Personen vor Ort." in page
    assert "Zweitfassung: vier Personen vor Ort." in page
    assert "Berichtigung des Vermerks vom" in page
    assert "Platzverweis" in page and "Lange Straße 12" in page
    assert _strike_lines(pdf, "Erstfassung:") == 1
    assert _strike_lines(pdf, "Zweitfassung:") == 0
    assert _strike_lines(pdf, "drei") == 1


PERSONS = (
    PersonDraft(PersonRole.AFFECTED, "Weißgerber", "Käthe", date(1990, 2, 3), "Mühlweg 4"),
    PersonDraft(PersonRole.WITNESS, "Özdemir", "Jürgen"),
)


def _with_persons(services: Services) -> str:
    shift_id = _busy_bike_duty(services)
    draft = _incident_draft(services, shift_id, officer_ids=(), persons=PERSONS)
    return services.incidents.create(draft).value.id


def _access_entries(services: Services, incident_id: str) -> list[Any]:
    return [
        e
        for e in services.audit.entries_for("incident_person", incident_id)
        if e.action == "view_personal_data"
    ]


def test_incident_report_redacts_persons_for_an_officer_not_on_the_incident(
    demo: Services,
) -> None:
    incident_id = _with_persons(demo)
    officer = Services.create(demo.context.db, "k-999", Role.OFFICER)
    pdf = officer.reports.incident_report(incident_id, "Akte")
    page = "".join(_pages(pdf))
    assert "Beteiligte Personen: 2 (geschwärzt – keine Berechtigung)" in page
    for name in ("Weißgerber", "Käthe", "Özdemir", "Jürgen", "Mühlweg", "03.02.1990"):
        assert name not in page
    assert _access_entries(demo, incident_id) == []


def test_incident_report_shows_persons_to_a_supervisor_and_logs_the_access(
    demo: Services,
) -> None:
    incident_id = _with_persons(demo)
    supervisor = Services.create(demo.context.db, "dgl", Role.SUPERVISOR)
    pdf = supervisor.reports.incident_report(incident_id)
    page = "".join(_pages(pdf))
    assert "Beteiligte Personen (personenbezogene Daten)" in page
    assert "Personenbezogene Daten – nur für den Dienstgebrauch" in page
    assert "Weißgerber, Käthe" in page and "03.02.1990" in page and "Mühlweg 4" in page
    assert "Özdemir, Jürgen" in page and "Zeuge/Zeugin" in page
    assert "geschwärzt" not in page
    entries = _access_entries(demo, incident_id)
    assert len(entries) == 1
    assert entries[0].actor == "dgl" and entries[0].reason == "Vorkommnisbericht"
    assert len(entries[0].after["person_ids"]) == 2


def test_a_long_incident_report_numbers_its_pages_and_repeats_the_header(
    demo: Services,
) -> None:
    shift_id = _busy_bike_duty(demo)
    incident = demo.incidents.create(_incident_draft(demo, shift_id)).value
    for number in range(1, 61):
        demo.incidents.add_note(incident.id, f"Vermerk Nummer {number}: Nachschau vor Ort.")
    pages = _pages(demo.reports.incident_report(incident.id))
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
        assert UNIT in page
    assert "Verfasser/in" in pages[1]  # the table header repeats on the next page
    assert "Vermerk Nummer 60:" in pages[-1]
    _inside_margins(demo.reports.incident_report(incident.id))


# ---------------------------------------------------------------- fonts and start-up


def test_names_print_exactly_in_the_shipped_font_and_read_back() -> None:
    assert pdf.FONT == "KODSans"  # DejaVu Sans from resources/fonts, not the Helvetica fallback
    names = "Yılmaz, Dąbrowski, Łukasz, Şahin – Größe, Straße"
    assert printable(names) == names
    header = ReportHeader("Demo-Station", "test", datetime.now(UTC))
    document = pdf.render_document([pdf.paragraph(pdf.text(names))], "Probe", header)
    assert names in "\n".join(_lines(document))
    assert b"DejaVuSans" in document  # the font travels inside the PDF


def test_without_the_font_names_are_transliterated_and_german_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "FONT", "Helvetica")
    assert printable("Größe, Äußeres – „Straße“") == "Größe, Äußeres – „Straße“"
    assert printable("Yılmaz, Dąbrowski, Łukasz, Şahin") == "Yilmaz, Dabrowski, Lukasz, Sahin"


def test_importing_the_report_service_loads_no_reportlab() -> None:
    code = (
        "import sys, kod_desk.services.reports as r; r.ReportService; "
        "print('reportlab' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
