"""Side-by-side panes that stack, most important first, when the window is narrow.

On a small or zoomed screen (200 % on 1280×720 leaves 640 points of width)
two panes side by side squeeze every control into a sliver. ``stack_when_narrow``
turns such a splitter upright once its window is narrower than ``narrow_below``:
the panes go one under the other in the order given (what the person needs
most on top), each at its full width, and the area scrolls down to the rest.
Wide again, the panes go back side by side as they were.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QSplitter, QWidget

NARROW = 900  # points: below this a window is too narrow for two panes side by side


class StackWhenNarrow(QObject):
    """Watches the splitter's window and stacks or unstacks its panes."""

    def __init__(
        self, splitter: QSplitter, narrow_below: int = NARROW, order: Sequence[int] = ()
    ) -> None:
        super().__init__(splitter)
        self.splitter = splitter
        self.narrow_below = narrow_below
        self._panes = [w for i in range(splitter.count()) if (w := splitter.widget(i))]
        self._order = [self._panes[i] for i in order] or list(self._panes)
        self._wide_sizes: list[int] = []
        self._watched: QWidget | None = None
        self.stacked = False
        splitter.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self.splitter and kind in (QEvent.Type.Show, QEvent.Type.ParentChange):
            self._watch(self.splitter.window())
        elif watched is self._watched and kind == QEvent.Type.Resize:
            self.update()
        return False

    def _watch(self, window: QWidget) -> None:
        if window is self._watched:
            self.update()
            return
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = window
        window.installEventFilter(self)
        self.update()

    def update(self) -> None:
        """Stack or unstack for the window's width now."""
        window = self._watched or self.splitter.window()
        narrow = window.width() < self.narrow_below
        if narrow != self.stacked:
            self._stack() if narrow else self._unstack()

    def _stack(self) -> None:
        self._wide_sizes = self.splitter.sizes()
        self.stacked = True
        self.splitter.setOrientation(Qt.Orientation.Vertical)
        for index, pane in enumerate(self._order):
            self.splitter.insertWidget(index, pane)
        self.splitter.setSizes([max(p.sizeHint().height(), 1) for p in self._order])
        # Wrapped labels above and below take more height once narrow than the area's
        # minimum counts: a few lines to spare keep the stacked panes from squeezing.
        spare = 3 * self.splitter.fontMetrics().height()
        self.splitter.setMinimumHeight(self.splitter.minimumSizeHint().height() + spare)
        self._relayout()

    def _unstack(self) -> None:
        self.stacked = False
        self.splitter.setMinimumHeight(0)
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        for index, pane in enumerate(self._panes):
            self.splitter.insertWidget(index, pane)
        if self._wide_sizes:
            self.splitter.setSizes(self._wide_sizes)
        self._relayout()

    def _relayout(self) -> None:
        """The area around asks for the room the panes now need (a scroll area follows)."""
        widget: QWidget | None = self.splitter
        while widget is not None:
            layout = widget.layout()
            if layout is not None:
                layout.invalidate()
            widget.updateGeometry()
            widget = widget.parentWidget()


def stack_when_narrow(
    splitter: QSplitter, narrow_below: int = NARROW, order: Sequence[int] = ()
) -> StackWhenNarrow:
    """Stack ``splitter``'s panes (in ``order``, by index; else as they are) when narrow."""
    return StackWhenNarrow(splitter, narrow_below, order)
