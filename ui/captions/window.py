"""The detached caption window that floats over the call.

It takes the one ``CaptionDisplay`` from the captions view, so it looks the
same and follows the same settings. It can stay on top, lose its frame
(then drag it anywhere to move it), be resized with the grip in its corner,
and have a semi-transparent background while the text stays fully opaque.
With the captions focused, the arrow keys move the window (Shift: further)
and Ctrl+arrow keys resize it. Its position is remembered, and a position
left off every screen by a monitor change is brought back.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QMoveEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizeGrip, QVBoxLayout, QWidget

from companion.settings import Settings
from ui.captions.display import CaptionDisplay
from ui.captions.look import rgba
from ui.settings.store import SettingsStore

MIN_VISIBLE = QSize(120, 60)  # this much of the window on a screen counts as on-screen
MOVE_STEP, MOVE_STEP_LARGE, RESIZE_STEP = 10, 60, 20  # pixels per arrow key press
STATUS_MAX_POINTS = 22.0  # the status line grows with the captions, up to this
TRANSLUCENT_ALPHA = 190  # background opacity (of 255) when semi-transparent
ARROWS = {
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Up: (0, -1),
    Qt.Key.Key_Down: (0, 1),
}


def ensure_on_screen(rect: QRect, screens: Sequence[QRect]) -> QRect:
    """``rect`` if enough of it shows on some screen, else moved (and shrunk) onto one.

    ``screens`` are the screens' available geometries; the first is used when
    none is nearer. A window is on-screen when at least ``MIN_VISIBLE`` of it
    (or all of it, if smaller) lies on one screen.
    """
    if not screens:
        return QRect(rect)
    need_w = min(MIN_VISIBLE.width(), rect.width())
    need_h = min(MIN_VISIBLE.height(), rect.height())
    top_edge = [QPoint(x, rect.top()) for x in (rect.left(), rect.center().x(), rect.right())]
    top_reachable = any(screen.contains(point) for screen in screens for point in top_edge)
    for screen in screens:
        overlap = rect.intersected(screen)
        if overlap.width() >= need_w and overlap.height() >= need_h:
            if top_reachable or rect.top() >= screen.top():
                return QRect(rect)
            return rect.translated(0, screen.top() - rect.top())  # title bar above the screen
    centre = rect.center()

    def distance(screen: QRect) -> int:
        return (screen.center() - centre).manhattanLength()

    target = min(screens, key=distance)
    width = min(rect.width(), target.width())
    height = min(rect.height(), target.height())
    left = max(target.left(), min(rect.left(), target.right() + 1 - width))
    top = max(target.top(), min(rect.top(), target.bottom() + 1 - height))
    return QRect(left, top, width, height)


class CaptionWindow(QWidget):
    """A top-level window around the caption display."""

    closed = Signal()  # the person closed the window: put the captions back

    def __init__(
        self,
        display: CaptionDisplay,
        store: SettingsStore,
        actions: Sequence[QAction] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Companion captions")
        self.setObjectName("captionWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self._store = store
        self._settings = store.current
        self._drag_offset: QPoint | None = None
        self._restored = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(500)
        self._save_timer.timeout.connect(self.save_geometry)

        self.panel = QFrame(self)
        self.panel.setObjectName("captionPanel")
        self.status_label = QLabel(self.panel)
        self.status_label.setObjectName("captionStatus")
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Caption status")
        self.status_label.setToolTip("What captioning is doing, when it is not simply listening")
        self.grip = QSizeGrip(self.panel)
        self.grip.setAccessibleName("Resize the captions window")
        self.grip.setToolTip("Drag to resize (or press Ctrl and the arrow keys on the captions)")
        bottom = QHBoxLayout()
        bottom.setContentsMargins(12, 0, 0, 0)
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.grip, 0, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight)
        self._panel_layout = QVBoxLayout(self.panel)
        self._panel_layout.setContentsMargins(4, 4, 4, 4)
        self._panel_layout.setSpacing(0)
        self._panel_layout.addLayout(bottom)
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.addWidget(self.panel)
        self.panel.installEventFilter(self)
        self.status_label.installEventFilter(self)

        self.display = display
        self._take(display)
        self.addActions(list(actions))
        self.set_status("")
        self._apply_flags(store.current)
        self._update_style(store.current)
        store.changed.connect(self._on_settings_changed)

    # -- the display -----------------------------------------------------

    def _take(self, display: CaptionDisplay) -> None:
        display.set_background_alpha(0)  # the panel paints the (maybe translucent) background
        display.set_height_follows_lines(False)
        self._panel_layout.insertWidget(0, display, 1)
        display.installEventFilter(self)
        display.viewport().installEventFilter(self)
        display.show()

    def take_display(self) -> CaptionDisplay:
        """Give the display back (to re-attach it); the window is then empty."""
        display = self.display
        display.removeEventFilter(self)
        display.viewport().removeEventFilter(self)
        self._panel_layout.removeWidget(display)
        display.setParent(None)
        display.set_background_alpha(255)
        display.set_height_follows_lines(True)
        return display

    def set_status(self, text: str) -> None:
        """A short line under the captions; hidden when empty."""
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    # -- settings --------------------------------------------------------

    def _on_settings_changed(self, settings: Settings) -> None:
        old, self._settings = self._settings, settings
        window_keys = ("detached_on_top", "detached_frameless", "detached_translucent")
        if any(getattr(old, key) != getattr(settings, key) for key in window_keys):
            self._apply_flags(settings)
        self._update_style(settings)
        if (old.lines, old.font_size, old.font) != (
            settings.lines,
            settings.font_size,
            settings.font,
        ):
            self.fit_to_lines()

    def _apply_flags(self, settings: Settings) -> None:
        visible = self.isVisible()
        geometry = self.saveGeometry() if visible else None
        flags = Qt.WindowType.Window
        if settings.detached_on_top:
            flags |= Qt.WindowType.WindowStaysOnTopHint
        if settings.detached_frameless:
            flags |= Qt.WindowType.FramelessWindowHint
        self.setAttribute(
            Qt.WidgetAttribute.WA_TranslucentBackground, settings.detached_translucent
        )
        self.setWindowFlags(flags)  # recreates the native window, which hides it
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.show()

    def _update_style(self, settings: Settings) -> None:
        self._update_status_font(settings)
        theme = self.display.theme
        alpha = TRANSLUCENT_ALPHA if settings.detached_translucent else 255
        radius = 10 if settings.detached_frameless else 0
        self.panel.setStyleSheet(
            f"QFrame#captionPanel {{ background-color: {rgba(theme.background, alpha)};"
            f" border-radius: {radius}px; }}"
            f"QLabel#captionStatus {{ color: {theme.foreground}; background: transparent;"
            " padding: 2px 0 6px 0; }"
        )

    def _update_status_font(self, settings: Settings) -> None:
        font = QFont(self.font())
        base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(min(STATUS_MAX_POINTS, max(base, settings.font_size * 0.4)))
        self.status_label.setFont(font)

    def fit_to_lines(self) -> None:
        """Make the window just tall enough for the chosen number of lines."""
        for _ in range(3):  # the status line may re-wrap once the width settles
            self._outer.activate()
            missing = self.display.lines_height() - self.display.height()
            if missing == 0:
                return
            self.resize(self.width(), self.height() + missing)

    # -- placement -------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        if not self._restored:
            self._restored = True
            self._restore_placement()
        super().showEvent(event)

    def _restore_placement(self) -> None:
        saved = self._store.current.detached_geometry
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen else QRect(0, 0, 1280, 720)
        if not (saved and self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))):
            width = min(available.width() * 9 // 10, self.display.column_width() + 40)
            self.resize(max(width, 320), self.height())
            self.fit_to_lines()
            self.move(
                available.left() + (available.width() - self.width()) // 2,
                available.bottom() - self.height() - available.height() // 10,
            )
        self.bring_on_screen()

    def bring_on_screen(self) -> None:
        """Move the window onto a screen if a monitor change left it off every one."""
        screens = [s.availableGeometry() for s in QGuiApplication.screens()]
        frame = self.frameGeometry()
        fixed = ensure_on_screen(frame, screens)
        if fixed != frame:
            decoration = frame.size() - self.geometry().size()
            self.resize(fixed.size() - decoration)
            self.move(fixed.topLeft())

    def save_geometry(self) -> None:
        self._save_timer.stop()
        if self._restored:
            encoded = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
            self._store.update(detached_geometry=encoded)

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self._save_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._save_timer.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        super().closeEvent(event)
        self.closed.emit()

    # -- moving and resizing by keyboard and by dragging --------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._on_key(event)
        if not self._settings.detached_frameless or not isinstance(event, QMouseEvent):
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            handle = self.windowHandle()
            if handle is not None and handle.startSystemMove():
                return True
            self._drag_offset = event.globalPosition().toPoint() - self.frameGeometry().topLeft()
            return True
        if kind == QEvent.Type.MouseMove and self._drag_offset is not None:
            self.move(event.globalPosition().toPoint() - self._drag_offset)
            return True
        if kind == QEvent.Type.MouseButtonRelease and self._drag_offset is not None:
            self._drag_offset = None
            return True
        return False

    def _on_key(self, event: QKeyEvent) -> bool:
        direction = ARROWS.get(Qt.Key(event.key()))
        if direction is None:
            return False
        dx, dy = direction
        modifiers = event.modifiers()
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            self.resize(
                max(self.minimumSizeHint().width(), self.width() + dx * RESIZE_STEP),
                max(self.minimumSizeHint().height(), self.height() + dy * RESIZE_STEP),
            )
            return True
        step = MOVE_STEP_LARGE if modifiers & Qt.KeyboardModifier.ShiftModifier else MOVE_STEP
        self.move(self.pos() + QPoint(dx * step, dy * step))
        return True
