"""A refused save puts the focus on the field the problem names (issue 15, typed field errors).

The refusal comes from the real rules (the quick entry's time parser, the password rules, the
bike and case services on a real database); the dialog finds the field by the problem's key,
not by a word in the German message. Each save is started from another field with Strg+Enter,
so a dialog that did not move the focus would leave it where the user was.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kod_desk.domain.bikes import BikeDraft
from kod_desk.domain.cases import CaseDraft
from kod_desk.domain.enums import CatalogKind, Role, Unit
from kod_desk.domain.incidents import IncidentDraft, IncidentFilter
from kod_desk.domain.masterdata import Officer
from kod_desk.domain.timeutil import local_today
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.bike_dialog import BikeDialog
from kod_desk.ui.dialogs.case_dialog import CaseDialog
from kod_desk.ui.dialogs.officer_dialog import PasswordDialog
from kod_desk.ui.dialogs.quick_entry_dialog import QuickEntryDialog
from kod_desk.ui.qt_dates import to_qdate
from tests.ui.keyboard import Keyboard

CTRL = Qt.KeyboardModifier.ControlModifier


def show(qtbot: Any, dialog: QWidget, start: QWidget) -> Keyboard:
    """Show ``dialog`` with the focus in ``start`` (the field the user is in when saving)."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    start.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    return Keyboard(qtbot)


def test_quick_entry_a_bad_time_focuses_the_time_with_its_text_selected(
    qtbot: Any, services: Services, tmp_path: Path
) -> None:
    created: list[IncidentDraft] = []

    def save(draft: IncidentDraft) -> None:
        created.append(draft)
        services.incidents.create(draft)

    dialog = QuickEntryDialog(services, save, draft_path=tmp_path / "draft.json")
    keyboard = show(qtbot, dialog, dialog.time_edit)
    keyboard.type("25:99")
    dialog.description_edit.setFocus()
    keyboard.type("Streit am Brunnen")
    keyboard.press(Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.error_text().startswith("Zeit: „25:99“")
    assert keyboard.focus is dialog.time_edit
    assert dialog.time_edit.selectedText() == "25:99"  # typing replaces the bad time
    assert created == [] and services.incidents.list_page(IncidentFilter()) == []


def officer() -> Officer:
    return Officer(
        "o1", "K-77", "Schulte", "Jana", Unit.KOD, Role.OFFICER, (), 39.0, True, version=1
    )


def test_password_the_repetition_stands_under_its_field_the_rest_above(qtbot: Any) -> None:
    saved: list[tuple[str, str]] = []
    dialog = PasswordDialog(saved.append, officer())
    keyboard = show(qtbot, dialog, dialog.password_edit)
    keyboard.type("kurz")
    keyboard.press(Qt.Key.Key_Tab)
    keyboard.type("anders")
    keyboard.press(Qt.Key.Key_Return, CTRL)
    assert saved == []
    assert dialog.error_text() == "Passwort: mindestens 10 Zeichen."
    assert dialog.repeat_error.text() == (
        "Passwort-Wiederholung: stimmt nicht mit dem Passwort überein."
    )
    assert keyboard.focus is dialog.password_edit  # the first problem's field
    assert dialog.password_edit.selectedText() == "kurz"


def test_bike_a_lower_odometer_focuses_the_km_field(qtbot: Any, services: Services) -> None:
    bike = services.bikes.save_bike(BikeDraft("DF-07", range_km=90, odometer_km=1200)).value

    def save(draft: BikeDraft) -> None:
        services.bikes.save_bike(draft, bike.id, bike.version)

    dialog = BikeDialog(save, bike)
    keyboard = show(qtbot, dialog, dialog.odometer_spin)
    keyboard.press(Qt.Key.Key_A, CTRL)
    keyboard.type("1100")
    dialog.note_edit.setFocus()
    keyboard.type("Kette gewechselt")
    keyboard.press(Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog.error_text() == "km-Stand 1.100 liegt unter dem letzten Stand 1.200."
    assert keyboard.focus is dialog.odometer_spin
    assert services.bikes.bike(bike.id).odometer_km == 1200


def test_case_a_due_date_before_receipt_focuses_the_due_date(
    qtbot: Any, services: Services
) -> None:
    departments = services.masterdata.catalog(CatalogKind.DEPARTMENT)
    drafts: list[CaseDraft] = []

    def save(draft: CaseDraft) -> None:
        drafts.append(draft)
        services.cases.create(draft)

    today = local_today()
    dialog = CaseDialog(save, departments, services.masterdata.officers(), today)
    dialog.department_combo.setCurrentIndex(1)
    dialog.due_edit.setDate(to_qdate(today - timedelta(days=3)))
    keyboard = show(qtbot, dialog, dialog.subject_edit)
    keyboard.type("Sperrmuell an der Bushaltestelle")
    keyboard.press(Qt.Key.Key_Return, CTRL)
    assert len(drafts) == 1  # the service refused it, not the dialog
    assert dialog.isVisible()
    assert dialog.error_text().startswith("Frist: Die Frist (")
    assert keyboard.focus is dialog.due_edit
    assert services.cases.list() == []
