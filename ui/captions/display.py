"""The caption text itself: finals that never move, and one trailing partial.

Finals are appended with a ``QTextCursor`` and never rewritten; the partial is
the only text at the end of the document that is ever replaced, so what the
reader is looking at stays still and nothing is laid out again but the last
paragraph. Partials are italic, lighter and end with "…", so they differ from
finals by shape as well as colour. A pause in speech starts a new paragraph.
A change of speaker (#14) starts a paragraph with "Aisha:", bold as well as in
the partial colour, never by colour alone (setting ``speaker_labels``). A fix
of the last turn relabels finals already shown (``relabel``). Audio that live
captions skipped (#10, ``add_gap``) is a paragraph of its own in words, "… 12 s
not captioned: this computer fell behind.", upright and
bold so it reads as neither a partial nor speech, and the next words start a new
paragraph under it.

The widget is sized to show exactly ``lines`` lines at the current font, and
its text column is at most ``line_width`` characters wide, centred.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import replace

from PySide6.QtCore import QMargins, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QWidget

from companion.events import Caption, CaptionGap
from companion.settings import Settings
from companion.speakers import short_name
from ui.captions.look import caption_font, resolve_theme, rgba

PARTIAL_MARKER = " …"  # ends every partial, so "not final yet" never relies on colour
PARAGRAPH_PAUSE = 3.0  # seconds of silence between finals that start a new paragraph
MAX_PARAGRAPH_CHARS = 600  # keeps re-layout of the last paragraph cheap at 96 pt
MAX_FINALS = 2000  # scrollback; the oldest paragraphs go beyond this
TRIM_BATCH = 200  # trim only this far past the cap, so re-layout after a trim is rare
LINE_HEIGHT_PERCENT = 125  # a little air between lines
FOCUS_BORDER = 2  # pixels; always there (background-coloured) so focus never moves text
SAMPLE_TEXT = "the quick brown fox jumps over the lazy dog while five wizards box"


class CaptionDisplay(QTextEdit):
    """Read-only caption text that follows the caption settings."""

    scroll_paused_changed = Signal(bool)  # True when auto-scroll is paused

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captionDisplay")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setCursorWidth(0)  # no blinking caret beside the captions for two hours
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no reflow jumps
        self.verticalScrollBar().setAccessibleName("Caption scrollback")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Captions")
        self.setToolTip("Live captions. Scroll up to reread; scrolling pauses until you return.")
        self.settings = settings
        self.theme = resolve_theme(settings.theme)
        self._background_alpha = 255
        self._height_follows_lines = True
        self._room_lines = 0  # whole lines the main window has room for (0: the setting)
        self._pad_top = self._pad_bottom = 12  # pixels above and below the text area
        self._block_format = QTextBlockFormat()
        self._block_format.setLineHeight(
            LINE_HEIGHT_PERCENT, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
        )
        self._partial: Caption | None = None
        self._partial_len = 0  # document characters the partial occupies at the end
        self._block_chars = 0  # characters in the last paragraph
        self._last_end: float | None = None  # end time of the last final
        self._finals_per_block: deque[int] = deque([0])
        self._finals = 0
        self._paused = False
        self._auto_scrolling = False
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.verticalScrollBar().rangeChanged.connect(self._on_range_changed)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)
        self._reset_document()
        self.apply_settings(settings)

    # -- settings --------------------------------------------------------

    def apply_settings(self, settings: Settings) -> None:
        """Follow font, size, lines, line width and theme."""
        self.settings = settings
        self.theme = resolve_theme(settings.theme)
        self.setFont(caption_font(settings))
        self._apply_margins()
        self._update_style()
        self._update_height()
        self._update_column()
        self._rerender_partial()
        self._scroll_to_end_unless_paused()

    def set_background_alpha(self, alpha: int) -> None:
        """0 (see-through, a parent paints) .. 255 (opaque); the text stays opaque."""
        self._background_alpha = max(0, min(255, alpha))
        self._update_style()

    def set_room_lines(self, lines: int) -> None:
        """Show this many whole lines while following ``lines`` if the window has room
        for more than the setting (0: just the setting). The main window sets it."""
        if lines != self._room_lines:
            self._room_lines = lines
            self._update_height()

    def shown_lines(self) -> int:
        """How many whole lines the display shows while it follows ``lines``."""
        return max(self.settings.lines, self._room_lines)

    def set_height_follows_lines(self, follows: bool) -> None:
        """Fixed at exactly ``lines`` lines (True), or free to grow with a window (False)."""
        self._height_follows_lines = follows
        self._update_height()
        self._update_column()

    def _apply_margins(self) -> None:
        """Generous padding: left and right in the document, top and bottom outside it.

        The vertical padding is a viewport margin, so the scrolled text area is
        exactly ``lines`` lines tall and no sliver of an earlier line shows above
        the first one. Line spacing sits below each line, so half of it moves up.
        """
        doc = self.document()
        pad = max(12.0, round(QFontMetricsF(self.font()).height() * 0.3))
        doc.setDocumentMargin(pad)
        frame = doc.rootFrame().frameFormat()
        frame.setTopMargin(0)
        frame.setBottomMargin(0)
        doc.rootFrame().setFrameFormat(frame)
        extra = self.line_step() * (1 - 100 / LINE_HEIGHT_PERCENT)
        self._pad_top = round(pad + extra / 2)
        self._pad_bottom = max(0, round(pad - extra / 2))

    def line_step(self) -> float:
        """Pixels from one line of captions to the next at the current font."""
        doc = QTextDocument()
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(0)
        cursor = QTextCursor(doc)
        cursor.setBlockFormat(self._block_format)
        cursor.insertText("Ag")
        one = doc.size().height()
        cursor.insertBlock(self._block_format)
        cursor.insertText("Ag")
        return doc.size().height() - one

    def lines_height(self, lines: int | None = None) -> int:
        """The widget height that shows exactly ``lines`` lines."""
        count = self.settings.lines if lines is None else lines
        padding = self._pad_top + self._pad_bottom + 2 * self.frameWidth()
        return math.ceil(count * self.line_step()) + padding

    def column_width(self) -> int:
        """Pixels of the text column: ``line_width`` characters plus the margins."""
        metrics = QFontMetricsF(self.font())
        per_char = metrics.horizontalAdvance(SAMPLE_TEXT) / len(SAMPLE_TEXT)
        margin = self.document().documentMargin()
        return math.ceil(self.settings.line_width * per_char + 2 * margin)

    def _update_style(self) -> None:
        t = self.theme
        background = rgba(t.background, self._background_alpha)
        self.setStyleSheet(
            f"QTextEdit#captionDisplay {{ background-color: {background}; color: {t.foreground};"
            f" selection-background-color: {t.foreground};"
            f" selection-color: {t.background}; border: {FOCUS_BORDER}px solid {background}; }}"
            f"QTextEdit#captionDisplay:focus {{ border-color: {t.foreground}; }}"
            "QScrollBar:vertical { background: transparent; width: 14px; margin: 4px 2px; }"
            f"QScrollBar::handle:vertical {{ background: {t.partial}; border-radius: 4px;"
            " min-height: 32px; }"
            "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
            "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical"
            " { background: transparent; }"
        )

    def _update_height(self) -> None:
        if self._height_follows_lines:
            self.setFixedHeight(self.lines_height(self.shown_lines()))
        else:
            self.setMinimumHeight(self.lines_height(2))
            self.setMaximumHeight(16_777_215)
        self.updateGeometry()

    def _update_column(self) -> None:
        spare = self.width() - self.verticalScrollBar().sizeHint().width() - self.column_width()
        side, top = max(0, spare // 2), self._pad_top
        if not self._height_follows_lines:
            # A free height (detached): the pixels short of a whole line go on top,
            # so no sliver of an earlier line peeks in above the first one.
            room = self.height() - 2 * self.frameWidth() - top - self._pad_bottom
            top += max(0, int(room % self.line_step()))
        margins = QMargins(side, top, side, self._pad_bottom)
        if margins != self.viewportMargins():
            self.setViewportMargins(margins)
            # QTextEdit re-wraps only when the widget itself is resized; ask it to
            # re-wrap now that the text column (the viewport) has a new width.
            self.setLineWrapColumnOrWidth(self.lineWrapColumnOrWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_column()

    def _on_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.settings.theme == "system":
            self.apply_settings(self.settings)

    # -- captions --------------------------------------------------------

    def add_caption(self, caption: Caption) -> None:
        """Show a partial (replacing the last partial) or append a final."""
        if caption.kind == "final":
            self._append_final(caption)
        else:
            self._show_partial(caption)
        self._scroll_to_end_unless_paused()

    def add_gap(self, gap: CaptionGap) -> None:
        """Show that audio went uncaptioned, in words, where it happened in the flow."""
        self._append_gap(gap)
        self._scroll_to_end_unless_paused()

    def gap_count(self) -> int:
        """How many gap marks are in the document."""
        return sum(isinstance(item, CaptionGap) for item in self._shown)

    def clear_captions(self) -> None:
        self._reset_document()

    def final_count(self) -> int:
        return self._finals - self.gap_count()

    def partial_text(self) -> str:
        """The partial's text as shown, "" when there is none."""
        return self._partial.text.strip() if self._partial else ""

    def _reset_document(self) -> None:
        self.document().clear()
        self._apply_margins()
        cursor = QTextCursor(self.document())
        cursor.setBlockFormat(self._block_format)
        self._partial, self._partial_len, self._block_chars = None, 0, 0
        self._last_end = None
        self._last_speaker: str | None = None  # the speaker of the last final
        self._finals_per_block = deque([0])
        self._finals = 0
        # The finals and gap marks in the document, oldest first.
        self._shown: deque[Caption | CaptionGap] = deque()
        self._relayout_due = False  # relabels are waiting to be laid out

    def relabel(self, start: float, end: float, speaker: str | None) -> bool:
        """The final shown for ``start``..``end`` was someone else's (#14): its line says so.

        The text is laid out again from the finals kept, once for a burst of relabels
        (a fix relabels every phrase of a turn); a reader who paused scrolling keeps
        their place. False when no shown final changes.
        """
        for index, caption in enumerate(self._shown):
            if isinstance(caption, CaptionGap):
                continue
            if caption.start == start and caption.end == end and caption.speaker != speaker:
                self._shown[index] = replace(caption, speaker=speaker)
                break
        else:
            return False
        if not self._relayout_due:
            self._relayout_due = True
            QTimer.singleShot(0, self, self._relayout)
        return True

    def _relayout(self) -> None:
        self._relayout_due = False
        finals, partial = list(self._shown), self._partial
        bar = self.verticalScrollBar()
        place = bar.value()
        self._auto_scrolling = True
        self._reset_document()
        for item in finals:
            if isinstance(item, CaptionGap):
                self._append_gap(item)
            else:
                self._append_final(item)
        if partial is not None:
            self._show_partial(partial)
        bar.setValue(place if self._paused else bar.maximum())
        self._auto_scrolling = False

    def _end_cursor(self) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        return cursor

    def _speaker_label(self, caption: Caption) -> str:
        """ "Aisha: " when the caption's speaker is known and differs from the last final's."""
        speaker = caption.speaker
        if not self.settings.speaker_labels or not speaker or speaker == self._last_speaker:
            return ""
        return f"{short_name(speaker)}: "

    def _starts_paragraph(self, caption: Caption) -> bool:
        if self._block_chars == 0 or self._last_end is None:
            return False
        pause = caption.start - self._last_end
        return (
            bool(self._speaker_label(caption))  # a new speaker starts a new line
            or pause >= PARAGRAPH_PAUSE
            or pause < -1.0  # the audio clock started again: a new run
            or self._block_chars >= MAX_PARAGRAPH_CHARS
        )

    def _insert(self, cursor: QTextCursor, caption: Caption, fmt: QTextCharFormat) -> int:
        """Insert the caption's text at the end, after a space or a new paragraph."""
        text = " ".join(caption.text.split())
        if self._starts_paragraph(caption):
            cursor.insertBlock(self._block_format, fmt)
            self._finals_per_block.append(0)
            prefix = ""
        else:
            prefix = " " if self._block_chars else ""
        label = self._speaker_label(caption)
        if label:
            cursor.insertText(prefix, fmt)
            bold = QTextCharFormat(fmt)
            bold.setFontWeight(QFont.Weight.Bold)
            bold.setFontItalic(False)
            bold.setForeground(QColor(self.theme.partial))
            cursor.insertText(label, bold)
            prefix = ""
        cursor.insertText(prefix + text, fmt)
        return len(prefix) + len(label) + len(text)

    def _remove_partial(self, cursor: QTextCursor) -> None:
        if self._partial_len:
            cursor.movePosition(
                QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, self._partial_len
            )
            cursor.removeSelectedText()
        if self._partial is not None and self._starts_paragraph(self._partial):
            self._finals_per_block.pop()
        self._partial, self._partial_len = None, 0

    def _show_partial(self, caption: Caption) -> None:
        cursor = self._end_cursor()
        cursor.beginEditBlock()
        self._remove_partial(cursor)
        if caption.text.strip():
            before = self.document().characterCount()
            fmt = QTextCharFormat()
            fmt.setFontItalic(True)
            fmt.setForeground(QColor(self.theme.partial))
            self._insert(cursor, caption, fmt)
            cursor.insertText(PARTIAL_MARKER, fmt)
            self._partial = caption
            self._partial_len = self.document().characterCount() - before
        cursor.endEditBlock()

    def _append_final(self, caption: Caption) -> None:
        cursor = self._end_cursor()
        cursor.beginEditBlock()
        self._remove_partial(cursor)
        if caption.text.strip():
            fmt = QTextCharFormat()
            fmt.setFontItalic(False)
            new_block = self._starts_paragraph(caption)
            added = self._insert(cursor, caption, fmt)
            self._block_chars = added if new_block else self._block_chars + added
            self._last_end = caption.end
            self._last_speaker = caption.speaker
            self._finals_per_block[-1] += 1
            self._finals += 1
            self._shown.append(caption)
        cursor.endEditBlock()
        self._trim_scrollback()

    def _append_gap(self, gap: CaptionGap) -> None:
        cursor = self._end_cursor()
        cursor.beginEditBlock()
        self._remove_partial(cursor)
        fmt = QTextCharFormat()
        fmt.setFontItalic(False)
        fmt.setFontWeight(QFont.Weight.Bold)
        if self._block_chars or self._finals:
            cursor.insertBlock(self._block_format, fmt)
            self._finals_per_block.append(0)
        text = f"… {gap.sentence}"
        cursor.insertText(text, fmt)
        # The next words start a paragraph of their own, with their speaker named again.
        self._block_chars = max(len(text), MAX_PARAGRAPH_CHARS)
        self._last_end = gap.end
        self._last_speaker = None
        self._finals_per_block[-1] += 1
        self._finals += 1  # counted with the finals, so scrollback trims it with them
        self._shown.append(gap)
        cursor.endEditBlock()
        self._trim_scrollback()

    def _rerender_partial(self) -> None:
        if self._partial is not None:
            self._show_partial(self._partial)

    def _trim_scrollback(self) -> None:
        if self._finals <= MAX_FINALS + TRIM_BATCH or len(self._finals_per_block) < 2:
            return
        bar = self.verticalScrollBar()
        height_before = self.document().size().height()
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        while self._finals > MAX_FINALS and len(self._finals_per_block) > 1:
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            cursor.movePosition(
                QTextCursor.MoveOperation.NextBlock, QTextCursor.MoveMode.KeepAnchor
            )
            cursor.removeSelectedText()
            gone = self._finals_per_block.popleft()
            self._finals -= gone
            for _ in range(gone):
                self._shown.popleft()
        cursor.endEditBlock()
        if self._paused:  # keep the text the reader is looking at where it was
            removed = height_before - self.document().size().height()
            self._auto_scrolling = True
            bar.setValue(max(0, bar.value() - round(removed)))
            self._auto_scrolling = False

    # -- scrolling -------------------------------------------------------

    @property
    def scroll_paused(self) -> bool:
        return self._paused

    def set_scroll_paused(self, paused: bool) -> None:
        """Pause (keep the view still) or resume (jump to the newest captions)."""
        if paused == self._paused:
            return
        self._paused = paused
        if not paused:
            self._scroll_to_end_unless_paused()
        self.scroll_paused_changed.emit(paused)

    def _scroll_to_end_unless_paused(self) -> None:
        if self._paused:
            return
        bar = self.verticalScrollBar()
        self._auto_scrolling = True
        bar.setValue(bar.maximum())
        self._auto_scrolling = False

    def _on_range_changed(self, _low: int, _high: int) -> None:
        self._scroll_to_end_unless_paused()

    def _on_scrolled(self, value: int) -> None:
        if self._auto_scrolling:
            return
        at_end = value >= self.verticalScrollBar().maximum()
        if at_end and self._paused:
            self.set_scroll_paused(False)
        elif not at_end and not self._paused:
            self.set_scroll_paused(True)
