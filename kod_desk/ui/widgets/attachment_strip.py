"""Photos and documents of an incident as a strip of thumbnails (issue 5).

Thumbnails are made here (QImageReader, ~160 px, JPEG) and handed to the service with the
file; documents show the style's file icon. Double-click opens an attachment with the
system's viewer through a copy the service writes into the app's viewing folder under a
generated name (issue 13: never the stored name, never a type off the whitelist);
"Speichern unter …" writes it where the user chooses and proposes the cleaned name. Files over
the size limit, of a wrong type or already attached are refused with the service's German
message in a message box; the others of the same selection are still stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QImageReader, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kod_desk.domain.attachments import (
    AttachmentInfo,
    format_size,
    proposed_name,
    shown_name,
    size_problem,
)
from kod_desk.domain.errors import UserError
from kod_desk.domain.timeutil import format_local
from kod_desk.ui.messages import show_error

if TYPE_CHECKING:
    from kod_desk.services.base import Result
    from kod_desk.services.incidents import IncidentService

THUMBNAIL_SIZE = 160
ICON_SIZE = QSize(88, 88)
ATTACHMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def make_thumbnail(data: bytes, size: int = THUMBNAIL_SIZE) -> bytes | None:
    """A JPEG of at most ``size`` px on its longer side, or None when Qt cannot read the image."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # photos from phones carry their rotation in EXIF
    original = reader.size()
    if original.isValid() and (original.width() > size or original.height() > size):
        reader.setScaledSize(original.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    if image.width() > size or image.height() > size:  # formats that ignore setScaledSize
        image = image.scaled(
            size,
            size,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    if image.hasAlphaChannel():  # JPEG has none: put transparent images on white
        flat = QImage(image.size(), QImage.Format.Format_RGB32)
        flat.fill(Qt.GlobalColor.white)
        painter = QPainter(flat)
        painter.drawImage(0, 0, image)
        painter.end()
        image = flat
    out = QByteArray()
    target = QBuffer(out)
    target.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(target, "JPEG", 80):  # type: ignore[call-overload]  # stub wants bytes
        return None
    target.close()
    return bytes(out.data())


class AttachmentStrip(QGroupBox):
    """The attachments of one incident: thumbnails, add, open, save as."""

    def __init__(
        self,
        service: IncidentService,
        after_write: Callable[[Result[Any]], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Fotos und Dokumente"), parent)
        self.setObjectName("attachmentStrip")
        self._service = service
        self._after_write = after_write
        self._incident_id = ""
        self.attachments: list[AttachmentInfo] = []
        self.last_messages: list[str] = []

        self.list = QListWidget()
        self.list.setObjectName("attachmentList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setIconSize(ICON_SIZE)
        self.list.setGridSize(QSize(ICON_SIZE.width() + 44, ICON_SIZE.height() + 28))
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setWordWrap(False)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.list.setAcceptDrops(False)  # files dropped here go to the dialog
        self.list.viewport().setAcceptDrops(False)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setFixedHeight(ICON_SIZE.height() + 50)  # one row of cells + a scroll bar
        self._shown = self._stack_with_placeholder()
        self.add_button = QPushButton(self.tr("Anhang hin&zufügen …"))
        self.add_button.setObjectName("addAttachmentButton")
        self.add_button.setToolTip(
            self.tr("Fotos oder Dokumente auswählen – oder Dateien auf dieses Fenster ziehen")
        )
        self.open_button = QPushButton(self.tr("Ö&ffnen"))
        self.open_button.setObjectName("openAttachmentButton")
        self.save_button = QPushButton(self.tr("Speichern &unter …"))
        self.save_button.setObjectName("saveAttachmentButton")

        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(self._shown, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda _checked=False: self.choose_files())
        self.open_button.clicked.connect(lambda _checked=False: self.open_selected())
        self.save_button.clicked.connect(lambda _checked=False: self.save_selected())
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_actions)
        self._update_actions()

    def _stack_with_placeholder(self) -> QStackedLayout:
        """The list, or in its place a label saying there is nothing yet.

        As a list item the sentence was cut to the width of a thumbnail cell
        ("Keine An…r ziehen").
        """
        self.empty_label = QLabel(self.tr("Keine Anhänge – Dateien hierher ziehen"))
        self.empty_label.setObjectName("attachmentsEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setEnabled(False)  # drawn in the muted colour of a placeholder
        self.empty_label.setFrameShape(self.list.frameShape())
        self.empty_label.setFixedHeight(self.list.height())
        stack = QStackedLayout()
        stack.addWidget(self.list)
        stack.addWidget(self.empty_label)
        return stack

    # ------------------------------------------------------------ showing

    def set_incident(self, incident_id: str) -> None:
        """Show the incident's attachments (read again only when the incident changes)."""
        if incident_id != self._incident_id:
            self._incident_id = incident_id
            self.reload()

    def reload(self) -> None:
        self.attachments = self._service.attachments(self._incident_id)
        self.list.clear()
        file_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for info in self.attachments:
            name = shown_name(info.filename, 200)  # a row from before may hold anything
            item = QListWidgetItem(self._icon(info, file_icon), name)
            item.setData(ATTACHMENT_ID_ROLE, info.id)
            item.setToolTip(
                self.tr("{name}\n{size}, hinzugefügt {time} von {who}").format(
                    name=name,
                    size=format_size(info.size_bytes),
                    time=format_local(info.added_at),
                    who=info.added_by,
                )
            )
            self.list.addItem(item)
        self._shown.setCurrentWidget(self.list if self.attachments else self.empty_label)
        self.setTitle(
            self.tr("Fotos und Dokumente ({n})").format(n=len(self.attachments))
            if self.attachments
            else self.tr("Fotos und Dokumente")
        )
        self._update_actions()

    @staticmethod
    def _icon(info: AttachmentInfo, fallback: QIcon) -> QIcon:
        if info.thumbnail:
            pixmap = QPixmap()
            if pixmap.loadFromData(info.thumbnail):
                return QIcon(pixmap)
        return fallback

    def thumbnail_count(self) -> int:
        """How many attachments show a picture of their own (not the file icon)."""
        return sum(1 for info in self.attachments if info.thumbnail and info.is_image)

    def selected(self) -> AttachmentInfo | None:
        items = self.list.selectedItems()
        if not items:
            return None
        wanted = items[0].data(ATTACHMENT_ID_ROLE)
        return next((a for a in self.attachments if a.id == wanted), None)

    def select(self, filename: str) -> bool:
        for number in range(self.list.count()):
            item = self.list.item(number)
            if item.data(ATTACHMENT_ID_ROLE) and item.text() == filename:
                self.list.setCurrentItem(item)
                return True
        return False

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    # ------------------------------------------------------------ adding

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Anhang hinzufügen"),
            "",
            self.tr(
                "Fotos und Dokumente (*.jpg *.jpeg *.png *.webp *.heic *.heif *.pdf *.txt *.csv "
                "*.docx *.xlsx *.pptx *.odt *.ods *.odp *.doc *.xls *.ppt);;Alle Dateien (*)"
            ),
        )
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: Sequence[Path]) -> int:
        """Attach each file; refusals are collected and shown once. Returns how many stored."""
        messages: list[str] = []
        stored = 0
        limit = self._service.max_attachment_bytes()
        result: Result[Any] | None = None
        for path in paths:
            try:
                size = path.stat().st_size
                too_big = size_problem(path.name, size, limit)
                if too_big:  # said before reading a huge file into memory
                    messages.append(too_big)
                    continue
                data = path.read_bytes()
            except OSError as error:
                messages.append(
                    self.tr("Die Datei „{name}“ kann nicht gelesen werden: {reason}").format(
                        name=path.name, reason=error.strerror or str(error)
                    )
                )
                continue
            try:
                result = self._service.add_attachment(
                    self._incident_id, path.name, data, make_thumbnail(data)
                )
            except UserError as error:
                messages.append(error.message)
                continue
            except Exception as error:  # a bug: say so, go on with nothing else
                show_error(self, error)
                break
            stored += 1
        self.last_messages = messages
        if result is not None:
            self._after_write(result)
            self.reload()
        if messages:
            QMessageBox.warning(self, self.tr("Anhang hinzufügen"), "\n\n".join(messages))
        return stored

    # ------------------------------------------------------------ opening, saving

    def open_selected(self) -> Path | None:
        """Open the attachment with the system's viewer, from the copy the service writes into
        the app's viewing folder; a type off the whitelist is refused with a message."""
        info = self.selected()
        if info is None:
            return None
        try:
            target = self._service.viewing_copy(info.id)
        except UserError as error:
            show_error(self, error, self.tr("Anhang öffnen"))
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target

    def save_selected(self) -> Path | None:
        info = self.selected()
        if info is None:
            return None
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Anhang speichern unter"), proposed_name(info.filename, info.mime_type)
        )
        return self.save_to(info, Path(path)) if path else None

    def save_to(self, info: AttachmentInfo, path: Path) -> Path | None:
        try:
            _filename, data = self._service.attachment_data(info.id, "Anhang gespeichert")
            path.write_bytes(data)
        except UserError as error:
            show_error(self, error)
            return None
        except OSError as error:
            QMessageBox.warning(
                self,
                self.tr("Anhang speichern unter"),
                self.tr("Die Datei „{name}“ kann nicht gespeichert werden: {reason}").format(
                    name=path.name, reason=error.strerror or str(error)
                ),
            )
            return None
        return path
