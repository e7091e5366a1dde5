"""Maillage: the desktop application of a departmental insertion GIP."""

__version__ = "0.1.0"
