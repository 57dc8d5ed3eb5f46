"""File actions of the roster page: CSV and Excel (.xlsx) import/export, iCal, the §16 record.

A mixin so the page keeps one place for its widgets while these flows live apart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kod_desk.domain.errors import UserError
from kod_desk.ui.dialogs.overtime_dialog import OvertimeDialog
from kod_desk.ui.messages import show_error


class RosterFilesMixin:
    """Needs ``services``, ``monday``, ``settings``, ``selected_officer`` and ``publish``."""

    services: Any
    monday: Any
    settings: Any
    current_dialog: Any
    last_import_summary: str

    def _widget(self) -> QWidget:
        return cast(QWidget, self)

    # Provided by RosterPage / Page (annotations only: nothing here shadows them in the MRO).
    selected_officer: Callable[[], Any]
    publish: Callable[[Any], Any]

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._widget(),
            QCoreApplication.translate("RosterPage", "Dienstplan importieren"),
            "",
            ";;".join(
                (
                    QCoreApplication.translate("RosterPage", "Dienstpläne (*.xlsx *.csv)"),
                    _xlsx_filter(),
                    _csv_filter(),
                    QCoreApplication.translate("RosterPage", "Alle (*)"),
                )
            ),
        )
        if path:
            self.import_roster_file(Path(path))

    def import_roster_file(self, path: Path) -> bool:
        """Import a roster CSV or Excel workbook (by its extension); bad lines are listed and
        nothing is imported unless the supervisor explicitly chooses the good duties only."""
        if self.services is None:
            return False
        from kod_desk.services.roster_io import ImportRefusedError, roster_format
        from kod_desk.services.roster_xlsx import MAX_FILE_BYTES

        file_format = roster_format(path.name)
        try:
            if file_format == "xlsx" and path.stat().st_size > MAX_FILE_BYTES:
                # Not even read into memory: the service would refuse it anyway.
                show_error(
                    self._widget(),
                    UserError(
                        QCoreApplication.translate(
                            "RosterPage",
                            "{0}: größer als {1} MB – das ist kein Dienstplan.",
                        ).format(path.name, MAX_FILE_BYTES // 2**20)
                    ),
                    QCoreApplication.translate("RosterPage", "Import"),
                )
                return False
            data = path.read_bytes()
        except OSError as error:
            show_error(
                self._widget(),
                UserError(f"{path}: Datei lässt sich nicht lesen ({error.strerror})."),
                QCoreApplication.translate("RosterPage", "Import"),
            )
            return False
        service = self.services.roster_io
        try:
            result = service.import_file(data, file_format)
        except ImportRefusedError as refused:
            if not self.ask_import_good_rows(refused.messages):
                return False
            try:
                result = service.import_file(data, file_format, good_rows_only=True)
            except UserError as error:
                show_error(
                    self._widget(), error, QCoreApplication.translate("RosterPage", "Import")
                )
                return False
        except UserError as error:
            show_error(self._widget(), error, QCoreApplication.translate("RosterPage", "Import"))
            return False
        self.publish(result)
        self.last_import_summary = result.value.summary
        QMessageBox.information(
            self._widget(), QCoreApplication.translate("RosterPage", "Import"), result.value.summary
        )
        return True

    def ask_import_good_rows(self, messages: list[str]) -> bool:
        """Show the line-by-line report; True when only the good duties shall be imported."""
        box = QMessageBox(self._widget())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("RosterPage", "Import"))
        box.setText(messages[0])
        box.setInformativeText(
            QCoreApplication.translate(
                "RosterPage", "Die fehlerhaften Zeilen stehen unter „Details“."
            )
        )
        box.setDetailedText("\n".join(messages[1:]))
        good = box.addButton(
            QCoreApplication.translate("RosterPage", "Nur fehlerfreie Dienste importieren"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(
            QCoreApplication.translate("RosterPage", "Nichts importieren"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.exec()
        return box.clickedButton() is good

    def show_overtime(self) -> OvertimeDialog | None:
        """Hours beyond 8 per day of this week (actual times where recorded)."""
        if self.services is None:
            return None
        last = self.monday + timedelta(days=6)
        entries = self.services.roster.overtime(self.monday, last)
        dialog = OvertimeDialog(entries, self.monday, last, self.settings, self._widget())
        dialog.finished.connect(lambda _result: setattr(self, "current_dialog", None))
        self.current_dialog = dialog
        dialog.open()
        return dialog

    def _choose_export(self) -> None:
        xlsx, csv = _xlsx_filter(), _csv_filter()
        path, chosen = QFileDialog.getSaveFileName(
            self._widget(),
            QCoreApplication.translate("RosterPage", "Dienstplan exportieren"),
            f"dienstplan_{self.monday:%Y-%m-%d}.xlsx",
            f"{xlsx};;{csv}",
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in {".xlsx", ".csv"}:
            # A name typed without an extension: the filter the user chose says the format.
            target = target.with_name(target.name + (".csv" if chosen == csv else ".xlsx"))
        self.export_roster_file(target)

    def export_roster_file(self, path: Path) -> bool:
        """The week as a CSV or Excel workbook, by the extension of ``path``."""
        if self.services is None:
            return False
        from kod_desk.services.roster_io import roster_format

        data = self.services.roster_io.export_file(
            self.monday, self.monday + timedelta(days=6), roster_format(path.name)
        )
        return self._write(path, data)

    # The names the page and its tests knew before .xlsx arrived.
    import_csv_file = import_roster_file
    export_csv_file = export_roster_file

    def _choose_ical(self) -> None:
        officer = self.selected_officer()
        if officer is None:
            show_error(
                self._widget(),
                UserError(
                    QCoreApplication.translate(
                        "RosterPage", "Bitte zuerst eine Dienstkraft markieren."
                    )
                ),
            )
            return
        path, _ = QFileDialog.getSaveFileName(
            self._widget(),
            QCoreApplication.translate("RosterPage", "Dienste als Kalender speichern"),
            f"dienste_{officer.service_number}.ics",
            QCoreApplication.translate("RosterPage", "Kalender (*.ics)"),
        )
        if path:
            self.export_ical_file(Path(path))

    def export_ical_file(self, path: Path) -> bool:
        officer = self.selected_officer()
        if officer is None or self.services is None:
            return False
        data = self.services.roster_io.export_ical(
            officer.service_number, self.monday, self.monday + timedelta(days=27)
        )
        return self._write(path, data)

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.write_bytes(data)
        except OSError as error:
            show_error(
                self._widget(),
                UserError(f"{path}: Datei lässt sich nicht schreiben ({error.strerror})."),
                QCoreApplication.translate("RosterPage", "Export"),
            )
            return False
        return True


def _xlsx_filter() -> str:
    return QCoreApplication.translate("RosterPage", "Excel-Arbeitsmappe (*.xlsx)")


def _csv_filter() -> str:
    return QCoreApplication.translate("RosterPage", "CSV-Dateien (*.csv)")
