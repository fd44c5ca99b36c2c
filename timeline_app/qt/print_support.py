"""File > Print… and File > Print Preview…: the PDF's dossier (the overview, then every event
and the sources) on the printer's pages, with page numbers (QtPrintSupport)."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from timeline_app.core.model import Event, Timeline
from timeline_app.qt.export_render import (PDF_MARGIN_MM, PDF_RESOLUTION, default_page_size,
                                            dossier_document, paint_pages)


def new_printer(timeline: Timeline) -> QPrinter:
    """A printer set up as the PDF export: the locale's paper, its margins, 300 dpi (the
    dossier's spacing is laid out for it: at the 1200 dpi of HighResolution it came out four
    times as tall)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setResolution(PDF_RESOLUTION)
    printer.setPageLayout(QPageLayout(default_page_size(), QPageLayout.Orientation.Portrait,
                                      QMarginsF(*(PDF_MARGIN_MM,) * 4),
                                      QPageLayout.Unit.Millimeter))
    printer.setDocName(timeline.title or "Timeline")
    return printer


def print_dossier(printer: QPrinter, timeline: Timeline, events: Sequence[Event],
                  title_note: str = "") -> int:
    """Lay the dossier out for the printer's paper and print it; returns the page count."""
    return paint_pages(dossier_document(timeline, events, printer, title_note), printer)


def print_with_dialog(parent: QWidget, timeline: Timeline, events: Sequence[Event],
                      title_note: str = "") -> bool:
    """The system's print dialog, then the pages; False when the user cancelled."""
    printer = new_printer(timeline)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_dossier(printer, timeline, events, title_note)
    return True


def preview_dialog(parent: QWidget, timeline: Timeline, events: Sequence[Event],
                   title_note: str = "") -> QPrintPreviewDialog:
    """A preview of the printed pages (its own Print button prints them), not yet shown."""
    printer = new_printer(timeline)
    preview = QPrintPreviewDialog(printer, parent)
    preview.owned_printer = printer     # the dialog does not own it: kept as long as the dialog
    preview.setWindowTitle(f"Print Preview: {timeline.title or 'Timeline'}")
    preview.paintRequested.connect(
        lambda printer: print_dossier(printer, timeline, events, title_note))
    return preview
