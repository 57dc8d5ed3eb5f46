"""Verwaltung: the audit log (list, filters, verification) and data protection (retention).

For administrators; the services refuse everyone else (PermissionDenied), and the page then
says so instead of showing anything. Checking the chain runs on a worker thread: it reads
every entry once. The purge shows what it will do and asks before it runs.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.audit import (
    AuditFilter,
    AuditVerification,
    action_label,
    table_label,
)
from kod_desk.domain.changes import Entity
from kod_desk.domain.errors import UserError
from kod_desk.domain.permissions import Permission
from kod_desk.domain.retention import MAX_MONTHS, MIN_MONTHS, RetentionPreview
from kod_desk.domain.timeutil import format_date, utcnow
from kod_desk.ui.background import Background
from kod_desk.ui.messages import show_error
from kod_desk.ui.models.audit_models import AuditLogModel, PeerAuditModel
from kod_desk.ui.pages.base import ChangeBus, Page
from kod_desk.ui.widgets.choices import fill_choices
from kod_desk.ui.widgets.data_table import DataTable

if TYPE_CHECKING:
    from kod_desk.services.registry import Services
    from kod_desk.ui.settings import Settings

_GOOD = "QLabel { background: #e6f4ea; color: #1e6b34; padding: 8px; border-radius: 3px; }"
_BAD = "QLabel { background: #fbe9e7; color: #a4262c; padding: 8px; border-radius: 3px; }"
_NOTE = "QLabel { background: #fff3cd; color: #664d03; padding: 6px; border-radius: 3px; }"
LIMITS = (200, 1000, 5000)
PERIOD_DAYS = (1, 7, 30, 0)  # 0: everything


class AdminPage(Page):
    """Verwaltung: "Protokoll" and "Datenschutz" tabs."""

    key = "admin"

    def __init__(self, settings: Settings, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(settings, bus, parent)
        self.setObjectName("adminPage")
        self.setWindowTitle(self.tr("Verwaltung"))
        self.preview: RetentionPreview | None = None
        self._names: dict[str, str] = {}  # service number -> "Koch, Patrick (K-1000)"
        self.verify_worker = Background("kod-desk-verify", self)
        self.verified = self.verify_worker.finished  # request number, AuditVerification or error
        self._verifying = False

        heading = QLabel(self.tr("Verwaltung"))
        heading.setObjectName("pageHeading")
        self.denied_label = QLabel()
        self.denied_label.setObjectName("adminDenied")
        self.denied_label.setWordWrap(True)
        self.denied_label.setStyleSheet(_NOTE)
        self.denied_label.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_log_tab(), self.tr("Protokoll"))
        self.tabs.addTab(self._build_privacy_tab(), self.tr("Datenschutz"))
        self.tabs.addTab(self._build_peers_tab(), self.tr("Andere Stationen"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.denied_label)
        layout.addWidget(self.tabs, 1)
        self.verify_worker.finished.connect(self._on_verified)
        self.gate(self.verify_button, Permission.READ_AUDIT)
        for control in (self.save_months_button, self.run_button):
            self.gate(control, Permission.RETENTION)

    # ------------------------------------------------------------ building

    def _build_log_tab(self) -> QWidget:
        tab = QWidget()
        self.actor_combo = QComboBox()
        self.actor_combo.setObjectName("auditActor")
        self.action_combo = QComboBox()
        self.action_combo.setObjectName("auditAction")
        self.table_combo = QComboBox()
        self.table_combo.setObjectName("auditTableFilter")
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("auditPeriod")
        for days, text in zip(
            PERIOD_DAYS,
            (
                self.tr("letzte 24 Stunden"),
                self.tr("letzte 7 Tage"),
                self.tr("letzte 30 Tage"),
                self.tr("gesamter Zeitraum"),
            ),
            strict=True,
        ):
            self.period_combo.addItem(text, days)
        self.period_combo.setCurrentIndex(len(PERIOD_DAYS) - 1)
        self.limit_combo = QComboBox()
        self.limit_combo.setObjectName("auditLimit")
        for limit in LIMITS:
            self.limit_combo.addItem(self.tr("neueste {n}").format(n=limit), limit)
        for combo in (
            self.actor_combo,
            self.action_combo,
            self.table_combo,
            self.period_combo,
            self.limit_combo,
        ):
            combo.currentIndexChanged.connect(lambda _i: self.load_entries())
        self.verify_button = QPushButton(self.tr("Protokoll prüfen"))
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.setToolTip(
            self.tr("Prüft die Hash-Kette aller Einträge und nennt den ersten veränderten")
        )
        self.verify_button.clicked.connect(lambda _c=False: self.start_verify())
        self.verify_label = QLabel()
        self.verify_label.setObjectName("verifyResult")
        self.verify_label.setWordWrap(True)
        self.verify_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_label.hide()

        self.model = AuditLogModel(self.actor_text, parent=self)
        self.table = DataTable(self.model, self.settings, "admin/audit", self)
        self.table.setObjectName("auditList")
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")

        filters = QHBoxLayout()
        for label, combo in (
            (self.tr("Benutzer"), self.actor_combo),
            (self.tr("Aktion"), self.action_combo),
            (self.tr("Tabelle"), self.table_combo),
            (self.tr("Zeitraum"), self.period_combo),
            (self.tr("Anzahl"), self.limit_combo),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo)
        filters.addStretch(1)
        filters.addWidget(self.verify_button)
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(self.verify_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        return tab

    def _build_privacy_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel(
            self.tr(
                "Personendaten (Betroffene, Zeugen, Hinweisgeber) abgeschlossener Vorkommnisse "
                "werden nach der Aufbewahrungsfrist gelöscht: Namen, Geburtsdatum, Anschrift und "
                "Bemerkung werden geleert, die Rolle bleibt. Das Vorkommnis selbst bleibt "
                "erhalten. Beschreibungen und Vermerke (Freitext) bleiben unverändert und können "
                "Namen enthalten. Die Bereinigung läuft bei jedem Start und hier auf Wunsch; "
                "vorher wird eine Sicherung angelegt, die 7 Tage erhalten bleibt. Ältere "
                "Sicherungen werden ohne die gelöschten Personen neu geschrieben."
            )
        )
        intro.setWordWrap(True)
        self.months_spin = QSpinBox()
        self.months_spin.setObjectName("retentionMonths")
        self.months_spin.setRange(MIN_MONTHS, MAX_MONTHS)
        self.months_spin.setSuffix(self.tr(" Monate"))
        self.save_months_button = QPushButton(self.tr("Frist übernehmen"))
        self.save_months_button.setObjectName("saveMonthsButton")
        self.save_months_button.clicked.connect(lambda _c=False: self.save_months())
        period = QHBoxLayout()
        period.addWidget(self.months_spin)
        period.addWidget(self.save_months_button)
        period.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Aufbewahrungsfrist nach Abschluss:"), period)

        box = QGroupBox(self.tr("Was jetzt gelöscht würde"))
        self.preview_label = QLabel()
        self.preview_label.setObjectName("retentionPreview")
        self.preview_label.setWordWrap(True)
        self.years_label = QLabel()
        self.years_label.setObjectName("retentionYears")
        self.years_label.setWordWrap(True)
        self.run_button = QPushButton(self.tr("Jetzt bereinigen …"))
        self.run_button.setObjectName("purgeButton")
        self.run_button.clicked.connect(lambda _c=False: self.run_purge())
        self.result_label = QLabel()
        self.result_label.setObjectName("retentionResult")
        self.result_label.setWordWrap(True)
        self.result_label.setStyleSheet(_GOOD)
        self.result_label.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addStretch(1)
        inner = QVBoxLayout(box)
        inner.addWidget(self.preview_label)
        inner.addWidget(self.years_label)
        inner.addLayout(buttons)
        inner.addWidget(self.result_label)

        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addStretch(1)
        return tab

    def _build_peers_tab(self) -> QWidget:
        tab = QWidget()
        intro = QLabel(
            self.tr(
                "Jedes Synchronisationspaket trägt den Stand des Protokolls seiner Station. "
                "Hier steht, ob jede Station ihr Protokoll seit ihrem ersten Paket nur "
                "fortgeschrieben hat – eine umgeschriebene Vergangenheit fällt beim nächsten "
                "Paket auf."
            )
        )
        intro.setWordWrap(True)

        self.peer_audit_model = PeerAuditModel(parent=self)
        self.peer_audit_table = DataTable(
            self.peer_audit_model, self.settings, "admin/peer_audit", self
        )
        self.peer_audit_table.setObjectName("peerAuditList")
        self.peer_audit_label = QLabel()
        self.peer_audit_label.setObjectName("peerAuditResult")
        self.peer_audit_label.setWordWrap(True)
        self.peer_audit_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(tab)
        layout.addWidget(intro)
        layout.addWidget(self.peer_audit_label)
        layout.addWidget(self.peer_audit_table, 1)
        return tab

    def load_peer_audits(self) -> None:
        try:
            reports = self._services().sync.peer_audits()
        except UserError as error:
            self.peer_audit_label.setText(error.message)
            return
        self.peer_audit_model.set_rows(reports)
        for column in range(3):  # short columns fit; the finding takes the rest
            self.peer_audit_table.resizeColumnToContents(column)
        broken = [r for r in reports if r.findings]
        if broken:
            self.peer_audit_label.setStyleSheet(_BAD)
            self.peer_audit_label.setText(broken[0].findings[-1])
        elif any(r.newest for r in reports):
            self.peer_audit_label.setStyleSheet(_GOOD)
            self.peer_audit_label.setText(
                self.tr("Alle Stationen haben ihr Protokoll nur fortgeschrieben.")
            )
        else:
            self.peer_audit_label.setStyleSheet(_NOTE)
            self.peer_audit_label.setText(self.tr("Noch kein Paket einer anderen Station."))

    def search_field(self) -> QWidget | None:
        """Override of Page.search_field: the log's first filter (who acted)."""
        return self.actor_combo

    # ------------------------------------------------------------ data

    def shows(self) -> tuple[Any, ...]:
        """Override of Page.shows: every write adds to the log."""
        return tuple(Entity)

    def _services(self) -> Services:
        assert self.services is not None
        return self.services

    def reload(self) -> None:
        """Override of Page.reload: filter lists, the newest entries, the retention preview."""
        try:
            actors, actions, tables = self._services().audit.filter_choices()
        except UserError as error:
            self._deny(error.message)
            return
        self.denied_label.hide()
        self.tabs.setEnabled(True)
        self._names = {
            o.service_number.casefold(): f"{o.display_name} ({o.service_number})"
            for o in self._services().masterdata.officers()
        }
        for combo, values, label in (
            (self.actor_combo, actors, self.actor_text),
            (self.action_combo, actions, action_label),
            (self.table_combo, tables, table_label),
        ):
            choices = sorted(((value, label(value)) for value in values), key=lambda c: c[1])
            fill_choices(combo, self.tr("alle"), choices)
        self.load_entries()
        self.load_retention()
        self.load_peer_audits()

    def actor_text(self, actor: str) -> str:
        """Who acted: the officer's name and service number, else the stored name."""
        return self._names.get(actor.casefold(), actor)

    def _deny(self, message: str) -> None:
        self.denied_label.setText(message)
        self.denied_label.show()
        self.tabs.setEnabled(False)
        self.model.set_rows([])

    def current_filter(self) -> AuditFilter:
        days = int(self.period_combo.currentData() or 0)
        return AuditFilter(
            actor=self.actor_combo.currentData(),
            action=self.action_combo.currentData(),
            table_name=self.table_combo.currentData(),
            since=utcnow() - timedelta(days=days) if days else None,
        )

    def load_entries(self) -> None:
        if self.services is None:
            return
        limit = int(self.limit_combo.currentData() or LIMITS[0])
        try:
            rows = self._services().audit.recent(limit, self.current_filter())
        except UserError as error:
            self._deny(error.message)
            return
        self.model.set_rows(rows)
        if len(rows) >= limit:
            text = self.tr("die neuesten {n} Einträge").format(n=len(rows))
        else:
            text = self.tr("{n} Einträge").format(n=len(rows))
        self.count_label.setText(text)

    # ------------------------------------------------------------ verification

    @property
    def verifying(self) -> bool:
        return self._verifying

    def start_verify(self) -> bool:
        """Check the chain on a worker thread; ``verified`` brings the answer back. False when
        nothing started (no database, or a check is still running)."""
        if self.services is None or self._verifying:
            return False
        self._verifying = True
        self.verify_button.setEnabled(False)
        self.verify_label.setStyleSheet(_NOTE)
        self.verify_label.setText(self.tr("Protokoll wird geprüft …"))
        self.verify_label.show()
        audit = self._services().audit
        self.verify_worker.start(lambda _progress: audit.verify())
        return True

    def _on_verified(self, request: int, outcome: object) -> None:
        if not self.verify_worker.is_current(request):
            return  # superseded by a newer check
        self._verifying = False
        self.verify_button.setEnabled(True)
        if not isinstance(outcome, AuditVerification):
            self.verify_label.hide()
            show_error(self, outcome if isinstance(outcome, BaseException) else RuntimeError())
            return
        if outcome.intact:
            self.verify_label.setStyleSheet(_GOOD)
            self.verify_label.setText(
                self.tr("Protokoll unversehrt: {n} Einträge geprüft.").format(n=outcome.checked)
            )
        else:
            assert outcome.finding is not None
            self.verify_label.setStyleSheet(_BAD)
            self.verify_label.setText(
                self.tr("Protokoll verändert! Erster betroffener Eintrag: {text}").format(
                    text=outcome.finding.description
                )
            )

    # ------------------------------------------------------------ retention

    def load_retention(self) -> None:
        retention = self._services().retention
        try:
            policy = retention.policy()
            self.preview = retention.preview()
        except UserError as error:
            show_error(self, error)
            return
        self.months_spin.setValue(policy.months)
        preview = self.preview
        self.preview_label.setText(preview.message)
        if preview.is_empty:
            self.years_label.setText("")
        else:
            lines = [
                self.tr(
                    "abgeschlossen {year}: {incidents} Vorkommnisse, {persons} Personen"
                ).format(year=year, incidents=incidents, persons=persons)
                for year, incidents, persons in preview.per_year
            ]
            if preview.oldest_closed is not None:
                lines.append(
                    self.tr("ältester Abschluss: {date}").format(
                        date=format_date(preview.oldest_closed)
                    )
                )
            self.years_label.setText("\n".join(lines))
        self.run_button.setEnabled(not preview.is_empty)

    def save_months(self) -> None:
        try:
            self.publish(self._services().retention.set_policy(self.months_spin.value()))
        except Exception as error:
            show_error(self, error)
            return
        self.result_label.hide()
        self.load_retention()

    def run_purge(self) -> None:
        """Show what will be deleted, ask, then purge (after a backup) and say what happened."""
        self.load_retention()
        preview = self.preview
        if preview is None or preview.is_empty:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Personendaten bereinigen"),
            self.tr("{preview} Fortfahren?").format(preview=preview.message),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            result = self.publish(self._services().retention.run())
        except Exception as error:
            show_error(self, error)
            return
        self.result_label.setText(result.message)
        self.result_label.show()
        self.load_retention()
        self.load_entries()
