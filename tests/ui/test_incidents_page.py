"""The Vorkommnisse page on a demo database: lazy list, count, search, detail, notes, status."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.incidents import IncidentFilter
from kod_desk.domain.text import german_int, german_sort_key
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog
from kod_desk.ui.dialogs.incident_forms import CorrectNoteDialog, HandOverDialog, StatusDialog
from kod_desk.ui.models.incident_model import BLOCK, MAX_BLOCKS
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.incidents_page import IncidentsPage

AREA_COLUMN = 2
PLACE_COLUMN = 5
STATUS_COLUMN = 6
SUMMARY_COLUMN = 7
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


def test_list_is_windowed_counts_and_pages_without_gaps(
    page: IncidentsPage, services: Services, qtmodeltester: Any
) -> None:
    model = page.model
    # Every row has its place in the scroll bar; only what was painted is in memory.
    assert model.rowCount() == TOTAL
    assert 0 < model.loaded_rows <= 3 * BLOCK
    assert page.count_label.text() == f"{german_int(TOTAL)} Vorkommnisse" == "1.200 Vorkommnisse"
    assert services.incidents.count(IncidentFilter()) == TOTAL
    model.max_blocks = 3  # at 1,200 rows the default (MAX_BLOCKS) would hold them all
    rows = [model.row_at(n) for n in range(TOTAL)]
    assert len({r.id for r in rows}) == TOTAL  # windows neither repeat nor skip
    times = [r.occurred_at for r in rows]
    assert times == sorted(times, reverse=True)  # newest first
    assert model.loaded_rows <= 3 * BLOCK < TOTAL  # old blocks were let go
    assert MAX_BLOCKS * BLOCK < 5_000
    assert model.index(0, 1).data().startswith("VK-")
    assert model.headerData(7, Qt.Orientation.Horizontal) == "Kurztext"
    qtmodeltester.check(model)


def test_scrolling_to_the_end_shows_the_oldest_incident(page: IncidentsPage, qtbot: Any) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = page.table.currentIndex()
    assert last.row() == TOTAL - 1
    oldest = page.model.row_at(TOTAL - 1)
    assert oldest is not None
    assert page.table.visualRect(last).isValid()  # on screen
    assert all(oldest.occurred_at <= page.model.row_at(n).occurred_at for n in range(0, TOTAL, 97))


def test_header_click_sorts_in_the_database(page: IncidentsPage, qtbot: Any) -> None:
    header = page.table.horizontalHeader()

    def click(column: int) -> None:
        qtbot.mouseClick(
            header.viewport(),
            Qt.MouseButton.LeftButton,
            pos=QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2),
        )

    click(AREA_COLUMN)
    names = [page.model.row_at(n).area_name for n in range(TOTAL)]
    assert names == sorted(names, key=german_sort_key)
    assert len(set(names)) > 1
    first_area = [page.model.row_at(n) for n in range(names.count(names[0]))]
    assert [r.occurred_at for r in first_area] == sorted(
        (r.occurred_at for r in first_area), reverse=True
    )  # newest first inside an area
    click(AREA_COLUMN)  # again: the other way round
    assert page.model.row_at(0).area_name == names[-1]
    assert header.sortIndicatorSection() == AREA_COLUMN
    click(SUMMARY_COLUMN)  # the short text is not sortable: the arrow stays on the area
    assert header.sortIndicatorSection() == AREA_COLUMN
    assert page.model.row_at(0).area_name == names[-1]
    click(PLACE_COLUMN)
    places = [page.model.row_at(n).place for n in range(TOTAL)]
    assert places == sorted(places, key=german_sort_key)


def test_filters_by_measure_and_by_officer(page: IncidentsPage, services: Services) -> None:
    combo = page.measure_combo
    assert combo.itemText(0) == "alle" and combo.count() > 2
    combo.setCurrentIndex(1)
    measure = combo.currentData()
    expected = services.incidents.count(IncidentFilter(measure_id=measure))
    assert 0 < page.model.rowCount() == expected < TOTAL
    detail = services.incidents.get(page.model.row_at(0).id)
    assert measure in {measure_id for measure_id, _name in detail.measures}
    combo.setCurrentIndex(0)
    officers = page.officer_combo
    with_incidents = next(
        n
        for n in range(1, officers.count())
        if services.incidents.count(IncidentFilter(officer_id=officers.itemData(n)))
    )
    officers.setCurrentIndex(with_incidents)
    officer = officers.currentData()
    assert page.model.rowCount() == services.incidents.count(IncidentFilter(officer_id=officer))
    detail = services.incidents.get(page.model.row_at(0).id)
    assert officer in {officer_id for officer_id, _name in detail.officers}


def test_full_text_search_narrows_rows_and_count(
    page: IncidentsPage, services: Services, qtbot: Any
) -> None:
    word = "Fahrrad"
    expected = services.incidents.count(IncidentFilter(text=word))
    assert 0 < expected < TOTAL
    qtbot.keyClicks(page.search_edit, word)
    # Debounced: the list follows shortly after typing stops.
    qtbot.waitUntil(lambda: page.model.rowCount() == expected, timeout=3000)
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
    qtbot.waitUntil(lambda: page.model.rowCount() == TOTAL, timeout=3000)
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


def test_sorting_by_place_over_the_limit_says_why_and_keeps_time_order(
    page: IncidentsPage, monkeypatch: Any
) -> None:
    from kod_desk.domain import incident_list

    monkeypatch.setattr(incident_list, "FREE_SORT_LIMIT", TOTAL - 1)
    header = page.table.horizontalHeader()
    header.setSortIndicator(PLACE_COLUMN, Qt.SortOrder.AscendingOrder)
    assert not page.sort_hint.isHidden()
    assert "Nach Ort lässt sich sortieren" in page.sort_hint.text()
    assert header.sortIndicatorSection() == 0  # the arrow is back on the time
    times = [page.model.row_at(n).occurred_at for n in range(50)]
    assert times == sorted(times, reverse=True)
    page.status_combo.setCurrentIndex(1)  # a filter: the hint goes
    assert page.sort_hint.isHidden()


def test_a_search_of_too_many_words_says_why_and_keeps_the_list(
    page: IncidentsPage, qtbot: Any
) -> None:
    assert page.search_edit.maxLength() == 200
    page.search_edit.setText(" ".join(f"w{n}" for n in range(25)))
    page.apply_filter()
    assert not page.sort_hint.isHidden()
    assert page.sort_hint.text() == "Suche: höchstens 20 Suchwörter (angegeben: 25)."
    assert page.model.rowCount() == TOTAL  # the list stays as it was
    page.search_edit.clear()
    page.apply_filter()
    assert page.sort_hint.isHidden()
