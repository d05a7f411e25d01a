"""Companion: the Qt-free core of the inclusive-workshop app."""

__version__ = "0.1.0"
