"""The window's side of backups: the damaged-database offer and the Sicherungen dialog."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kod_desk.services.startup import open_database
from kod_desk.storage.backup import list_backups

SHOTS = Path(os.environ.get("KOD_TEST_SHOTS", "/tmp"))


def _make_database(path: Path) -> None:
    opened = open_database(str(path))
    opened.services.masterdata  # noqa: B018 - an initialised, non-demo database
    opened.close()


def _station_names(path: Path) -> str:
    opened = open_database(str(path))
    try:
        return opened.station_name
    finally:
        opened.close()


def test_a_damaged_database_offers_the_newest_backup(app_factory, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kod.sqlite"
    _make_database(path)
    station = _station_names(path)
    opened = open_database(str(path))
    opened.services.db.backup("stuendlich")
    opened.close()
    with path.open("r+b") as handle:
        handle.write(os.urandom(100))

    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "damagedDatabaseBox":
            QTimer.singleShot(50, answer)
            return
        seen.append(box.text())
        box.grab().save(str(SHOTS / "kod_damaged_database.png"))
        labels = [button.text() for button in box.buttons()]
        assert labels == ["Neueste Sicherung wiederherstellen", "Beenden"]
        box.buttons()[0].click()

    QTimer.singleShot(50, answer)
    application = app_factory(path, wait=False)
    qtbot.waitUntil(lambda: application.window.services is not None, timeout=30_000)
    assert "ist beschädigt" in seen[0] and "Neueste brauchbare Sicherung" in seen[0]
    assert application.opened is not None and application.opened.station_name == station
    assert list(tmp_path.glob("kod-beschaedigt-*.sqlite"))


def test_backup_dialog_backs_up_and_restores(
    app_factory, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kod.sqlite"
    _make_database(path)
    application = app_factory(path)
    window = application.window
    # The backup on start runs on the opener's thread after the window got the database.
    qtbot.waitUntil(lambda: len(list_backups(path)) == 1, timeout=30_000)
    dialog = window.open_backups()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.model.rowCount() == 1
    assert dialog.model.row_at(0).reason_text == "beim Start"
    qtbot.mouseClick(dialog.backup_button, qtbot_button())
    assert dialog.model.rowCount() == 2
    assert dialog.model.row_at(0).reason_text == "von Hand"
    dialog.grab().save(str(SHOTS / "kod_backup_dialog.png"))

    # A change after the backups, then restore the newest one: the change is gone.
    services = window.services
    assert services is not None
    services.setup.rename_station("Nach der Sicherung")
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.database_opened, timeout=30_000):
        qtbot.mouseClick(dialog.restore_button, qtbot_button())
    assert application.opened is not None
    assert application.opened.station_name != "Nach der Sicherung"
    reasons = [b.name.reason for b in list_backups(path)]
    assert "vor-wiederherstellung" in reasons


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
