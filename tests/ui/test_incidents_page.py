"""The Vorkommnisse page on a demo database: lazy list, count, search, detail, notes, status."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.incident_detail_dialog import (
    CorrectNoteDialog,
    HandOverDialog,
    IncidentDetailDialog,
    StatusDialog,
)
from kod_desk.ui.models.incident_model import PAGE_SIZE
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.incidents_page import IncidentsPage, german_number

STATUS_COLUMN = 6
TOTAL = 1200


@pytest.fixture
def page(qtbot: Any, services: Services, settings: Any) -> IncidentsPage:
    DemoService(services.context).populate(incidents=TOTAL, seed=3)
    bus = ChangeBus()
    incidents = IncidentsPage(settings, bus)
    bus.changed.connect(incidents.on_changes)
    qtbot.addWidget(incidents)
    incidents.resize(1366, 768)
    incidents.attach(services)
    incidents.show()
    incidents.activate()
    return incidents


def open_first(page: IncidentsPage, qtbot: Any, **where: Any) -> IncidentDetailDialog:
    """Select the first row matching ``where`` and press Enter on the table."""
    assert page.table.select_where(
        lambda r: all(getattr(r, key) == value for key, value in where.items())
    )
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.current_dialog
    assert isinstance(dialog, IncidentDetailDialog) and dialog.isVisible()
    return dialog


def save(qtbot: Any, dialog: Any) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_list_loads_lazily_and_counts(
    page: IncidentsPage, services: Services, qtmodeltester: Any
) -> None:
    model = page.model
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    assert page.count_label.text() == f"{german_number(TOTAL)} Vorkommnisse" == "1.200 Vorkommnisse"
    assert services.incidents.count(IncidentFilter()) == TOTAL
    times = [model.row_at(n).occurred_at for n in range(model.rowCount())]
    assert times == sorted(times, reverse=True)  # the server's order, newest first
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * PAGE_SIZE
    model.fetchMore(QModelIndex())
    assert model.rowCount() == TOTAL
    assert not model.canFetchMore(QModelIndex())
    ids = {model.row_at(n).id for n in range(model.rowCount())}
    assert len(ids) == TOTAL  # keyset paging neither repeats nor skips
    assert model.index(0, 1).data().startswith("VK-")
    assert model.headerData(7, Qt.Orientation.Horizontal) == "Kurztext"
    qtmodeltester.check(model)


def test_lazy_model_passes_the_model_tester_while_fetching(
    page: IncidentsPage, qtmodeltester: Any
) -> None:
    # The tester itself calls fetchMore; all rows must stay consistent while pages arrive.
    qtmodeltester.check(page.model, force_py=True)
    assert page.model.rowCount() >= PAGE_SIZE


def test_view_fetches_more_when_scrolled_to_the_end(page: IncidentsPage, qtbot: Any) -> None:
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > PAGE_SIZE, timeout=3000)


def test_full_text_search_narrows_rows_and_count(
    page: IncidentsPage, services: Services, qtbot: Any
) -> None:
    word = "Fahrrad"
    expected = services.incidents.count(IncidentFilter(text=word))
    assert 0 < expected < TOTAL
    qtbot.keyClicks(page.search_edit, word)
    # Debounced: the list follows shortly after typing stops.
    qtbot.waitUntil(lambda: page.model.rowCount() == min(expected, PAGE_SIZE), timeout=3000)
    assert page.count_label.text() == f"{expected} Vorkommnisse"
    # Filters combine with the search; "alle" lifts them again.
    page.status_combo.setCurrentIndex(page.status_combo.findData(IncidentStatus.OPEN.value))
    open_count = services.incidents.count(
        IncidentFilter(text=word, statuses=frozenset({IncidentStatus.OPEN}))
    )
    assert page.model.rowCount() == open_count
    assert all(page.model.row_at(n).status is IncidentStatus.OPEN for n in range(open_count))
    page.status_combo.setCurrentIndex(0)
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == PAGE_SIZE, timeout=3000)
    assert page.count_label.text() == "1.200 Vorkommnisse"


def test_enter_opens_detail_notes_correction_and_close(
    page: IncidentsPage, services: Services, qtbot: Any
) -> None:
    dialog = open_first(page, qtbot, status=IncidentStatus.OPEN)
    incident_id = dialog.detail.id
    row = dialog.detail.row
    header = dialog.header_label.text()
    assert row.reference in header and row.area_name in header
    assert dialog.description_view.toPlainText() == dialog.detail.description
    before = len(dialog.detail.notes)

    # An empty note is refused with the German message; nothing is written.
    assert not dialog.add_note()
    assert "Vermerk: Bitte einen Text eingeben." in dialog.note_error_label.text()
    assert not dialog.note_error_label.isHidden()
    dialog.note_edit.setPlainText("Anwohner erneut angesprochen, Hinweis gegeben.")
    qtbot.mouseClick(dialog.add_note_button, Qt.MouseButton.LeftButton)
    assert len(dialog.detail.notes) == before + 1
    assert dialog.note_edit.toPlainText() == ""
    assert dialog.note_error_label.isHidden()
    note = next(n for n in dialog.detail.notes if n.text.startswith("Anwohner erneut"))
    assert not note.is_corrected

    assert dialog.select_note(note.id)
    correction = dialog.correct_selected()
    assert isinstance(correction, CorrectNoteDialog)
    correction.text_edit.setPlainText("Anwohnerin erneut angesprochen, Hinweis gegeben.")
    save(qtbot, correction)
    assert dialog.current_dialog is None
    shown = dialog.note_texts()
    struck = [t for t in shown if "<s>Anwohner erneut" in t]
    assert len(struck) == 1 and "(korrigiert)" in struck[0]
    # The correction follows right below the note it corrects.
    position = shown.index(struck[0])
    assert "Anwohnerin erneut" in shown[position + 1] and "Korrektur" in shown[position + 1]

    status = dialog.change_status()
    assert isinstance(status, StatusDialog)
    status.set_status(IncidentStatus.CLOSED)
    save(qtbot, status)
    assert dialog.current_dialog is status  # the outcome is missing: stays open
    assert "Ergebnis" in status.error_text()
    status.outcome_edit.setPlainText("Verwarnung ausgesprochen, erledigt.")
    save(qtbot, status)
    assert dialog.current_dialog is None
    assert dialog.detail.row.status is IncidentStatus.CLOSED
    assert not dialog.status_button.isEnabled()
    assert services.incidents.get(incident_id).outcome == "Verwarnung ausgesprochen, erledigt."

    # The page refreshed from the published Changes.
    number = page.model.index_of(incident_id)
    assert number >= 0
    assert page.model.index(number, STATUS_COLUMN).data() == "abgeschlossen"
    dialog.reject()
    assert page.current_dialog is None


def test_hand_over_to_investigation(page: IncidentsPage, services: Services, qtbot: Any) -> None:
    dialog = open_first(page, qtbot, status=IncidentStatus.OPEN)
    hand_over = dialog.hand_over()
    assert isinstance(hand_over, HandOverDialog)
    assert hand_over.department_combo.count() > 1
    hand_over.department_combo.setCurrentIndex(1)
    hand_over.subject_edit.clear()
    save(qtbot, hand_over)
    assert "Gegenstand" in hand_over.error_text()
    hand_over.subject_edit.setText("Halteranfrage und Anhörung")
    save(qtbot, hand_over)
    assert dialog.current_dialog is None
    assert dialog.detail.row.status is IncidentStatus.IN_PROGRESS
    assert dialog.detail.cases and dialog.detail.cases[0].reference.startswith("EA-")
    assert dialog.detail.cases[0].reference in dialog.header_label.text()
    number = page.model.index_of(dialog.detail.id)
    assert page.model.index(number, STATUS_COLUMN).data() == "in Bearbeitung"
