"""The quote wall: every quote of one theme, across groups, with who said it (if agreed)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from companion.notes.model import Note, Theme
from ui.widgets.a11y import name


class QuoteWall(QWidget):
    """Quotes of the chosen theme, each with its group."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quote_wall")
        self.title = QLabel("Choose a theme to see its quotes.", self)
        self.title.setWordWrap(True)
        self.list = name(QListWidget(self), "Quote wall", "Every quote of the chosen theme")
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)

    def show_quotes(self, theme: Theme | None, quotes: list[Note], groups: dict[int, str]) -> None:
        self.list.clear()
        if theme is None:
            self.title.setText("Choose a theme to see its quotes.")
            return
        count = f"{len(quotes)} quote{'s' * (len(quotes) != 1)}"
        self.title.setText(f"{theme.symbol} {theme.name}: {count}")
        for quote in quotes:
            group = groups.get(quote.group_id, "")
            QListWidgetItem(f"“{quote.text}”\n— {quote.attribution()}, {group}", self.list)
        if not quotes:
            QListWidgetItem("No quotes tagged with this theme yet.", self.list)

    def texts(self) -> list[str]:
        return [item.text() for i in range(self.list.count()) if (item := self.list.item(i))]
