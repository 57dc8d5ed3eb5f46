"""The Ermittlungen page on demo data: keyboard entry, overdue rows, status, incident link."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from kod_desk.domain.enums import CaseStatus
from kod_desk.services.demo import DemoService
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.case_dialog import CaseDialog, CaseStatusDialog
from kod_desk.ui.dialogs.incident_detail_dialog import IncidentDetailDialog
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.cases_page import DUE_COLUMN, CasesPage, berlin_today


def make_page(qtbot: Any, services: Services, settings: Any) -> CasesPage:
    bus = ChangeBus()
    page = CasesPage(settings, bus)
    bus.changed.connect(page.on_changes)
    qtbot.addWidget(page)
    page.resize(1600, 900)
    page.attach(services)
    page.show()
    page.activate()
    return page


@pytest.fixture
def page(qtbot: Any, services: Services, settings: Any) -> CasesPage:
    DemoService(services.context).populate(incidents=60, seed=5)
    return make_page(qtbot, services, settings)


def shown_texts(page: CasesPage, column: int) -> list[str]:
    proxy = page.table.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def choose(combo: QComboBox, text: str) -> None:
    index = combo.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_new_case_with_the_keyboard_alone(page: CasesPage, qtbot: Any) -> None:
    before = len(page.rows())
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    dialog = page.current_dialog
    assert isinstance(dialog, CaseDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Neuer Ermittlungsauftrag"
    # Every key goes to whatever has the focus, as it would for a user.
    assert dialog.focusWidget() is dialog.department_combo
    # Typing on the closed combo picks the department by its first letters.
    qtbot.keyClicks(dialog.focusWidget(), "Melde")
    assert dialog.department_combo.currentText() == "Meldebehörde"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.subject_edit
    qtbot.keyClicks(dialog.focusWidget(), "Scheinanmeldung Testfall Lindenweg")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.address_edit
    qtbot.keyClicks(dialog.focusWidget(), "Lindenweg 3")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # Enter saves

    assert not dialog.isVisible()
    assert len(page.rows()) == before + 1
    row = page.selected_row()
    assert row is not None and row.subject == "Scheinanmeldung Testfall Lindenweg"
    assert row.department_name == "Meldebehörde"
    assert row.status is CaseStatus.OPEN
    assert row.reference.startswith(f"EA-{berlin_today().year}-")
    assert row.address in shown_texts(page, 5)
    assert page.count_label.text().startswith(f"{before + 1} Aufträge")


def test_refused_case_keeps_the_dialog_open_with_the_field_named(
    page: CasesPage, qtbot: Any
) -> None:
    dialog = page.new_case()
    assert dialog is not None
    dialog.address_edit.setFocus()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Gegenstand: Bitte angeben, was zu ermitteln ist." in dialog.error_text()
    assert "Anfordernde Stelle:" in dialog.error_text()
    assert dialog.focusWidget() is dialog.department_combo


def test_overdue_rows_say_how_late_they_are(page: CasesPage, services: Services) -> None:
    today = berlin_today()
    late = [r for r in page.rows() if r.is_overdue(today)]
    assert late, "the demo data has overdue cases"
    model = page.model
    for number, row in enumerate(model.rows()):
        text = model.index(number, DUE_COLUMN).data()
        background = model.index(number, 0).data(Qt.ItemDataRole.BackgroundRole)
        days = row.days_overdue(today)
        if days:
            word = "Tag" if days == 1 else "Tage"
            assert text.endswith(f"· {days} {word} überfällig")
            assert background is not None
        else:
            assert "überfällig" not in text
            assert background is None
    # Sorted by due date: the overdue ones are on top.
    first = page.table.proxy.index(0, DUE_COLUMN).data()
    assert "überfällig" in first
    assert page.count_label.text().endswith(f"davon {len(late)} überfällig")
    page.overdue_check.setChecked(True)
    assert {r.id for r in page.rows()} == {r.id for r in late}
    assert all("überfällig" in text for text in shown_texts(page, DUE_COLUMN))


def test_close_a_case_with_a_result(page: CasesPage, services: Services, qtbot: Any) -> None:
    target = next(r for r in page.rows() if r.status is CaseStatus.IN_PROGRESS)
    assert page.select_case(target.id)
    qtbot.mouseClick(page.status_button, Qt.MouseButton.LeftButton)
    dialog = page.current_dialog
    assert isinstance(dialog, CaseStatusDialog)
    assert dialog.selected_status() is CaseStatus.DONE  # the only way on from in progress
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Ergebnis: Zum Erledigen bitte das Ergebnis angeben." in dialog.error_text()
    qtbot.keyClicks(dialog.text_edit, "Person angetroffen, Bescheid zugestellt.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    # "unerledigt" is the default filter: the done case leaves the list …
    assert target.id not in {r.id for r in page.rows()}
    # … and shows up, grey and with its result, among the done ones.
    choose(page.status_combo, "erledigt")
    done = next(r for r in page.rows() if r.id == target.id)
    assert done.result == "Person angetroffen, Bescheid zugestellt."
    assert services.cases.get(target.id).status is CaseStatus.DONE


def test_stale_edit_is_refused_in_the_dialog(
    page: CasesPage, services: Services, qtbot: Any
) -> None:
    row = page.rows()[0]
    assert page.select_case(row.id)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.current_dialog
    assert isinstance(dialog, CaseDialog) and dialog.case == row
    # Someone else saves the same case meanwhile.
    services.cases.update(row.id, replace(row.as_draft(), address="Anderswo 1"))
    dialog.address_edit.setText("Meine Anschrift 2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "inzwischen von test geändert" in dialog.error_text()
    assert services.cases.get(row.id).address == "Anderswo 1"


def test_officer_without_qualification_gets_a_notice(
    page: CasesPage, services: Services, qtbot: Any
) -> None:
    row = page.rows()[0]
    assert page.select_case(row.id)
    dialog = page.edit_selected()
    assert dialog is not None
    choose_index = next(
        i
        for i in range(dialog.officer_combo.count())
        if "ohne Qualifikation Ermittlungen" in dialog.officer_combo.itemText(i)
    )
    dialog.officer_combo.setCurrentIndex(choose_index)
    name = dialog.officer_combo.currentText().split(" (")[0]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert page.notice_label.isVisible()
    assert page.notice_label.text() == (
        f"Hinweis: {name} hat die Qualifikation „Ermittlungen“ nicht."
    )
    assert services.cases.get(row.id).assigned_officer_name == name


def test_source_incident_opens_in_its_detail_dialog(page: CasesPage, qtbot: Any) -> None:
    choose(page.status_combo, "alle")
    linked = next(r for r in page.rows() if r.source_incident_id is not None)
    unlinked = next(r for r in page.rows() if r.source_incident_id is None)
    assert page.select_case(unlinked.id)
    assert not page.incident_button.isEnabled()
    assert page.select_case(linked.id)
    assert page.incident_button.isEnabled()
    qtbot.mouseClick(page.incident_button, Qt.MouseButton.LeftButton)
    dialog = page.current_dialog
    assert isinstance(dialog, IncidentDetailDialog) and dialog.isVisible()
    assert dialog.detail.row.reference == linked.source_incident_reference
    assert linked.reference in [c.reference for c in dialog.detail.cases]


def test_hand_over_elsewhere_refreshes_the_list(page: CasesPage, services: Services) -> None:
    from kod_desk.domain.incidents import IncidentFilter

    incident = services.incidents.list_page(IncidentFilter(), None, 50)
    target = next(i for i in incident if i.status.value != "closed")
    result = services.incidents.hand_over(target.id, None, None, "Nachbarschaftsstreit klaeren")
    page.bus.changed.emit(result.changes)
    row = next(r for r in page.rows() if r.id == result.value.id)
    assert row.source_incident_reference == target.reference
    assert row.subject == "Nachbarschaftsstreit klaeren"


def test_search_filters_and_remembered_state(
    page: CasesPage, services: Services, settings: Any, qtbot: Any, qtmodeltester: Any
) -> None:
    qtmodeltester.check(page.model)
    choose(page.status_combo, "alle")
    wanted = page.rows()[0]
    word = wanted.reference
    qtbot.keyClicks(page.search_edit, word)
    qtbot.waitUntil(lambda: len(page.rows()) == 1, timeout=3000)
    assert page.rows()[0].id == wanted.id
    assert page.count_label.text().startswith("1 Auftrag")
    # Sort by Aktenzeichen, descending; a new page (next start) comes back the same way.
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    page.overdue_check.setChecked(True)
    again = make_page(qtbot, services, settings)
    header = again.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert again.status_combo.currentText() == "alle"
    assert again.overdue_check.isChecked()


def test_officers_open_orders_but_do_not_create_them(
    qtbot: Any, services: Services, settings: Any
) -> None:
    from kod_desk.domain.enums import Role
    from kod_desk.ui.pages.base import ChangeBus
    from kod_desk.ui.pages.cases_page import CasesPage

    officer = Services.create(services.db, actor="E-1", role=Role.OFFICER)
    page = CasesPage(settings, ChangeBus())
    qtbot.addWidget(page)
    page.attach(officer)
    page.show()
    page.activate()
    assert not page.new_button.isEnabled()
    assert page.new_case() is None
