"""How much a quick-entry save reads, and what the Vorkommnisse page reads to show it.

Counts the SELECT statements sent to SQLite for the save (service) and for the refresh its
Changes cause on the Vorkommnisse page; prints both (``pytest -s``). Before issue 15 the save
sent 13 SELECTs (it built a full IncidentDetail nobody read) and the refresh 6 (the four
master-data lists of the filter bar again, then count and rows); now 7 and 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from kod_desk.domain.changes import Entity
from kod_desk.domain.enums import CatalogKind, IncidentSource
from kod_desk.domain.incidents import IncidentDraft
from kod_desk.domain.timeutil import utcnow
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.incidents_page import IncidentsPage

SAVE_SELECTS = 7  # catalogue, officers, area, reference, audit head and chain, FTS
REFRESH_SELECTS = 2  # the count of the filter and the block on screen


class Statements:
    def __init__(self) -> None:
        self.sql: list[str] = []

    @property
    def selects(self) -> list[str]:
        return [s for s in self.sql if s.lstrip().upper().startswith(("SELECT", "WITH"))]


@contextmanager
def counted(services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[Statements]:
    """Every statement sent through the engine or Database.read_one while the block runs."""
    seen = Statements()
    engine = services.db.engine

    def before(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        seen.sql.append(statement)

    read_one = services.db.read_one

    def counting_read_one(statement: str, parameters: Any) -> list[Any]:
        seen.sql.append(statement)
        return read_one(statement, parameters)

    event.listen(engine, "before_cursor_execute", before)
    monkeypatch.setattr(services.db, "read_one", counting_read_one)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
        monkeypatch.setattr(services.db, "read_one", read_one)


def test_a_quick_entry_save_and_the_list_refresh_read_little(
    qtbot: Any, services: Services, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    DemoService(services.context).populate(incidents=300, seed=5)
    bus = ChangeBus()
    page = IncidentsPage(settings, bus)
    bus.changed.connect(page.on_changes)
    heard: list[Any] = []
    bus.changed.connect(heard.append)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.attach(services)
    page.show()
    page.activate()
    before_total = page.model.rowCount()
    area = services.masterdata.areas()[0]
    category = services.masterdata.catalog(CatalogKind.INCIDENT_CATEGORY)[0]
    draft = IncidentDraft(
        occurred_at=utcnow() - timedelta(minutes=5),
        area_id=area.id,
        category_id=category.id,
        source=IncidentSource.PATROL,
        place="Großflecken 1",
        description="Fahrrad quer über dem Gehweg, Halter angesprochen.",
    )

    with counted(services, monkeypatch) as save:
        result = services.incidents.create(draft)
    with counted(services, monkeypatch) as refresh:
        page.publish(result)

    print(f"\nSELECTs: save {len(save.selects)}, list refresh {len(refresh.selects)}")  # noqa: T201
    # What the user sees: the new incident is the list's first row, counted.
    assert page.model.rowCount() == before_total + 1
    first = page.model.row_at(0)
    assert first is not None and first.reference == result.value.reference
    assert result.changes.ids(Entity.INCIDENTS) == {result.value.id}
    assert heard[-1].origin is page  # every page can tell who made the change
    # ... and what it cost: no master data read again, no detail built for nobody.
    assert len(save.selects) <= SAVE_SELECTS, save.selects
    assert len(refresh.selects) <= REFRESH_SELECTS, refresh.selects
    assert not any("FROM area" in s and "incident" not in s for s in refresh.selects)
