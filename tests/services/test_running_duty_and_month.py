"""A running duty prints "seit 14:00 (läuft)"; the running month's statistics compare the same
days of the month before and say so, on the page's figures and in the PDF (issue 14 item 7)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
from incident_drafts import kiosk_incident
from pypdf import PdfReader

from kod_desk.domain import statistics as ds
from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.domain.reports import ReportHeader
from kod_desk.domain.roster import ShiftDraft
from kod_desk.domain.timeutil import local_to_utc
from kod_desk.services.registry import Services
from kod_desk.services.reports import month_report
from kod_desk.storage.repos import statistics as stats_repo


def _text(pdf: bytes) -> str:
    pages = PdfReader(BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


@pytest.mark.sqlite_only
def test_a_running_duty_prints_since_when_it_runs(services: Services) -> None:
    day = date(2026, 12, 7)
    area = next(a.id for a in services.masterdata.load().areas if a.name == "Bahnhofsumfeld")
    shift = services.roster.create_shift(
        ShiftDraft(day, time(14), time(22), ShiftKind.PATROL, area_id=area)
    ).value
    officers = []
    for number, name in (("K-1001", "Albers"), ("K-1002", "Brandt")):
        officer = services.masterdata.save_officer(OfficerDraft(number, name, "Eva")).value
        services.roster.assign(shift.id, officer.id, is_lead=not officers)
        officers.append(officer)
    begun = local_to_utc(day, time(14))
    for officer in officers:
        services.roster.record_actual(shift.id, officer.id, begun, None)

    summary = _text(services.reports.shift_summary(shift.id))
    assert "Zeit (Soll) 14:00–22:00 Uhr" in summary
    assert "Zeit (Ist) seit 14:00 (läuft)" in summary
    assert "läuft Uhr" not in summary and "–läuft" not in summary
    day_report = _text(services.reports.day_report(day))
    assert "Ist seit 14:00 (läuft)" in day_report
    assert "läuft Uhr" not in day_report

    services.roster.record_actual(shift.id, officers[0].id, begun, begun + timedelta(hours=8))
    services.roster.record_actual(shift.id, officers[1].id, begun, begun + timedelta(hours=8))
    assert "Zeit (Ist) 14:00–22:00 Uhr" in _text(services.reports.shift_summary(shift.id))


def _at(day: date, hour: int = 12) -> datetime:
    return local_to_utc(day, time(hour))


def test_the_running_month_compares_the_same_days_of_the_month_before(
    services: Services,
) -> None:
    # Five incidents in November 2025: three up to the 7th, two after it; two in December.
    for day in (1, 5, 7, 8, 28):
        kiosk_incident(services, occurred_at=_at(date(2025, 11, day)))
    for day in (2, 6):
        kiosk_incident(services, occurred_at=_at(date(2025, 12, day)))
    kiosk_incident(services, occurred_at=_at(date(2025, 11, 7), 23))  # 23:00 local still counts
    december = ds.StatisticsFilter.month(date(2025, 12, 1))

    running_now = _at(date(2025, 12, 7), 18)
    with services.db.read() as session:
        running = stats_repo.figures(session, december, running_now).comparison
        finished = stats_repo.figures(session, december, _at(date(2026, 1, 9))).comparison
        november = stats_repo.figures(
            session, ds.StatisticsFilter.month(date(2025, 11, 1)), running_now
        )
        part = stats_repo.figures(
            session, ds.StatisticsFilter(date(2025, 12, 1), date(2025, 12, 7)), running_now
        )

    assert running is not None and running.running
    assert (running.count, running.previous) == (2, 4)  # 1.–7. Dez. against 1.–7. Nov.
    assert running.label == "bis 07.12. (laufender Monat)"
    assert running.previous_label == "Vormonat bis 07.11."
    assert running.change == "−2 (−50,0 %)"
    assert finished is not None and not finished.running
    assert (finished.count, finished.previous) == (2, 6)  # whole months once December is over
    assert finished.label == "" and finished.previous_label == "Vormonat"
    assert november.comparison is not None and not november.comparison.running
    assert part.comparison is None  # only a whole month is compared

    with services.db.read() as session:
        figures = stats_repo.figures(session, december, running_now)
    header = ReportHeader("Teststation", "test", running_now)
    text = _text(month_report.render(figures, header))
    assert "Monatsstatistik Dezember 2025 bis 07.12. (laufender Monat)" in text
    assert "Zum Vormonat bis 07.11. −2 (−50,0 %)" in text
    with services.db.read() as session:
        done = stats_repo.figures(session, december, _at(date(2026, 1, 9)))
    text = _text(month_report.render(done, header))
    assert "laufender Monat" not in text
    assert "Zum Vormonat −4 (−66,7 %)" in text
