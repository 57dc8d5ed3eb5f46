"""The Statistik page says when the month is still running and compares the same days of the
month before (issue 14 item 7), counted against plain SQL on the demo database."""

from __future__ import annotations

from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kod_desk.domain import statistics as ds
from kod_desk.domain.timeutil import to_local, utcnow
from kod_desk.services.startup import open_database
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.statistics_page import StatisticsPage
from kod_desk.ui.settings import Settings
from tests import raw_sql

BERLIN, UTC = ZoneInfo("Europe/Berlin"), ZoneInfo("UTC")


def _count(path: Path, first: date, last: date) -> int:
    end = date.fromordinal(last.toordinal() + 1)
    with closing(raw_sql.connect(path)) as connection:
        return int(
            connection.execute(
                "SELECT count(*) FROM incident WHERE deleted_at IS NULL "
                "AND occurred_at >= ? AND occurred_at < ?",
                (raw_sql.stored_midnight(first), raw_sql.stored_midnight(end)),
            ).fetchone()[0]
        )


def test_this_month_says_it_is_running_and_compares_the_same_days(
    qtbot: Any, demo_db: Path, settings: Settings
) -> None:
    services = open_database(str(demo_db)).services
    page = StatisticsPage(settings, ChangeBus())
    qtbot.addWidget(page)
    page.attach(services)
    page.resize(1090, 740)  # the page's share of a 1280 × 800 window
    page.show()
    qtbot.waitExposed(page)
    try:
        with qtbot.waitSignal(page.computed, timeout=30_000):
            page.activate()
        qtbot.waitUntil(lambda: not page.busy and page.figures is not None)
        today = to_local(utcnow()).date()
        _through, previous_through, running = ds.comparison_days(today, today)
        before = ds.add_months(today, -1)
        previous = _count(demo_db, before, previous_through)
        this_month = _count(demo_db, ds.month_start(today), today)

        assert running
        label = f"bis {today:%d.%m.} (laufender Monat)"
        assert page.tiles.incidents_tile.caption.text() == f"Vorkommnisse {label}"
        assert page.status_label.text().endswith(f"{label}: {this_month} Vorkommnisse.")
        detail = page.tiles.incidents_tile.detail.text().splitlines()[0]
        assert detail.startswith(f"Vormonat bis {previous_through:%d.%m.}: {previous} (")
        assert page.tiles.incidents_tile.value.text() == str(this_month)
        assert page.width() <= 1090  # the longer caption does not widen the page
    finally:
        services.close()
