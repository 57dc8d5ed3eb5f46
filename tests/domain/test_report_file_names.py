"""Report file names that say what is in them and never overwrite each other; the running
month compared day for day (issue 14 item 7)."""

from __future__ import annotations

import re
from datetime import date, time

import pytest

from kod_desk.domain import statistics as ds
from kod_desk.domain.enums import ShiftKind
from kod_desk.domain.reports import file_name_part, report_file_name, shift_report_file_names
from kod_desk.domain.roster import RosterShift
from kod_desk.domain.timeutil import local_to_utc

DAY = date(2026, 12, 7)
WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def _shift(
    shift_id: str, kind: ShiftKind, area: str, start: time, end: time, day: date = DAY
) -> RosterShift:
    next_day = day if end > start else date.fromordinal(day.toordinal() + 1)
    return RosterShift(
        id=shift_id,
        duty_date=day,
        kind=kind,
        area_id=None,
        area=area,
        template_id=None,
        label="",
        starts_at=local_to_utc(day, start),
        ends_at=local_to_utc(next_day, end),
        break_minutes=None,
        min_staff=2,
        note="",
        version=1,
    )


def test_the_name_says_date_kind_area_and_times() -> None:
    late = _shift("a", ShiftKind.PATROL, "Bahnhofsumfeld", time(14), time(22))
    night = _shift("b", ShiftKind.BIKE_PATROL, "Stadtpark Nord", time(22), time(6))
    office = _shift("c", ShiftKind.OFFICE, "", time(7, 30), time(16))
    names = shift_report_file_names([late, night, office])
    assert names == {
        "a": "Schichtbericht_2026-12-07_Streife_Bahnhofsumfeld_14-22.pdf",
        "b": "Schichtbericht_2026-12-07_Radstreife_Stadtpark-Nord_22-06.pdf",
        "c": "Schichtbericht_2026-12-07_Innendienst_0730-1600.pdf",
    }


def test_two_duties_of_a_day_never_share_a_name() -> None:
    first = _shift("a", ShiftKind.PATROL, "Innenstadt", time(14), time(22))
    twin = _shift("b", ShiftKind.PATROL, "Innenstadt", time(14), time(22))
    other_area = _shift("c", ShiftKind.PATROL, "Klosterinsel", time(14), time(22))
    early = _shift("d", ShiftKind.PATROL, "Innenstadt", time(6), time(14))
    names = shift_report_file_names([first, twin, other_area, early])
    assert len({n.casefold() for n in names.values()}) == 4
    assert names["a"] == "Schichtbericht_2026-12-07_Streife_Innenstadt_14-22.pdf"
    assert names["b"] == "Schichtbericht_2026-12-07_Streife_Innenstadt_14-22_2.pdf"


@pytest.mark.parametrize(
    "area", ['Unterführung "Nord"/Süd: Tor?', "Hof*<>|\\\x07", "   ", "a_b", "CON", "x" * 200]
)
def test_names_are_safe_on_windows(area: str) -> None:
    shift = _shift("a", ShiftKind.JOINT_PATROL_POLICE, area, time(18), time(2))
    name = shift_report_file_names([shift])["a"]
    assert not WINDOWS_FORBIDDEN.search(name)
    assert name.startswith("Schichtbericht_2026-12-07_Gemeinsame-Streife-Polizei_")
    assert name.endswith("_18-02.pdf") and len(name) < 120
    assert not any(part.endswith((".", " ")) for part in name[:-4].split("_"))


def test_other_reports_use_the_same_safe_parts() -> None:
    assert report_file_name("Vorkommnisbericht", "VK-2026-000301") == (
        "Vorkommnisbericht_VK-2026-000301.pdf"
    )
    assert report_file_name("Fahrtenbuch", "R/07", "2026-12-01") == (
        "Fahrtenbuch_R-07_2026-12-01.pdf"
    )
    assert file_name_part("..Bahnhof ..") == "Bahnhof"


# ---------------------------------------------------------------- running month


def test_the_running_month_compares_the_same_days_of_the_month_before() -> None:
    assert ds.comparison_days(date(2026, 12, 1), date(2026, 12, 7)) == (
        date(2026, 12, 7),
        date(2026, 11, 7),
        True,
    )
    # 31 March against all of February (it has no 29th–31st).
    assert ds.comparison_days(date(2027, 3, 1), date(2027, 3, 31)) == (
        date(2027, 3, 31),
        date(2027, 2, 28),
        True,
    )
    # January against December of the year before.
    assert ds.comparison_days(date(2027, 1, 1), date(2027, 1, 15))[1] == date(2026, 12, 15)


def test_a_finished_month_compares_whole_months() -> None:
    assert ds.comparison_days(date(2026, 11, 1), date(2026, 12, 7)) == (
        date(2026, 11, 30),
        date(2026, 10, 31),
        False,
    )
    assert ds.comparison_days(date(2027, 1, 1), date(2026, 12, 7))[2] is False  # not yet begun


def test_the_labels_say_which_days_are_compared() -> None:
    running = ds.MonthComparison(
        month=date(2026, 12, 1),
        through=date(2026, 12, 7),
        previous_through=date(2026, 11, 7),
        running=True,
        count=31,
        previous=40,
    )
    assert running.label == "bis 07.12. (laufender Monat)"
    assert running.previous_label == "Vormonat bis 07.11."
    assert running.change == "−9 (−22,5 %)"
    finished = ds.MonthComparison(
        date(2026, 11, 1), date(2026, 11, 30), date(2026, 10, 31), False, 1210, 1000
    )
    assert finished.label == "" and finished.previous_label == "Vormonat"
    assert finished.change == "+210 (+21,0 %)"
    empty = ds.MonthComparison(
        date(2026, 11, 1), date(2026, 11, 30), date(2026, 10, 31), False, 5, 0
    )
    assert empty.change == "–"


def test_statistics_of_a_whole_month_only_are_compared() -> None:
    assert ds.is_whole_month(date(2026, 12, 1), date(2026, 12, 31))
    assert not ds.is_whole_month(date(2026, 12, 1), date(2026, 12, 7))
