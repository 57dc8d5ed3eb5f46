"""Publishing and copying a roster week say what will happen and ask first (issue 14)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.roster import CopySummary, WeekState, WeekSummary
from kod_desk.domain.timeutil import to_local


def _tr(text: str) -> str:
    return QCoreApplication.translate("WeekConfirmDialog", text)


def week_title(monday: date) -> str:
    """ "KW 51 (14.12.–20.12.2026)"."""
    last = monday + timedelta(days=6)
    return _tr("KW {week} ({first}–{last})").format(
        week=monday.isocalendar().week, first=f"{monday:%d.%m.}", last=f"{last:%d.%m.%Y}"
    )


def _published(state: WeekState) -> str:
    assert state.published_at is not None
    return _tr("veröffentlicht am {when} von {who}").format(
        when=f"{to_local(state.published_at):%d.%m.%Y %H:%M}", who=state.publisher
    )


def publish_lines(summary: WeekSummary) -> list[str]:
    """What publishing will do, line by line (German)."""
    lines = [
        _tr("{duties} Dienste mit {assignments} Einteilungen werden veröffentlicht.").format(
            duties=summary.duties, assignments=summary.assignments
        )
    ]
    if summary.open_duties:
        lines.append(
            _tr("Noch offen: {duties} Dienste, es fehlen {places} Dienstkräfte.").format(
                duties=summary.open_duties, places=summary.open_places
            )
        )
    else:
        lines.append(_tr("Alle Dienste sind besetzt."))
    lines.append(
        _tr("Prüfung: {errors} Fehler, {warnings} Hinweise.").format(
            errors=summary.errors, warnings=summary.warnings
        )
    )
    if summary.state.is_published:
        replaced = _tr("Ersetzt die Fassung, {published}").format(
            published=_published(summary.state)
        )
        if summary.changed:
            replaced += _tr("; seitdem {n} Dienste geändert").format(n=summary.changed)
        lines.append(replaced + ".")
    else:
        lines.append(_tr("Die Woche war noch nicht veröffentlicht."))
    return lines


def copy_lines(summary: CopySummary) -> list[str]:
    """What copying will do, line by line (German)."""
    lines = [
        _tr(
            "{duties} Dienste mit {assignments} Einteilungen aus {source} kommen nach {target}."
        ).format(
            duties=summary.duties,
            assignments=summary.assignments,
            source=week_title(summary.source),
            target=week_title(summary.target),
        )
    ]
    if summary.target_duties:
        lines.append(
            _tr(
                "In {target} stehen schon {duties} Dienste mit {assignments} Einteilungen: "
                "sie bleiben, nichts wird überschrieben; die Kopien kommen hinzu."
            ).format(
                target=f"KW {summary.target.isocalendar().week}",
                duties=summary.target_duties,
                assignments=summary.target_assignments,
            )
        )
    else:
        lines.append(_tr("Die Zielwoche ist leer; nichts wird überschrieben."))
    if summary.doubled:
        lines.append(
            _tr(
                "Achtung: {n} Dienste gäbe es danach doppelt (gleicher Tag, gleiche Zeit, Art und "
                "Gebiet)."
            ).format(n=summary.doubled)
        )
    if summary.target_state.is_published:
        lines.append(
            _tr(
                "Die Zielwoche ist {published}: die Kopien erscheinen dort als geändert (*)."
            ).format(published=_published(summary.target_state))
        )
    lines.append(
        _tr("Danach zeigt der Dienstplan die Zielwoche; Strg+Z macht das Kopieren rückgängig.")
    )
    return lines


class WeekConfirmDialog(QDialog):
    """The summary, a reason where the rules demand one, and the verb as the default button."""

    def __init__(
        self,
        title: str,
        lines: list[str],
        verb: str,
        confirm: Callable[[str | None], bool],
        parent: QWidget | None = None,
        *,
        reason_needed: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("weekConfirmDialog")
        self.setWindowTitle(title)
        self._confirm = confirm
        self.summary = QLabel("<br>".join(f"• {line}" for line in lines))
        self.summary.setObjectName("weekSummary")
        self.summary.setWordWrap(True)
        self.lines = lines
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        self.reason_edit: QLineEdit | None = None
        if reason_needed:
            note = QLabel(reason_needed)
            note.setObjectName("errorLabel")
            note.setWordWrap(True)
            self.reason_edit = QLineEdit()
            self.reason_edit.setObjectName("publishReason")
            self.reason_edit.setPlaceholderText(_tr("Grund (kommt ins Protokoll)"))
            label = QLabel(_tr("&Grund:"))
            label.setBuddy(self.reason_edit)
            layout.addWidget(note)
            layout.addWidget(label)
            layout.addWidget(self.reason_edit)
            self.reason_edit.textChanged.connect(self._update)
        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(verb, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setDefault(True)
        self.buttons.addButton(_tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.take)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self._update()
        if self.reason_edit is not None:
            self.reason_edit.setFocus()
        else:
            self.confirm_button.setFocus()

    def _update(self) -> None:
        if self.reason_edit is not None:
            self.confirm_button.setEnabled(bool(self.reason_edit.text().strip()))

    def take(self) -> None:
        """Do it; the dialog closes only when it worked."""
        reason = self.reason_edit.text().strip() if self.reason_edit is not None else None
        if self.reason_edit is not None and not reason:
            return
        if self._confirm(reason):
            self.accept()
