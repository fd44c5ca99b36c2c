"""File > Export…, Print… and Print Preview… as a person uses them from the window."""
import csv
import threading
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from timeline_app.qt import export_dialog
from timeline_app.qt.export_dialog import ExportDialog
from timeline_app.qt.export_render import render_pdf
from timeline_app.qt.print_support import new_printer, print_dossier


@pytest.fixture
def viewer(open_viewer):
    return open_viewer(size=(1024, 640))


def search(viewer, qtbot, text: str) -> list[str]:
    viewer.event_list.search_box.setText(text)
    qtbot.waitUntil(lambda: viewer._filtering)
    return viewer.event_list.visible_ids()


def in_dialog(qtbot, kind, act):
    """Run act(dialog) once a modal `kind` is up (the menu's exec() blocks until it closes)."""
    done = []

    def look():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            done.append(True)
            act(dialog)
        else:
            QTimer.singleShot(20, look)
    QTimer.singleShot(0, look)
    return done


def csv_rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_takes_the_search_by_default(viewer, qtbot, tmp_path):
    listed = search(viewer, qtbot, "grain")
    assert 0 < len(listed) < len(viewer.timeline.events)
    out = tmp_path / "grain.csv"

    def fill(dialog: ExportDialog):
        assert dialog.matching_button.isChecked()
        assert f"The {len(listed)} events" in dialog.matching_button.text()
        dialog.path_edit.setText(str(out))          # the suffix chooses the format
        assert dialog.suffix() == ".csv" and not dialog.drawing_row.isEnabled()
        dialog.export_button.click()
    done = in_dialog(qtbot, ExportDialog, fill)
    viewer.window.export_action.trigger()
    assert done
    assert sorted(row["id"] for row in csv_rows(out)) == sorted(listed)
    assert f"Exported {len(listed)} events to {out}" in viewer.window.statusBar().currentMessage()


def test_export_can_widen_to_everything(viewer, qtbot, tmp_path):
    search(viewer, qtbot, "grain")
    out = tmp_path / "all.csv"

    def fill(dialog: ExportDialog):
        dialog.all_button.click()
        dialog.path_edit.setText(str(out))
        dialog.export_button.click()
    in_dialog(qtbot, ExportDialog, fill)
    viewer.window.export_action.trigger()
    assert len(csv_rows(out)) == len(viewer.timeline.events)


def test_choosing_a_format_changes_the_file_suffix_and_png_draws_the_view(viewer, qtbot,
                                                                            tmp_path):
    view = viewer.timeline_view
    view.zoom_in()
    view.zoom_in()
    dialog = ExportDialog(viewer.timeline, viewer.export_scope(), str(tmp_path / "t.html"),
                          viewer.window)
    qtbot.addWidget(dialog)
    assert not dialog.matching_button.isEnabled() and dialog.all_button.isChecked()
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(".png"))
    assert dialog.path_edit.text() == str(tmp_path / "t.png")
    assert dialog.drawing_row.isEnabled() and dialog.span_button.isChecked()
    dialog.view_button.click()
    assert dialog.view_range() == view.view_range()
    dialog.export_button.click()
    assert dialog.result() == ExportDialog.DialogCode.Accepted
    image = QImage(str(tmp_path / "t.png"))
    assert image.width() > 2000


def test_a_file_that_cannot_be_written_is_said_in_words(viewer, qtbot, tmp_path):
    dialog = ExportDialog(viewer.timeline, viewer.export_scope(),
                          str(tmp_path / "missing" / "t.md"), viewer.window)
    qtbot.addWidget(dialog)
    dialog.show()
    said = []

    def read(box: QMessageBox):
        said.append(box.text())
        box.close()
    in_dialog(qtbot, QMessageBox, read)
    dialog.export_button.click()
    assert said and said[0].startswith("t.md was not written: ") and "missing" in said[0]
    assert "Traceback" not in said[0] and dialog.isVisible()


def test_a_slow_export_shows_progress_and_can_be_cancelled(viewer, qtbot, tmp_path,
                                                             monkeypatch):
    monkeypatch.setattr(export_dialog, "PROGRESS_AFTER_MS", 0)   # as if it had taken 0.5 s
    out = tmp_path / "t.pdf"
    seen = []

    def cancel(progress: QProgressDialog):
        seen.append(progress.labelText())
        progress.cancel()
    in_dialog(qtbot, QProgressDialog, cancel)
    finished = export_dialog.run_export(viewer.window, viewer.timeline,
                                        list(viewer.timeline.events), str(out))
    assert not finished and not out.exists()
    assert seen and seen[0].startswith(("Laying out t.pdf…", "Writing t.pdf: page "))


def test_print_preview_shows_the_dossiers_pages(viewer, qtbot):
    pages = []

    def look(preview: QPrintPreviewDialog):
        widget = preview.findChild(QPrintPreviewWidget)
        qtbot.waitUntil(lambda: widget.pageCount() > 0)
        pages.append(widget.pageCount())
        preview.close()
    in_dialog(qtbot, QPrintPreviewDialog, look)
    viewer.window.print_preview_action.trigger()
    assert pages and pages[0] > 3


def test_printing_prints_the_events_the_list_shows(viewer, qtbot, tmp_path):
    listed = search(viewer, qtbot, "grain")
    printer = new_printer(viewer.timeline)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    events = viewer.export_scope().matching
    assert [event.id for event in events] == sorted(listed, key=[
        e.id for e in viewer.timeline.events].index)
    pages = print_dossier(printer, viewer.timeline, events, viewer.export_scope().filter_note)
    reader = PdfReader(tmp_path / "printed.pdf")
    assert len(reader.pages) == pages
    text = "".join(reader.pages[0].extract_text().split())
    assert "Onlyeventsmatching:search“grain”" in text
    # the same pages as the PDF export (a printer's 1200 dpi had made them four times as tall)
    assert pages == render_pdf(viewer.timeline, events, tmp_path / "exported.pdf",
                               title_note=viewer.export_scope().filter_note)


def test_the_file_name_is_reached_with_alt_i_and_enter_exports(viewer, qtbot, tmp_path):
    dialog = ExportDialog(viewer.timeline, viewer.export_scope(), str(tmp_path / "t.html"),
                          viewer.window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is dialog.path_edit
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "typed.md"))
    assert dialog.suffix() == ".md"
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert (tmp_path / "typed.md").read_text(encoding="utf-8").startswith("# ")


def test_a_slow_text_export_leaves_the_window_alive_and_cancel_writes_nothing(
        viewer, qtbot, tmp_path, monkeypatch):
    from timeline_app.core import exports
    release = threading.Event()

    def slow_markdown(*_args) -> bytes:     # a 100,000-event briefing takes seconds
        release.wait(10)
        return b"# never written\n"
    monkeypatch.setattr(exports, "export_bytes", slow_markdown)
    monkeypatch.setattr(export_dialog, "PROGRESS_AFTER_MS", 100)
    out, seen = tmp_path / "t.md", []

    def cancel(progress: QProgressDialog):
        seen.append(progress.labelText())
        progress.cancel()
    in_dialog(qtbot, QProgressDialog, cancel)      # a timer: it fires only if the window runs
    finished = export_dialog.run_export(viewer.window, viewer.timeline,
                                        list(viewer.timeline.events), str(out))
    release.set()
    assert not finished and not out.exists() and seen == ["Exporting t.md…"]


def test_a_text_export_made_on_the_worker_is_written(viewer, tmp_path):
    out = tmp_path / "t.csv"
    assert export_dialog.run_export(viewer.window, viewer.timeline,
                                    list(viewer.timeline.events), str(out))
    assert len(csv_rows(out)) == 30


def test_a_drawing_of_many_events_says_so_before_it_holds_the_window(viewer, tmp_path,
                                                                     monkeypatch):
    from timeline_app.qt import export_render
    seen = []

    def drawing(*_args, **_options):
        dialog = QApplication.activeModalWidget()
        seen.append(isinstance(dialog, QProgressDialog) and dialog.isVisible())
    monkeypatch.setattr(export_render, "render_png", drawing)
    monkeypatch.setattr(export_dialog, "DRAWING_SHOWN_FROM", 30)     # as many as the file has
    assert export_dialog.run_export(viewer.window, viewer.timeline,
                                    list(viewer.timeline.events), str(tmp_path / "t.png"))
    assert seen == [True]
