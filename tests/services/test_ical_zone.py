"""The .ics time-zone block (issue 14, item 9): the transitions RFC 5545 asks for, checked by a
second parser (python-dateutil's tzical reads the VTIMEZONE itself, not the TZID)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz
from icalendar import Calendar

from kod_desk.services.ical_zone import vtimezone
from kod_desk.services.registry import Services
from tests.services.test_roster_io import csv, staff

BERLIN = ZoneInfo("Europe/Berlin")


def block(text: str) -> str:
    return text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE") + 13]


def test_the_block_names_each_change_in_the_local_time_it_leaves() -> None:
    text = vtimezone(BERLIN, 2026, 2026).to_ical().decode().replace("\r\n", "\n")
    observances = text.split("BEGIN:")[2:]
    assert [o.split("\n")[0] for o in observances] == ["STANDARD", "DAYLIGHT", "STANDARD"]
    start, spring, autumn = observances
    # 1 January: CET already, so dates before the first change are covered too.
    assert "DTSTART:20260101T000000\n" in start and "TZOFFSETTO:+0100\n" in start
    # 02:00 CET becomes 03:00 CEST; 03:00 CEST becomes 02:00 CET.
    assert "DTSTART:20260329T020000\n" in spring
    assert "TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n" in spring and "TZNAME:CEST" in spring
    assert "DTSTART:20261025T030000\n" in autumn
    assert "TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n" in autumn and "TZNAME:CET" in autumn


def test_a_second_parser_reads_ten_years_as_the_tz_database() -> None:
    text = vtimezone(BERLIN, 2024, 2033).to_ical().decode()
    parsed = tz.tzical(io.StringIO(text)).get("Europe/Berlin")
    moments = []
    day = datetime(2024, 1, 1, tzinfo=UTC)
    while day.year < 2034:
        following = day + timedelta(days=1)
        if day.astimezone(BERLIN).utcoffset() != following.astimezone(BERLIN).utcoffset():
            moments += [day + timedelta(minutes=15 * i) for i in range(96)]  # the change's day
        else:
            moments.append(day + timedelta(hours=12))
        day = following
    assert len(moments) > 3650 + 20 * 95  # two changes a year were found and walked
    wrong = []
    for moment in moments:
        theirs, ours = moment.astimezone(parsed), moment.astimezone(BERLIN)
        if (theirs.replace(tzinfo=None), theirs.utcoffset()) != (
            ours.replace(tzinfo=None),
            ours.utcoffset(),
        ):
            wrong.append(f"{moment:%Y-%m-%d %H:%M} UTC: {theirs} statt {ours}")
    assert wrong == []


@pytest.mark.sqlite_only
def test_duties_across_the_changes_come_out_at_the_right_instant(
    services: Services, db_path: Path
) -> None:
    staff(services)
    io_service = services.roster_io
    io_service.import_csv(
        csv(
            "15.01.2026;08:00;16:00;K-1;Innendienst;",  # before the first change of the year
            "28.03.2026;22:00;06:00;K-1;Streife;Innenstadt",  # 7 h: the spring night
            "29.03.2026;02:30;10:00;K-1;Innendienst;",  # 02:30 does not exist: 03:30 CEST
            "24.10.2026;22:00;06:00;K-1;Streife;Innenstadt",  # 9 h: the autumn night
            "25.10.2026;02:30;10:00;K-1;Innendienst;",  # 02:30 twice: the first, CEST
        )
    )
    data = io_service.export_ical("K-1", date(2026, 1, 1), date(2026, 12, 31)).decode()
    assert data.count("BEGIN:VTIMEZONE") == 1
    zone = tz.tzical(io.StringIO(block(data))).get("Europe/Berlin")
    planned = {
        s.id: (s.starts_at, s.ends_at)
        for s in services.roster.period(date(2026, 1, 1), date(2026, 12, 31)).shifts
    }
    read = {}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        # The wall-clock values as written, placed by the file's own VTIMEZONE.
        start, end = (
            event.decoded(name).replace(tzinfo=None).replace(tzinfo=zone).astimezone(UTC)
            for name in ("DTSTART", "DTEND")
        )
        read[str(event["UID"]).removesuffix("@kod-desk")] = (start, end)
    assert read == planned
    assert sorted((end - start) for start, end in read.values()) == [
        timedelta(hours=6, minutes=30),  # 03:30 CEST to 10:00 on 29 March
        timedelta(hours=7),
        timedelta(hours=8),
        timedelta(hours=8, minutes=30),  # 02:30 CEST to 10:00 CET on 25 October
        timedelta(hours=9),
    ]
