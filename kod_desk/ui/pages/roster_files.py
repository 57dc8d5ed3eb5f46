"""File actions of the roster page: CSV and Excel (.xlsx) import/export, iCal, the §16 record.

RosterFiles gets the week shown, the selection, the writer and the dialog host in its
constructor; the page wires its menu actions to them.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kod_desk.domain.errors import UserError
from kod_desk.ui.dialogs.overtime_dialog import OvertimeDialog
from kod_desk.ui.messages import show_error
from kod_desk.ui.pages.roster_state import translate

if TYPE_CHECKING:
    from kod_desk.ui.dialog_host import DialogHost
    from kod_desk.ui.pages.roster_state import (
        RosterSelection,
        RosterWeek,
        RosterWriter,
        ServicesSource,
    )
    from kod_desk.ui.settings import Settings


class RosterFiles:
    """Import, export, calendar and the overtime record of the shown week."""

    def __init__(
        self,
        parent: QWidget,
        services: ServicesSource,
        week: RosterWeek,
        selection: RosterSelection,
        writer: RosterWriter,
        dialogs: DialogHost,
        settings: Settings,
    ) -> None:
        self._parent = parent
        self._services = services
        self._week = week
        self._selection = selection
        self._writer = writer
        self._dialogs = dialogs
        self._settings = settings
        self.last_import_summary = ""

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._parent,
            translate("RosterPage", "Dienstplan importieren"),
            "",
            ";;".join(
                (
                    translate("RosterPage", "Dienstpläne (*.xlsx *.csv)"),
                    _xlsx_filter(),
                    _csv_filter(),
                    translate("RosterPage", "Alle (*)"),
                )
            ),
        )
        if path:
            self.import_roster_file(Path(path))

    def import_roster_file(self, path: Path) -> bool:
        """Import a roster CSV or Excel workbook (by its extension); bad lines are listed and
        nothing is imported unless the supervisor explicitly chooses the good duties only."""
        services = self._services()
        if services is None:
            return False
        from kod_desk.services.roster_io import ImportRefusedError, roster_format
        from kod_desk.services.roster_xlsx import MAX_FILE_BYTES

        file_format = roster_format(path.name)
        try:
            if file_format == "xlsx" and path.stat().st_size > MAX_FILE_BYTES:
                # Not even read into memory: the service would refuse it anyway.
                show_error(
                    self._parent,
                    UserError(
                        translate(
                            "RosterPage",
                            "{0}: größer als {1} MB – das ist kein Dienstplan.",
                        ).format(path.name, MAX_FILE_BYTES // 2**20)
                    ),
                    translate("RosterPage", "Import"),
                )
                return False
            data = path.read_bytes()
        except OSError as error:
            show_error(
                self._parent,
                UserError(f"{path}: Datei lässt sich nicht lesen ({error.strerror})."),
                translate("RosterPage", "Import"),
            )
            return False
        service = services.roster_io
        try:
            result = service.import_file(data, file_format)
        except ImportRefusedError as refused:
            if not self.ask_import_good_rows(refused.messages):
                return False
            try:
                result = service.import_file(data, file_format, good_rows_only=True)
            except UserError as error:
                show_error(self._parent, error, translate("RosterPage", "Import"))
                return False
        except UserError as error:
            show_error(self._parent, error, translate("RosterPage", "Import"))
            return False
        self._writer.publish(result)
        self.last_import_summary = result.value.summary
        QMessageBox.information(
            self._parent, translate("RosterPage", "Import"), result.value.summary
        )
        return True

    def ask_import_good_rows(self, messages: list[str]) -> bool:
        """Show the line-by-line report; True when only the good duties shall be imported."""
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("RosterPage", "Import"))
        box.setText(messages[0])
        box.setInformativeText(
            translate("RosterPage", "Die fehlerhaften Zeilen stehen unter „Details“.")
        )
        box.setDetailedText("\n".join(messages[1:]))
        good = box.addButton(
            translate("RosterPage", "Nur fehlerfreie Dienste importieren"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(
            translate("RosterPage", "Nichts importieren"),
            QMessageBox.ButtonRole.RejectRole,
        )
        box.exec()
        return box.clickedButton() is good

    def show_overtime(self) -> OvertimeDialog | None:
        """Hours beyond 8 per day of this week (actual times where recorded)."""
        services = self._services()
        if services is None:
            return None
        monday, last = self._week.monday, self._week.last
        entries = services.roster.overtime(monday, last)
        return self._dialogs.open(
            OvertimeDialog(entries, monday, last, self._settings, self._parent)
        )

    def choose_export(self) -> None:
        xlsx, csv = _xlsx_filter(), _csv_filter()
        path, chosen = QFileDialog.getSaveFileName(
            self._parent,
            translate("RosterPage", "Dienstplan exportieren"),
            f"dienstplan_{self._week.monday:%Y-%m-%d}.xlsx",
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
        services = self._services()
        if services is None:
            return False
        from kod_desk.services.roster_io import roster_format

        data = services.roster_io.export_file(
            self._week.monday, self._week.last, roster_format(path.name)
        )
        return self._write(path, data)

    def choose_ical(self) -> None:
        officer = self._selection.officer()
        if officer is None:
            show_error(
                self._parent,
                UserError(translate("RosterPage", "Bitte zuerst eine Dienstkraft markieren.")),
            )
            return
        path, _ = QFileDialog.getSaveFileName(
            self._parent,
            translate("RosterPage", "Dienste als Kalender speichern"),
            f"dienste_{officer.service_number}.ics",
            translate("RosterPage", "Kalender (*.ics)"),
        )
        if path:
            self.export_ical_file(Path(path))

    def export_ical_file(self, path: Path) -> bool:
        services = self._services()
        officer = self._selection.officer()
        if officer is None or services is None:
            return False
        monday = self._week.monday
        data = services.roster_io.export_ical(
            officer.service_number, monday, monday + timedelta(days=27)
        )
        return self._write(path, data)

    def _write(self, path: Path, data: bytes) -> bool:
        try:
            path.write_bytes(data)
        except OSError as error:
            show_error(
                self._parent,
                UserError(f"{path}: Datei lässt sich nicht schreiben ({error.strerror})."),
                translate("RosterPage", "Export"),
            )
            return False
        return True


def _xlsx_filter() -> str:
    return translate("RosterPage", "Excel-Arbeitsmappe (*.xlsx)")


def _csv_filter() -> str:
    return translate("RosterPage", "CSV-Dateien (*.csv)")
