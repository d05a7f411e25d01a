"""The PySide6 layer: windows, panels and the one adapter to the core."""
