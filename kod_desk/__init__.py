"""KOD Desk – the desktop application of the municipal enforcement service."""

__version__ = "0.1.0"
