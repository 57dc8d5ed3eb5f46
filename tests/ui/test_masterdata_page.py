"""The Stammdaten page and its dialogs, driven like a user would: type, click, read the table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateTimeEdit,
    QMessageBox,
    QTimeEdit,
    QWidget,
)

from kod_desk.domain.enums import CatalogKind, Qualification, Role, Unit
from kod_desk.domain.masterdata import OfficerDraft
from kod_desk.services.base import Entity
from kod_desk.services.registry import Services
from kod_desk.ui.dialogs.area_dialog import AreaDialog
from kod_desk.ui.dialogs.catalog_dialog import CatalogDialog
from kod_desk.ui.dialogs.form import FormDialog
from kod_desk.ui.dialogs.officer_dialog import OfficerDialog
from kod_desk.ui.dialogs.template_dialog import TemplateDialog
from kod_desk.ui.pages.base import ChangeBus
from kod_desk.ui.pages.masterdata_page import MasterDataPage
from kod_desk.ui.settings import Settings
from kod_desk.ui.widgets.data_table import DataTable
from kod_desk.ui.widgets.masterdata_tab import MasterDataTab

LEFT = Qt.MouseButton.LeftButton

# Column numbers as the user sees them.
OFFICER_NUMBER, OFFICER_NAME, OFFICER_FIRST, OFFICER_UNIT, OFFICER_ROLE = 0, 1, 2, 3, 4
OFFICER_QUALIFICATIONS, OFFICER_HOURS, OFFICER_ACTIVE = 5, 6, 7
AREA_NAME, AREA_CODE, AREA_PRIORITY, AREA_FEAR, AREA_VIDEO, AREA_RETENTION = 0, 1, 2, 3, 4, 5
TEMPLATE_NAME, TEMPLATE_TIMES, TEMPLATE_KIND = 0, 2, 4


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box would hang the test; an unexpected one is a failure."""

    def fail(_parent: Any, title: str, text: str, *_: Any, **__: Any) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)
    monkeypatch.setattr(QMessageBox, "critical", fail)


@pytest.fixture
def page(qtbot: Any, services: Services, settings: Settings) -> Iterator[MasterDataPage]:
    """The page as MainWindow wires it: one bus, on_changes connected, attached, shown."""
    bus = ChangeBus()
    widget = MasterDataPage(settings, bus)
    bus.changed.connect(widget.on_changes)
    qtbot.addWidget(widget)
    widget.attach(services)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activate()
    yield widget
    if widget.current_dialog is not None:
        widget.current_dialog.reject()


# ---------------------------------------------------------------- helpers


def column_texts(table: DataTable, column: int) -> list[str]:
    """One column top to bottom, as shown (sorted and filtered)."""
    proxy = table.proxy
    return [str(proxy.index(row, column).data() or "") for row in range(proxy.rowCount())]


def row_texts(table: DataTable, first_cell: str) -> list[str]:
    """The shown texts of the row whose first column reads ``first_cell``."""
    proxy = table.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data() == first_cell:
            return [str(proxy.index(row, c).data() or "") for c in range(proxy.columnCount())]
    raise AssertionError(f"{first_cell!r} is not shown; shown: {column_texts(table, 0)}")


def selected_first_cell(table: DataTable) -> str:
    rows = table.selectionModel().selectedRows()
    assert rows, "no row is selected"
    return str(rows[0].data())


def select_row(qtbot: Any, table: DataTable, first_cell: str) -> None:
    """Click the row whose first column reads ``first_cell``."""
    proxy = table.proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data() == first_cell:
            rect = table.visualRect(index)
            qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())
            return
    raise AssertionError(f"{first_cell!r} is not shown")


def keys(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type ``text`` key by key; QTest only knows ASCII keys, so umlauts and dashes arrive
    as key events that carry their text (as a German keyboard layout delivers them)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def type_into(qtbot: Any, field: QWidget, text: str) -> None:
    """Replace a field's text by typing, as after a triple-click."""
    line_edit = field.lineEdit() if hasattr(field, "lineEdit") else field
    line_edit.selectAll()
    if not text:
        qtbot.keyClick(line_edit, Qt.Key.Key_Delete)
        return
    keys(qtbot, line_edit, text)


def tick(qtbot: Any, check: QCheckBox) -> None:
    """Click a checkbox on its box (the widget may be wider than box and label)."""
    qtbot.mouseClick(check, LEFT, pos=QPoint(6, check.height() // 2))


def type_time(qtbot: Any, edit: QTimeEdit, digits: str) -> None:
    """Type a time as after tabbing into the field (the hour section is selected)."""
    edit.setSelectedSection(QDateTimeEdit.Section.HourSection)
    qtbot.keyClicks(edit, digits)


def open_dialog(qtbot: Any, page: MasterDataPage, button: QWidget) -> FormDialog[Any]:
    qtbot.mouseClick(button, LEFT)
    dialog = page.current_dialog
    assert dialog is not None
    assert dialog.isVisible()
    return dialog


def save(qtbot: Any, dialog: FormDialog[Any]) -> None:
    qtbot.mouseClick(dialog.save_button, LEFT)


def header_click(qtbot: Any, table: DataTable, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(x, header.height() // 2))


def add_officer(
    services: Services,
    number: str,
    last: str,
    first: str,
    unit: Unit = Unit.KOD,
    hours: float = 39.0,
) -> str:
    draft = OfficerDraft(number, last, first, unit, Role.OFFICER, (), hours)
    return services.masterdata.save_officer(draft).value.id


# ---------------------------------------------------------------- the page


def test_page_identity_and_tabs(page: MasterDataPage) -> None:
    assert page.key == "masterdata"
    assert page.title == "Stammdaten"
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Dienstkräfte",
        "Einsatzgebiete",
        "Kategorien",
        "Maßnahmen",
        "Anfordernde Stellen",
        "Dienstvorlagen",
    ]
    assert set(page.shows()) == {Entity.OFFICERS, Entity.AREAS, Entity.CATALOG, Entity.TEMPLATES}
    assert page.tab_for(Entity.AREAS) is page.areas_tab
    assert page.tab_for(CatalogKind.MEASURE).table is page.measures_table
    headers = [
        page.officers_table.model().headerData(c, Qt.Orientation.Horizontal)
        for c in range(page.officers_table.model().columnCount())
    ]
    assert headers == [
        "Dienstnummer",
        "Name",
        "Vorname",
        "Einheit",
        "Rolle",
        "Qualifikationen",
        "Wochenstunden",
        "Aktiv",
    ]
    tab = page.officers_tab
    assert tab.new_button.text() == "Neu…"
    assert tab.edit_button.text() == "Bearbeiten…"
    assert tab.search_edit.placeholderText() == "Suchen …"
    assert tab.show_inactive_check.text() == "Inaktive anzeigen"
    assert not tab.show_inactive_check.isChecked()
    # Nothing selected yet: nothing to edit or deactivate.
    assert not tab.edit_button.isEnabled()
    assert not tab.toggle_button.isEnabled()


def test_defaults_are_loaded_in_every_tab(page: MasterDataPage) -> None:
    assert column_texts(page.areas_table, AREA_NAME) == [
        "Bahnhofsumfeld",
        "Innenstadt",
        "Klosterinsel",
    ]
    assert column_texts(page.areas_table, AREA_CODE) == ["BHF", "INN", "KLO"]
    assert row_texts(page.areas_table, "Klosterinsel")[AREA_VIDEO] == "01.04.–30.09."
    assert row_texts(page.areas_table, "Klosterinsel")[AREA_RETENTION] == "72 h"
    # Catalogues open in the order of their choice lists.
    assert column_texts(page.measures_table, 0)[:2] == ["Platzverweis", "Verwarnung"]
    assert "Ausländerbehörde" in column_texts(page.departments_table, 0)
    assert "Ruhestörung" in column_texts(page.categories_table, 0)
    night = row_texts(page.templates_table, "Nachtdienst")
    assert night[TEMPLATE_TIMES] == "22:00–06:00 (+1 Tag)"
    assert night[TEMPLATE_KIND] == "beliebig"
    assert page.areas_tab.count_label.text() == "3 Einträge"


def test_every_model_passes_the_model_tester(
    page: MasterDataPage, services: Services, qtmodeltester: Any
) -> None:
    add_officer(services, "K-1", "Müller", "Anna")
    page.reload()
    tabs: list[MasterDataTab] = page.all_tabs()
    assert len(tabs) == 6
    for tab in tabs:
        assert tab.model.rowCount() > 0, tab.key
        qtmodeltester.check(tab.model)
        qtmodeltester.check(tab.proxy)


# ---------------------------------------------------------------- officers


def test_create_officer_through_the_dialog(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    dialog = open_dialog(qtbot, page, page.officers_tab.new_button)
    assert isinstance(dialog, OfficerDialog)
    assert dialog.windowTitle() == "Neue Dienstkraft"
    assert dialog.save_button.text() == "&Speichern"  # Alt+S saves
    assert dialog.cancel_button.text() == "Abbrechen"
    keys(qtbot, dialog.service_number_edit, "K-200")
    keys(qtbot, dialog.last_name_edit, "Becker")
    keys(qtbot, dialog.first_name_edit, "Lena")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findText("Ermittlungsdienst"))
    tick(qtbot, dialog.qualification_checks[Qualification.BIKE])
    assert dialog.qualification_checks[Qualification.BIKE].text() == "Radstreife"
    keys(qtbot, dialog.other_qualifications_edit, "Deeskalation, Sprachen")
    type_into(qtbot, dialog.weekly_hours_spin, "19,5")
    assert dialog.weekly_hours_spin.value() == 19.5
    save(qtbot, dialog)

    assert page.current_dialog is None  # closed on success
    assert not dialog.isVisible()
    row = row_texts(page.officers_table, "K-200")
    assert row == [
        "K-200",
        "Becker",
        "Lena",
        "Ermittlungsdienst",
        "Einsatzkraft",
        "Radstreife, Deeskalation, Sprachen",
        "19,5",
        "ja",
    ]
    assert selected_first_cell(page.officers_table) == "K-200"
    hours_index = page.officers_table.proxy.index(0, OFFICER_HOURS)
    alignment = hours_index.data(Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(alignment) & Qt.AlignmentFlag.AlignRight
    [stored] = services.masterdata.officers()
    assert stored.unit is Unit.INVESTIGATION
    assert stored.qualifications == ("Radstreife", "Deeskalation", "Sprachen")


def test_enter_saves_and_edit_shows_the_change(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    add_officer(services, "K-7", "Schulz", "Tom")
    page.reload()
    select_row(qtbot, page.officers_table, "K-7")
    assert page.officers_tab.edit_button.isEnabled()
    # Enter on the table opens the selected officer.
    qtbot.keyClick(page.officers_table, Qt.Key.Key_Return)
    dialog = page.current_dialog
    assert isinstance(dialog, OfficerDialog)
    assert dialog.windowTitle() == "Dienstkraft bearbeiten – Schulz, Tom"
    assert dialog.service_number_edit.text() == "K-7"
    assert dialog.weekly_hours_spin.text() == "39,00 h"
    type_into(qtbot, dialog.first_name_edit, "Thomas")
    type_into(qtbot, dialog.weekly_hours_spin, "30")
    qtbot.keyClick(dialog.first_name_edit, Qt.Key.Key_Return)  # Enter saves

    assert page.current_dialog is None
    row = row_texts(page.officers_table, "K-7")
    assert row[OFFICER_FIRST] == "Thomas"
    assert row[OFFICER_HOURS] == "30"
    assert selected_first_cell(page.officers_table) == "K-7"
    [stored] = services.masterdata.officers()
    assert (stored.first_name, stored.weekly_hours, stored.version) == ("Thomas", 30.0, 2)

    # The edit button opens it again with the saved values.
    qtbot.mouseClick(page.officers_tab.edit_button, LEFT)
    again = page.current_dialog
    assert isinstance(again, OfficerDialog)
    assert again.first_name_edit.text() == "Thomas"
    qtbot.mouseClick(again.cancel_button, LEFT)
    assert page.current_dialog is None


def test_duplicate_service_number_keeps_the_dialog_open(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    add_officer(services, "K-1", "Müller", "Anna")
    page.reload()
    dialog = open_dialog(qtbot, page, page.officers_tab.new_button)
    assert isinstance(dialog, OfficerDialog)
    assert dialog.error_label.isHidden()
    keys(qtbot, dialog.service_number_edit, "K-1")
    keys(qtbot, dialog.last_name_edit, "Weber")
    keys(qtbot, dialog.first_name_edit, "Jonas")
    keys(qtbot, dialog.other_qualifications_edit, "Sprachen")
    save(qtbot, dialog)

    assert page.current_dialog is dialog
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Dienstnummer K-1 ist schon vergeben (Müller, Anna)."
    assert dialog.focusWidget() is dialog.service_number_edit
    # Everything typed is still there.
    assert dialog.service_number_edit.text() == "K-1"
    assert dialog.last_name_edit.text() == "Weber"
    assert dialog.first_name_edit.text() == "Jonas"
    assert dialog.other_qualifications_edit.text() == "Sprachen"
    assert len(services.masterdata.officers()) == 1
    assert column_texts(page.officers_table, OFFICER_NUMBER) == ["K-1"]

    # Fixing the number saves and closes.
    type_into(qtbot, dialog.service_number_edit, "K-2")
    save(qtbot, dialog)
    assert page.current_dialog is None
    assert column_texts(page.officers_table, OFFICER_NAME) == ["Müller", "Weber"]


def test_missing_fields_are_all_named(qtbot: Any, page: MasterDataPage) -> None:
    dialog = open_dialog(qtbot, page, page.officers_tab.new_button)
    assert isinstance(dialog, OfficerDialog)
    keys(qtbot, dialog.service_number_edit, "K-5")
    type_into(qtbot, dialog.weekly_hours_spin, "0")
    save(qtbot, dialog)
    assert dialog.isVisible()
    text = dialog.error_label.text()
    assert "Nachname fehlt." in text
    assert "Vorname fehlt." in text
    assert "Wochenstunden 0" in text
    assert dialog.focusWidget() is dialog.last_name_edit


def test_edit_of_a_record_changed_meanwhile_is_refused(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    officer_id = add_officer(services, "K-3", "Klein", "Eva")
    page.reload()
    select_row(qtbot, page.officers_table, "K-3")
    dialog = page.edit_selected(Entity.OFFICERS)
    assert dialog is not None
    # Someone else saves the officer while the dialog is open.
    services.masterdata.save_officer(OfficerDraft("K-3", "Klein", "Eva-Maria"), officer_id, 1)
    type_into(qtbot, dialog.first_name_edit, "Evi")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "inzwischen" in dialog.error_label.text()
    assert services.masterdata.officer(officer_id).first_name == "Eva-Maria"


def test_deactivate_and_reactivate_officer(
    qtbot: Any, page: MasterDataPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_officer(services, "K-1", "Müller", "Anna")
    add_officer(services, "K-2", "Weber", "Jonas")
    page.reload()
    questions: list[str] = []

    def answer_yes(*args: Any, **_: Any) -> QMessageBox.StandardButton:
        questions.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    tab = page.officers_tab
    select_row(qtbot, page.officers_table, "K-1")
    assert tab.toggle_button.text() == "Deaktivieren"
    qtbot.mouseClick(tab.toggle_button, LEFT)

    assert len(questions) == 1
    assert "„Müller, Anna“" in questions[0]
    assert "K-1" in questions[0]
    assert column_texts(page.officers_table, OFFICER_NUMBER) == ["K-2"]
    assert tab.count_label.text() == "1 von 2 Einträgen angezeigt"
    assert [o.service_number for o in services.masterdata.officers(include_inactive=False)] == [
        "K-2"
    ]

    tick(qtbot, tab.show_inactive_check)
    assert tab.show_inactive_check.isChecked()
    assert column_texts(page.officers_table, OFFICER_NUMBER) == ["K-1", "K-2"]
    assert row_texts(page.officers_table, "K-1")[OFFICER_ACTIVE] == "nein"
    muted = page.officers_table.proxy.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert muted is not None  # inactive rows are shown muted
    assert page.officers_table.proxy.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None

    select_row(qtbot, page.officers_table, "K-1")
    assert tab.toggle_button.text() == "Reaktivieren"
    qtbot.mouseClick(tab.toggle_button, LEFT)
    assert len(questions) == 1  # reactivating takes nothing away: no question
    assert row_texts(page.officers_table, "K-1")[OFFICER_ACTIVE] == "ja"
    assert selected_first_cell(page.officers_table) == "K-1"
    assert tab.toggle_button.text() == "Deaktivieren"


def test_deactivation_answered_no_changes_nothing(
    qtbot: Any, page: MasterDataPage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_officer(services, "K-1", "Müller", "Anna")
    page.reload()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    select_row(qtbot, page.officers_table, "K-1")
    qtbot.mouseClick(page.officers_tab.toggle_button, LEFT)
    assert row_texts(page.officers_table, "K-1")[OFFICER_ACTIVE] == "ja"
    assert services.masterdata.officers()[0].active


def test_unit_filter_search_and_sorting(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    add_officer(services, "K-10", "Zander", "Paul", hours=20)
    add_officer(services, "K-9", "Adler", "Mia", hours=39)
    add_officer(services, "E-1", "Meyer", "Ole", Unit.INVESTIGATION, hours=30.5)
    page.reload()
    table = page.officers_table
    # Sorted by name at first.
    assert column_texts(table, OFFICER_NAME) == ["Adler", "Meyer", "Zander"]

    page.unit_filter.setCurrentIndex(page.unit_filter.findText("Ermittlungsdienst"))
    assert column_texts(table, OFFICER_NAME) == ["Meyer"]
    page.unit_filter.setCurrentIndex(page.unit_filter.findText("KOD"))
    assert column_texts(table, OFFICER_NAME) == ["Adler", "Zander"]
    page.unit_filter.setCurrentIndex(0)

    keys(qtbot, page.officers_tab.search_edit, "mia")
    assert column_texts(table, OFFICER_NAME) == ["Adler"]
    type_into(qtbot, page.officers_tab.search_edit, "kod  paul")  # every word, any column
    assert column_texts(table, OFFICER_NAME) == ["Zander"]
    type_into(qtbot, page.officers_tab.search_edit, "")
    assert len(column_texts(table, OFFICER_NAME)) == 3

    header_click(qtbot, table, OFFICER_HOURS)
    assert column_texts(table, OFFICER_HOURS) == ["20", "30,5", "39"]
    header_click(qtbot, table, OFFICER_HOURS)
    assert column_texts(table, OFFICER_HOURS) == ["39", "30,5", "20"]
    header_click(qtbot, table, OFFICER_NUMBER)
    assert column_texts(table, OFFICER_NUMBER) == ["E-1", "K-9", "K-10"]  # natural order


def test_names_sort_the_german_way(page: MasterDataPage, services: Services) -> None:
    for number, last in (
        ("K-1", "Schwarz"),
        ("K-2", "Schäfer"),
        ("K-3", "Özdemir"),
        ("K-4", "Otto"),
    ):
        add_officer(services, number, last, "Alex")
    page.reload()
    assert column_texts(page.officers_table, OFFICER_NAME) == [
        "Otto",
        "Özdemir",
        "Schäfer",
        "Schwarz",
    ]


def test_insert_key_opens_a_new_record_of_the_current_tab(qtbot: Any, page: MasterDataPage) -> None:
    page.show_tab(Entity.AREAS)
    page.activateWindow()
    qtbot.waitActive(page)
    page.areas_table.setFocus()
    qtbot.keyClick(page.areas_table, Qt.Key.Key_Insert)
    assert isinstance(page.current_dialog, AreaDialog)
    assert page.current_dialog.windowTitle() == "Neues Einsatzgebiet"


def test_changes_from_elsewhere_refresh_the_page(page: MasterDataPage, services: Services) -> None:
    result = services.masterdata.save_officer(OfficerDraft("K-77", "Neu", "Nina"))
    assert "K-77" not in column_texts(page.officers_table, OFFICER_NUMBER)
    page.bus.changed.emit(result.changes)
    assert "K-77" in column_texts(page.officers_table, OFFICER_NUMBER)


# ---------------------------------------------------------------- areas


def test_create_and_edit_area_with_video_periods(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    page.show_tab(Entity.AREAS)
    dialog = open_dialog(qtbot, page, page.areas_tab.new_button)
    assert isinstance(dialog, AreaDialog)
    assert not dialog.retention_spin.isEnabled()  # no video, no retention
    keys(qtbot, dialog.name_edit, "Stadtpark")
    keys(qtbot, dialog.code_edit, "inn")
    assert dialog.code_edit.text() == "INN"  # capitals as typed
    keys(qtbot, dialog.description_edit, "Spielplatz und Teich")
    dialog.priority_combo.setCurrentIndex(dialog.priority_combo.findText("hoch"))
    tick(qtbot, dialog.fear_space_check)
    keys(qtbot, dialog.video_edit, "01.04.–30.09.; 1.12.-31.12.")
    assert dialog.retention_spin.isEnabled()
    type_into(qtbot, dialog.retention_spin, "48")
    save(qtbot, dialog)
    # INN is Innenstadt's: the dialog stays open on the code field.
    assert dialog.error_text() == "Kürzel „INN“ hat schon das Einsatzgebiet „Innenstadt“."
    assert dialog.focusWidget() is dialog.code_edit
    type_into(qtbot, dialog.code_edit, "spk")
    save(qtbot, dialog)

    assert page.current_dialog is None
    row = row_texts(page.areas_table, "Stadtpark")
    assert row[AREA_CODE] == "SPK"
    assert row[AREA_PRIORITY] == "hoch"
    assert row[AREA_FEAR] == "ja"
    assert row[AREA_VIDEO] == "01.04.–30.09., 01.12.–31.12."
    assert row[AREA_RETENTION] == "48 h"
    assert "Spielplatz und Teich" in row
    assert selected_first_cell(page.areas_table) == "Stadtpark"

    dialog = page.edit_selected(Entity.AREAS)
    assert dialog is not None
    assert dialog.video_edit.text() == "01.04.–30.09.; 01.12.–31.12."
    type_into(qtbot, dialog.video_edit, "01.04.-30.09.")
    save(qtbot, dialog)
    assert page.current_dialog is None
    assert row_texts(page.areas_table, "Stadtpark")[AREA_VIDEO] == "01.04.–30.09."


def test_bad_video_period_is_explained(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    page.show_tab(Entity.AREAS)
    dialog = open_dialog(qtbot, page, page.areas_tab.new_button)
    assert isinstance(dialog, AreaDialog)
    keys(qtbot, dialog.name_edit, "Hafen")
    keys(qtbot, dialog.video_edit, "April bis September; 31.02.-01.03.")
    save(qtbot, dialog)
    assert dialog.isVisible()
    text = dialog.error_label.text()
    assert "Videozeitraum „April bis September“: bitte als TT.MM.–TT.MM. angeben" in text
    assert "31.02. ist kein Kalendertag" in text
    assert dialog.focusWidget() is dialog.video_edit
    assert dialog.name_edit.text() == "Hafen"
    assert len(services.masterdata.areas()) == 3


def test_duplicate_area_name_is_refused(qtbot: Any, page: MasterDataPage) -> None:
    dialog = page.new_record(Entity.AREAS)
    assert dialog is not None
    keys(qtbot, dialog.name_edit, "innenstadt")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Ein Einsatzgebiet „innenstadt“ gibt es schon."


# ---------------------------------------------------------------- catalogues


def test_create_and_edit_catalogue_entry(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    tab = page.show_tab(CatalogKind.MEASURE)
    dialog = open_dialog(qtbot, page, tab.new_button)
    assert isinstance(dialog, CatalogDialog)
    assert dialog.windowTitle() == "Neue Maßnahme"
    assert dialog.sort_order_spin.value() == 120  # after the last one (110)
    keys(qtbot, dialog.name_edit, "Ordnungsverfügung")
    keys(qtbot, dialog.description_edit, "schriftlich")
    save(qtbot, dialog)
    assert page.current_dialog is None
    assert row_texts(page.measures_table, "Ordnungsverfügung")[1:3] == ["120", "schriftlich"]
    assert column_texts(page.measures_table, 0)[-1] == "Ordnungsverfügung"
    assert "Ordnungsverfügung" not in column_texts(page.categories_table, 0)

    dialog = page.edit_selected(CatalogKind.MEASURE)
    assert dialog is not None
    type_into(qtbot, dialog.sort_order_spin, "5")
    save(qtbot, dialog)
    assert column_texts(page.measures_table, 0)[0] == "Ordnungsverfügung"

    dialog = page.new_record(CatalogKind.MEASURE)
    assert dialog is not None
    keys(qtbot, dialog.name_edit, "Platzverweis")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Maßnahme „Platzverweis“ gibt es schon."
    names = [e.name for e in services.masterdata.catalog(CatalogKind.MEASURE)]
    assert names.count("Platzverweis") == 1


def test_deactivate_catalogue_entry(
    qtbot: Any, page: MasterDataPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: questions.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    tab = page.show_tab(CatalogKind.DEPARTMENT)
    select_row(qtbot, page.departments_table, "Waffenbehörde")
    qtbot.mouseClick(tab.toggle_button, LEFT)
    assert questions and "Anfordernde Stelle „Waffenbehörde“" in questions[0]
    assert "Waffenbehörde" not in column_texts(page.departments_table, 0)


# ---------------------------------------------------------------- shift templates


def test_create_template_with_next_day_hint_and_equal_times_refused(
    qtbot: Any, page: MasterDataPage, services: Services
) -> None:
    page.show_tab(Entity.TEMPLATES)
    dialog = open_dialog(qtbot, page, page.templates_tab.new_button)
    assert isinstance(dialog, TemplateDialog)
    keys(qtbot, dialog.name_edit, "Spätnacht")
    keys(qtbot, dialog.code_edit, "SN")
    type_time(qtbot, dialog.start_edit, "2000")
    type_time(qtbot, dialog.end_edit, "2000")
    assert dialog.start_edit.text() == "20:00"
    assert dialog.next_day_label.isVisible()
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "Ende gleich Beginn: ein Dienst muss eine Dauer haben." in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.end_edit
    assert len(services.masterdata.templates()) == 5

    type_time(qtbot, dialog.end_edit, "0400")
    assert dialog.next_day_label.isVisible()
    assert dialog.next_day_label.text() == "endet am Folgetag"
    assert dialog.span_label.text() == "Dauer 8:00 h"
    type_time(qtbot, dialog.end_edit, "2200")
    assert not dialog.next_day_label.isVisible()
    type_time(qtbot, dialog.end_edit, "0400")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("Radstreife"))
    save(qtbot, dialog)

    assert page.current_dialog is None
    row = row_texts(page.templates_table, "Spätnacht")
    assert row[1] == "SN"
    assert row[TEMPLATE_TIMES] == "20:00–04:00 (+1 Tag)"
    assert row[3] == "30 min"
    assert row[TEMPLATE_KIND] == "Radstreife"
    assert selected_first_cell(page.templates_table) == "Spätnacht"


def test_edit_template_and_break_rule(qtbot: Any, page: MasterDataPage) -> None:
    page.show_tab(Entity.TEMPLATES)
    select_row(qtbot, page.templates_table, "Frühdienst")
    qtbot.mouseClick(page.templates_tab.edit_button, LEFT)
    dialog = page.current_dialog
    assert isinstance(dialog, TemplateDialog)
    assert dialog.start_edit.text() == "06:00"
    assert dialog.kind_combo.currentText() == "— beliebig —"
    assert not dialog.next_day_label.isVisible()
    type_into(qtbot, dialog.break_spin, "0")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert "§4 ArbZG" in dialog.error_label.text()
    assert dialog.focusWidget() is dialog.break_spin
    type_into(qtbot, dialog.break_spin, "45")
    save(qtbot, dialog)
    assert page.current_dialog is None
    assert row_texts(page.templates_table, "Frühdienst")[3] == "45 min"


def test_area_search_filters_rows(qtbot: Any, page: MasterDataPage) -> None:
    tab = page.show_tab(Entity.AREAS)
    keys(qtbot, tab.search_edit, "Kloster")
    assert column_texts(page.areas_table, AREA_NAME) == ["Klosterinsel"]
    assert tab.count_label.text() == "1 von 3 Einträgen angezeigt"
    type_into(qtbot, tab.search_edit, "hoch")
    assert column_texts(page.areas_table, AREA_NAME) == ["Bahnhofsumfeld", "Innenstadt"]
    header_click(qtbot, page.areas_table, AREA_NAME)
    assert column_texts(page.areas_table, AREA_NAME) == ["Innenstadt", "Bahnhofsumfeld"]


def test_saved_row_hidden_by_search_is_brought_into_view(qtbot: Any, page: MasterDataPage) -> None:
    tab = page.show_tab(Entity.AREAS)
    keys(qtbot, tab.search_edit, "Kloster")
    dialog = page.new_record(Entity.AREAS)
    assert dialog is not None
    keys(qtbot, dialog.name_edit, "Marktplatz")
    save(qtbot, dialog)
    assert tab.search_edit.text() == ""
    assert selected_first_cell(page.areas_table) == "Marktplatz"


def test_column_widths_are_remembered(qtbot: Any, services: Services, settings: Settings) -> None:
    bus = ChangeBus()
    first = MasterDataPage(settings, bus)
    qtbot.addWidget(first)
    first.attach(services)
    first.show()
    first.activate()
    first.officers_table.setColumnWidth(OFFICER_NUMBER, 177)
    first.officers_table.save_widths()
    second = MasterDataPage(settings, bus)
    qtbot.addWidget(second)
    second.attach(services)
    second.show()
    second.activate()
    assert second.officers_table.columnWidth(OFFICER_NUMBER) == 177
    assert settings.column_widths("masterdata/officers")[OFFICER_NUMBER] == 177


def test_an_administrator_sets_a_password_and_the_officer_can_log_in(
    page: MasterDataPage, services: Services, qtbot: Any
) -> None:
    officer = services.masterdata.save_officer(
        OfficerDraft("K-77", "Schulte", "Jana", role=Role.OFFICER)
    ).value
    page.reload()
    assert not page.password_button.isEnabled()  # nothing selected yet
    assert page.officers_table.select_where(lambda r: r.id == officer.id)
    assert page.password_button.isEnabled()
    qtbot.mouseClick(page.password_button, LEFT)
    dialog = page.current_dialog
    assert dialog is not None and dialog.objectName() == "passwordDialog"
    texts = [label.text() for label in dialog.findChildren(type(dialog.error_label))]
    assert any("Schulte, Jana (Dienstnummer K-77)" in text for text in texts)
    qtbot.keyClicks(dialog.password_edit, "kurz")
    qtbot.keyClicks(dialog.repeat_edit, "kurz")
    assert not dialog.try_save()
    assert "Passwort: mindestens 10 Zeichen." in dialog.error_text()
    dialog.password_edit.clear()
    dialog.repeat_edit.clear()
    qtbot.keyClicks(dialog.password_edit, "Streife-am-Markt-7")
    qtbot.keyClicks(dialog.repeat_edit, "Streife-am-Markt-7")
    published: list[Any] = []
    page.bus.changed.connect(published.append)
    assert dialog.try_save()
    assert page.current_dialog is None
    # The page publishes the reset as its own change, naming the officer.
    assert [(c.ids(Entity.OFFICERS), c.origin) for c in published] == [({officer.id}, page)]
    session = services.auth.login("k-77", "Streife-am-Markt-7")
    assert session.role is Role.OFFICER


def test_an_officer_reads_master_data_but_cannot_change_it(
    qtbot: Any, services: Services, settings: Settings
) -> None:
    services.masterdata.save_officer(OfficerDraft("K-5", "Albers", "Anna"))
    officer = Services.create(services.db, actor="K-5", role=Role.OFFICER)
    widget = MasterDataPage(settings, ChangeBus())
    qtbot.addWidget(widget)
    widget.attach(officer)
    widget.show()
    widget.activate()
    tab = widget.officers_tab
    assert tab.model.rowCount() >= 1  # the list is there to read
    tab.table.selectRow(0)
    assert not tab.new_button.isEnabled() and not tab.edit_button.isEnabled()
    assert not tab.toggle_button.isEnabled() and not widget.password_button.isEnabled()
    assert "Dienstgruppenleitung" in tab.new_button.toolTip()
    assert widget.new_in_current_tab() is None and widget.current_dialog is None

    leader = Services.create(services.db, actor="D-1", role=Role.SUPERVISOR)
    widget.attach(leader)
    widget.activate()
    tab.table.selectRow(0)
    assert tab.new_button.isEnabled() and tab.edit_button.isEnabled()
    assert not widget.password_button.isEnabled()  # passwords: administrators only
    assert "Dienstgruppenleitung" not in tab.new_button.toolTip()
