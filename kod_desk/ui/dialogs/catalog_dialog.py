"""The form for one entry of an editable catalogue (category, measure, requesting department)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from kod_desk.domain.enums import CatalogKind
from kod_desk.domain.masterdata import CatalogEntry, CatalogEntryDraft
from kod_desk.ui.dialogs.form import FormDialog

MAX_SORT_ORDER = 9999


def _titles(kind: CatalogKind) -> tuple[str, str]:
    """(new, edit) window titles; German genders differ, so each kind has its own pair."""
    translate = QCoreApplication.translate
    return {
        CatalogKind.INCIDENT_CATEGORY: (
            translate("CatalogDialog", "Neue Kategorie"),
            translate("CatalogDialog", "Kategorie bearbeiten – {name}"),
        ),
        CatalogKind.MEASURE: (
            translate("CatalogDialog", "Neue Maßnahme"),
            translate("CatalogDialog", "Maßnahme bearbeiten – {name}"),
        ),
        CatalogKind.DEPARTMENT: (
            translate("CatalogDialog", "Neue anfordernde Stelle"),
            translate("CatalogDialog", "Anfordernde Stelle bearbeiten – {name}"),
        ),
    }[kind]


class CatalogDialog(FormDialog[CatalogEntryDraft]):
    """Create or edit a catalogue entry: name, description, position in choice lists."""

    def __init__(
        self,
        save: Callable[[CatalogEntryDraft], None],
        kind: CatalogKind,
        entry: CatalogEntry | None = None,
        *,
        sort_order: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(save, parent)
        self.setObjectName("catalogDialog")
        self.kind = entry.kind if entry is not None else kind
        self.entry = entry
        new_title, edit_title = _titles(self.kind)
        self.setWindowTitle(new_title if entry is None else edit_title.format(name=entry.name))

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.name_edit.setMaxLength(80)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setObjectName("descriptionEdit")
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.sort_order_spin = QSpinBox()
        self.sort_order_spin.setObjectName("sortOrderSpin")
        self.sort_order_spin.setRange(0, MAX_SORT_ORDER)
        self.sort_order_spin.setSingleStep(10)
        self.sort_order_spin.setValue(min(max(sort_order, 0), MAX_SORT_ORDER))
        self.sort_order_spin.setToolTip(
            self.tr("Position in Auswahllisten: kleinere Zahlen stehen weiter oben.")
        )
        self.active_check = QCheckBox(self.tr("aktiv (wird in Auswahllisten angeboten)"))
        self.active_check.setObjectName("activeCheck")
        self.active_check.setChecked(True)

        self.form.addRow(self.tr("&Bezeichnung:"), self.name_edit)
        self.form.addRow(self.tr("B&eschreibung:"), self.description_edit)
        self.form.addRow(self.tr("&Reihenfolge:"), self.sort_order_spin)
        self.form.addRow("", self.active_check)

        if entry is not None:
            self.name_edit.setText(entry.name)
            self.description_edit.setPlainText(entry.description)
            self.sort_order_spin.setValue(min(max(entry.sort_order, 0), MAX_SORT_ORDER))
            self.active_check.setChecked(entry.active)
        self.setMinimumWidth(420)
        self.name_edit.setFocus()

    def build_draft(self) -> CatalogEntryDraft:
        """The entry the fields describe."""
        return CatalogEntryDraft(
            kind=self.kind,
            name=self.name_edit.text().strip(),
            description=self.description_edit.toPlainText().strip(),
            sort_order=self.sort_order_spin.value(),
            active=self.active_check.isChecked(),
        )

    def field_widgets(self) -> Mapping[str, QWidget]:
        """The fields by the CatalogEntryDraft attribute they fill (the problems' keys)."""
        return {"name": self.name_edit, "sort_order": self.sort_order_spin}
