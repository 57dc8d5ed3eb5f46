"""Printed reports as PDF (DESIGN.md §9, issue 7).

Imports reportlab: import this package only when a report is made, never from modules the
window loads at start (tests/test_layers.py checks that starting the app loads no reportlab).
"""

from __future__ import annotations

from kod_desk.services.reports.service import ReportService

__all__ = ["ReportService"]
