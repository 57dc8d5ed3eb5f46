"""One incident: what happened, its notes (append-only) and what is done with it.

Every write goes through IncidentService; the dialog hands each Result to the page's
``publish`` (so every page refreshes from the Changes) and then reads the incident again.
Small forms (correction, status, hand-over: ui/dialogs/incident_forms.py) open with ``open()``
and stay reachable as ``current_dialog``; refused writes keep them open with the German
message.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.enums import IncidentStatus
from kod_desk.domain.errors import UserError, ValidationError
from kod_desk.domain.geo import format_coordinates
from kod_desk.domain.incident_corrections import IncidentCorrection
from kod_desk.domain.timeutil import format_local
from kod_desk.ui.dialog_host import DialogHost
from kod_desk.ui.dialogs.incident_forms import (
    CorrectionDialog,
    CorrectNoteDialog,
    HandOverDialog,
    HandOverDraft,
    StatusDialog,
    StatusDraft,
)
from kod_desk.ui.dialogs.person_dialog import PersonsSection
from kod_desk.ui.messages import show_error
from kod_desk.ui.widgets.attachment_strip import AttachmentStrip
from kod_desk.ui.widgets.incident_notes import NotesList

if TYPE_CHECKING:
    from kod_desk.domain.incidents import IncidentDetail, Note
    from kod_desk.domain.masterdata import CatalogEntry
    from kod_desk.services.base import Result
    from kod_desk.services.incidents import IncidentService

log = logging.getLogger(__name__)


class IncidentDetailDialog(QDialog):
    """Header, description, notes and the actions on one incident."""

    def __init__(
        self,
        service: IncidentService,
        detail: IncidentDetail,
        publish: Callable[[Result[Any]], Any],
        departments: Sequence[CatalogEntry] = (),
        parent: QWidget | None = None,
        open_report: Callable[[str], Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incidentDetailDialog")
        self._open_report = open_report
        self._service = service
        self._publish = publish
        self._departments = list(departments)
        self.detail = detail
        self.dialogs = DialogHost()
        # Tall enough for the notes, never taller than the screen (768-pixel field laptops).
        screen = self.screen().availableGeometry()
        self.resize(min(820, screen.width() - 40), min(860, screen.height() - 40))
        self.setAcceptDrops(True)  # files dropped anywhere on the dialog become attachments

        self._create_widgets()
        self._build_layout()
        self.add_note_button.clicked.connect(lambda _checked=False: self.add_note())
        self.correct_button.clicked.connect(lambda _checked=False: self.correct_selected())
        self.status_button.clicked.connect(lambda _checked=False: self.change_status())
        self.amend_button.clicked.connect(lambda _checked=False: self.amend())
        self.hand_over_button.clicked.connect(lambda _checked=False: self.hand_over())
        self.close_button.clicked.connect(self.reject)
        self.report_button.clicked.connect(lambda _checked=False: self.open_report())
        self.notes_list.itemSelectionChanged.connect(self._update_actions)
        self._show(detail)

    def open_report(self) -> bool:
        """Close and show this incident's Vorkommnisbericht on the Berichte page."""
        if self._open_report is None:
            return False
        incident_id = self.detail.row.id
        self.reject()
        self._open_report(incident_id)
        return True

    def _create_widgets(self) -> None:
        self.header_label = QLabel()
        self.header_label.setObjectName("incidentHeader")
        self.header_label.setTextFormat(Qt.TextFormat.RichText)
        self.header_label.setWordWrap(True)
        self.header_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reminder_label = QLabel()
        self.reminder_label.setObjectName("footageReminder")
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
        )
        self.description_view = QPlainTextEdit()
        self.description_view.setObjectName("descriptionView")
        self.description_view.setReadOnly(True)
        self.description_view.setMinimumHeight(56)

        self.notes_list = NotesList()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr("Neuer Vermerk …"))
        self.note_edit.setMaximumHeight(64)
        self.note_edit.setAcceptDrops(False)  # a dropped file becomes an attachment, not text
        self.note_edit.viewport().setAcceptDrops(False)
        self.note_error_label = QLabel()
        self.note_error_label.setObjectName("errorLabel")  # red box, resources/styles/app.qss
        self.note_error_label.setWordWrap(True)
        self.note_error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_error_label.hide()
        self.add_note_button = QPushButton(self.tr("Vermerk &hinzufügen"))
        self.add_note_button.setObjectName("addNoteButton")
        self.correct_button = QPushButton(self.tr("&Korrigieren…"))
        self.correct_button.setObjectName("correctNoteButton")
        self.correct_button.setToolTip(
            self.tr("Den ausgewählten Vermerk durch einen neuen berichtigen (bleibt sichtbar)")
        )
        self._create_amend_widgets()
        self.status_button = QPushButton(self.tr("&Status ändern…"))
        self.status_button.setObjectName("changeStatusButton")
        self.hand_over_button = QPushButton(self.tr("An &Ermittlungsdienst übergeben…"))
        self.hand_over_button.setObjectName("handOverButton")
        self.close_button = QPushButton(self.tr("Schließen"))
        self.close_button.setObjectName("closeButton")
        self.report_button = QPushButton(self.tr("&Bericht (PDF)…"))
        self.report_button.setObjectName("incidentReportButton")
        self.report_button.setToolTip(
            self.tr("Vorkommnisbericht auf der Seite Berichte ansehen, drucken oder speichern")
        )
        self.persons_section = PersonsSection(
            self._service, self.dialogs.open, self._after_write, self
        )
        self.attachment_strip = AttachmentStrip(self._service, self._after_write, self)

    def _create_amend_widgets(self) -> None:
        self.amend_button = QPushButton(self.tr("&Angaben ändern…"))
        self.amend_button.setObjectName("amendIncidentButton")
        self.history_label = QLabel()
        self.history_label.setObjectName("incidentHistory")
        self.history_label.setTextFormat(Qt.TextFormat.RichText)
        self.history_label.setWordWrap(True)
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_label.hide()

    def _build_layout(self) -> None:
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_edit, 1)
        note_buttons = QVBoxLayout()
        note_buttons.addWidget(self.add_note_button)
        note_buttons.addWidget(self.correct_button)
        note_buttons.addStretch(1)
        note_row.addLayout(note_buttons)
        actions = QDialogButtonBox()
        actions.addButton(self.status_button, QDialogButtonBox.ButtonRole.ActionRole)
        actions.addButton(self.amend_button, QDialogButtonBox.ButtonRole.ActionRole)
        actions.addButton(self.hand_over_button, QDialogButtonBox.ButtonRole.ActionRole)
        if self._open_report is not None:
            actions.addButton(self.report_button, QDialogButtonBox.ButtonRole.ActionRole)
        else:
            self.report_button.hide()
        actions.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addWidget(self.history_label)
        layout.addWidget(self.reminder_label)
        layout.addWidget(QLabel(self.tr("<b>Beschreibung</b>")))
        layout.addWidget(self.description_view, 2)
        layout.addWidget(QLabel(self.tr("<b>Vermerke</b>")))
        layout.addWidget(self.notes_list, 3)
        layout.addWidget(self.note_error_label)
        layout.addLayout(note_row)
        layout.addWidget(self.persons_section)
        layout.addWidget(self.attachment_strip)
        layout.addWidget(actions)

    # ------------------------------------------------------------ showing

    def _show(self, detail: IncidentDetail) -> None:
        self.detail = detail
        row = detail.row
        self.setWindowTitle(self.tr("Vorkommnis {reference}").format(reference=row.reference))
        self.header_label.setText(self.header_html(detail))
        self.reminder_label.setVisible(row.footage_reminder)
        self.reminder_label.setText(
            self.tr(
                "⚠ Videoüberwachung: Das Vorkommnis liegt in einem Überwachungszeitraum des "
                "Gebiets. Aufnahmen sichern, bevor sie überschrieben werden."
            )
        )
        self.description_view.setPlainText(detail.description)
        self._show_history()
        self.notes_list.show_notes(detail.notes)
        self.persons_section.set_incident(detail.id, detail.person_count)
        self.attachment_strip.set_incident(detail.id)
        self._update_actions()

    def header_html(self, detail: IncidentDetail) -> str:
        row = detail.row

        def esc(text: str) -> str:
            return html.escape(text) or "—"

        status = row.status.label
        if detail.status_changed_at is not None:
            status += self.tr(" (seit {time}, {who})").format(
                time=format_local(detail.status_changed_at), who=detail.status_changed_by or "—"
            )
        fields = [
            (self.tr("Zeit"), format_local(row.occurred_at)),
            (self.tr("Gebiet"), row.area_name),
            (self.tr("Ort"), row.place),
            (self.tr("Kategorie"), row.category_name),
            (self.tr("Maßnahmen"), ", ".join(name for _id, name in detail.measures)),
            (self.tr("Dienstkräfte"), "; ".join(name for _id, name in detail.officers)),
            (self.tr("Quelle"), row.source.label),
            (self.tr("Status"), status),
        ]
        if detail.latitude is not None:
            coordinates = format_coordinates(detail.latitude, detail.longitude)
            fields.insert(3, (self.tr("Koordinaten"), coordinates))
        if detail.outcome:
            fields.append((self.tr("Ergebnis"), detail.outcome))
        if detail.cases:
            fields.append(
                (self.tr("Ermittlungsauftrag"), ", ".join(c.reference for c in detail.cases))
            )
        # Two columns of fields keep the dialog short enough for a 768-pixel laptop screen.
        half = (len(fields) + 1) // 2

        def cell(field: tuple[str, str] | None) -> str:
            if field is None:
                return "<td></td><td></td>"
            name, value = field
            return (
                f"<td style='padding-right:8px'><b>{html.escape(name)}:</b></td>"
                f"<td style='padding-right:24px'>{esc(value)}</td>"
            )

        cells = "".join(
            f"<tr>{cell(fields[i])}{cell(fields[i + half] if i + half < len(fields) else None)}"
            "</tr>"
            for i in range(half)
        )
        return f"<h3>{html.escape(row.reference)}</h3><table>{cells}</table>"

    def _show_history(self) -> None:
        """The corrections of category, crew and measures: when, who, "alt → neu"."""
        try:
            entries = self._service.history(self.detail.id)
        except Exception:  # the history is an addition: never block the incident
            log.exception("Verlauf des Vorkommnisses nicht lesbar")
            entries = []
        lines = [
            "<b>{when}, {who}:</b> {what}".format(
                when=html.escape(format_local(entry.at)),
                who=html.escape(entry.actor),
                what="; ".join(html.escape(change.text()) for change in entry.changes),
            )
            for entry in entries
        ]
        self.history_label.setText(
            self.tr("<b>Geändert</b>") + "<br>" + "<br>".join(lines) if lines else ""
        )
        self.history_label.setVisible(bool(lines))

    def history_text(self) -> str:
        """What the history says, as plain text ("" when nothing was corrected)."""
        if self.history_label.isHidden():
            return ""
        document = QTextDocument()
        document.setHtml(self.history_label.text())
        return document.toPlainText()

    def note_texts(self) -> list[str]:
        """The rich text of each shown note, in display order."""
        return self.notes_list.note_texts()

    def selected_note(self) -> Note | None:
        return self.notes_list.selected_note()

    def select_note(self, note_id: str) -> bool:
        return self.notes_list.select_note(note_id)

    def _update_actions(self) -> None:
        status = self.detail.row.status
        self.correct_button.setEnabled(self.selected_note() is not None)
        self.status_button.setEnabled(status is not IncidentStatus.CLOSED)
        try:
            may_amend = self._service.may_correct(self.detail.id)
        except Exception:
            log.exception("Berechtigung nicht lesbar")
            may_amend = False
        self.amend_button.setEnabled(may_amend)
        self.amend_button.setToolTip(
            self.tr(
                "Kategorie, Dienstkräfte und Maßnahmen berichtigen (bleibt im Verlauf sichtbar)"
            )
            if may_amend
            else self.tr(
                "Berichtigen dürfen die Dienstgruppenleitung und, solange das Vorkommnis nicht "
                "abgeschlossen ist, die beteiligten Dienstkräfte."
            )
        )
        self.hand_over_button.setEnabled(status is not IncidentStatus.CLOSED)

    # ------------------------------------------------------------ writing

    def _after_write(self, result: Result[Any]) -> None:
        self._publish(result)
        self._show(self._service.get(self.detail.id))

    # ------------------------------------------------------------ dropping files

    @staticmethod
    def _dropped_files(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        urls = mime.urls()
        if not all(url.isLocalFile() for url in urls):
            return []
        return [Path(url.toLocalFile()) for url in urls if Path(url.toLocalFile()).is_file()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._dropped_files(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.attachment_strip.add_files(files)

    def add_note(self) -> bool:
        """Append the typed note; True when it was saved."""
        try:
            result = self._service.add_note(self.detail.id, self.note_edit.toPlainText())
        except UserError as error:  # shown next to the note box, no blocking message
            messages = error.messages if isinstance(error, ValidationError) else [error.message]
            self.note_error_label.setText("\n".join(messages))
            self.note_error_label.show()
            self.note_edit.setFocus()
            return False
        except Exception as error:  # a bug: say so, keep the typed text
            show_error(self, error)
            return False
        self.note_error_label.hide()
        self.note_edit.clear()
        self._after_write(result)
        return True

    def correct_selected(self) -> CorrectNoteDialog | None:
        note = self.selected_note()
        if note is None:
            return None
        incident_id = self.detail.id

        def save(text: str) -> None:
            self._after_write(self._service.add_note(incident_id, text, corrects_id=note.id))

        return self.dialogs.open(CorrectNoteDialog(save, note, self))

    def amend(self) -> CorrectionDialog | None:
        """Angaben ändern: category, crew and measures, audited with the old values."""
        incident_id = self.detail.id
        try:
            choices = self._service.correction_choices(incident_id)
        except UserError as error:
            show_error(self, error)
            return None

        def save(correction: IncidentCorrection) -> None:
            self._after_write(self._service.correct(incident_id, correction))

        return self.dialogs.open(CorrectionDialog(save, choices, self))

    def change_status(self) -> StatusDialog | None:
        if self.detail.row.status is IncidentStatus.CLOSED:
            return None
        incident_id = self.detail.id

        def save(draft: StatusDraft) -> None:
            self._after_write(self._service.change_status(incident_id, draft.status, draft.outcome))

        return self.dialogs.open(StatusDialog(save, self.detail.row.status, self))

    def hand_over(self) -> HandOverDialog | None:
        if self.detail.row.status is IncidentStatus.CLOSED:
            return None
        incident_id = self.detail.id
        row = self.detail.row

        def save(draft: HandOverDraft) -> None:
            result = self._service.hand_over(
                incident_id, draft.department_id, draft.due_on, draft.subject
            )
            self._after_write(result)

        subject = f"{row.category_name} – {row.place}".strip(" –")
        return self.dialogs.open(HandOverDialog(save, self._departments, subject, self))

    # ------------------------------------------------------------ helpers

    @property
    def current_dialog(self) -> QDialog | None:
        """The form open over this dialog, if any (``dialogs`` hosts it)."""
        return self.dialogs.current
