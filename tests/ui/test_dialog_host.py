"""The one dialog host of pages and the incident dialog: one form at a time, cleaned up after."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialog, QWidget

from kod_desk.ui.dialog_host import DialogHost


def test_one_form_at_a_time_window_modal_and_deleted_when_done(qtbot: Any) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    host = DialogHost()
    first = host.open(QDialog(owner))
    assert host.current is first
    assert first.isVisible()
    assert first.windowModality() is Qt.WindowModality.WindowModal  # no nested event loop
    destroyed: list[str] = []
    first.destroyed.connect(lambda: destroyed.append("first"))

    second = host.open(QDialog(owner))  # starting something new closes the old form
    assert not first.isVisible()
    assert first.result() == QDialog.DialogCode.Rejected
    assert host.current is second
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert destroyed == ["first"]

    second.accept()
    assert host.current is None
