"""Login, first administrator and the idle lock (issue 6 item 1).

One dialog in three modes: ``FIRST_ADMIN`` (no password anywhere yet: create the
administrator), ``LOGIN`` and ``UNLOCK`` (the app locked itself; the same officer's password,
or another officer's login, which switches the user). A failed login shows the service's one
German text; after repeated failures the button waits a growing number of seconds, counted by
this dialog (not per account, so the wait says nothing about who exists).
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from kod_desk.domain.auth import LoginSession, delay_after
from kod_desk.domain.errors import UserError

if TYPE_CHECKING:
    from kod_desk.services.registry import Services


class Mode(Enum):
    FIRST_ADMIN = "first_admin"
    LOGIN = "login"
    UNLOCK = "unlock"


class LoginDialog(QDialog):
    def __init__(
        self,
        services: Services,
        mode: Mode,
        user: str = "",
        parent: Any = None,
        *,
        manual: bool = False,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.mode = mode
        self.manual = manual  # UNLOCK: locked with Strg+L, not after inactivity
        self.session: LoginSession | None = None
        self._failures = 0
        self._wait = 0
        self.setModal(True)
        self.setMinimumWidth(420)
        title, intro = self._texts()
        self.setWindowTitle(title)
        self.intro = QLabel(intro)
        self.intro.setObjectName("loginIntro")
        self.intro.setWordWrap(True)
        self.service_number_edit = QLineEdit(user)
        self.service_number_edit.setMaxLength(20)
        self.last_name_edit = QLineEdit()
        self.first_name_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&Dienstnummer:"), self.service_number_edit)
        if mode is Mode.FIRST_ADMIN:
            form.addRow(self.tr("&Nachname:"), self.last_name_edit)
            form.addRow(self.tr("&Vorname:"), self.first_name_edit)
        form.addRow(self.tr("&Passwort:"), self.password_edit)
        if mode is Mode.FIRST_ADMIN:
            form.addRow(self.tr("Passwort &wiederholen:"), self.repeat_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._build_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        first = self.password_edit if user else self.service_number_edit
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox()
        ok_text = (
            self.tr("Anlegen und &anmelden")
            if self.mode is Mode.FIRST_ADMIN
            else self.tr("&Anmelden")
        )
        self._ok_text = ok_text
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setObjectName("loginButton")
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.tr("Beenden")
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

    def _texts(self) -> tuple[str, str]:
        mode = self.mode
        titles = {
            Mode.FIRST_ADMIN: self.tr("Ersten Administrator anlegen"),
            Mode.LOGIN: self.tr("Anmeldung"),
            Mode.UNLOCK: self.tr("KOD Desk ist gesperrt"),
        }
        intro = {
            Mode.FIRST_ADMIN: self.tr(
                "Noch hat niemand ein Passwort. Legen Sie die Administratorin oder den "
                "Administrator an; weitere Passwörter setzt die Administration in den Stammdaten."
            ),
            Mode.LOGIN: self.tr("Bitte mit Dienstnummer und Passwort anmelden."),
            Mode.UNLOCK: (
                self.tr(
                    "Gesperrt (manuell, Strg+L). Zum Entsperren das Passwort eingeben – "
                    "oder mit einer anderen Dienstnummer anmelden (Benutzer wechseln)."
                )
                if self.manual
                else self.tr(
                    "Nach längerer Untätigkeit gesperrt. Zum Entsperren das Passwort eingeben – "
                    "oder mit einer anderen Dienstnummer anmelden (Benutzer wechseln)."
                )
            ),
        }
        return titles[mode], intro[mode]

    def _submit(self) -> None:
        if self._wait > 0:
            return
        auth = self.services.auth
        try:
            if self.mode is Mode.FIRST_ADMIN:
                self.session = auth.create_first_admin(
                    self.service_number_edit.text(),
                    self.last_name_edit.text(),
                    self.first_name_edit.text(),
                    self.password_edit.text(),
                    self.repeat_edit.text(),
                ).value  # no page is open yet that could show the new officer
            else:
                self.session = auth.login(
                    self.service_number_edit.text(), self.password_edit.text()
                )
        except UserError as error:
            self._failed(error.message)
            return
        self.accept()

    def _failed(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.password_edit.clear()
        self.repeat_edit.clear()
        self.password_edit.setFocus()
        if self.mode is Mode.FIRST_ADMIN:
            return
        self._failures += 1
        self._wait = delay_after(self._failures)
        if self._wait > 0:
            self.ok_button.setEnabled(False)
            self._show_wait()
            self._timer.start()

    def _show_wait(self) -> None:
        self.ok_button.setText(self.tr("Bitte {seconds} s warten …").format(seconds=self._wait))

    def _tick(self) -> None:
        self._wait -= 1
        if self._wait > 0:
            self._show_wait()
            return
        self._timer.stop()
        self.ok_button.setText(self._ok_text)
        self.ok_button.setEnabled(True)
