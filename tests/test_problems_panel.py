from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from timeline_app.core.loader import load_text
from timeline_app.qt.problems_panel import ProblemsPanel

BROKEN = "title: T\nevents:\n  - id: e1\n    date: 2022-02-30\n    title: A\n    colour: red\n"


def test_problems_list_shows_line_and_message_and_activation_gives_the_place(qtbot,
                                                                             qtmodeltester):
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_problems(load_text(BROKEN, "t.yaml").problems)
    model = panel.model
    qtmodeltester.check(model)
    shown = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert ["4:11", "'2022-02-30' is not a date: February 2022 has 28 days",
            "events[0].date"] in shown
    assert any("did you mean" not in row[1] and "colour" in row[1] for row in shown)
    with qtbot.waitSignal(panel.problemActivated) as signal:
        panel.view.activated.emit(model.index(1, 1))
    assert signal.args == [4, 11]
    panel.set_problems(())
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_tooltips_are_plain_text(qtbot):
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_problems(load_text("title: T\nevents: []\n<b>x</b>: 1\n", "t.yaml").problems)
    tip = panel.model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b>x&lt;/b>" in tip


def test_the_list_is_made_when_the_panel_first_shows_with_the_problems_set_before(qtbot):
    panel = ProblemsPanel()             # as at start: the Problems dock is hidden
    qtbot.addWidget(panel)
    panel.set_problems(load_text(BROKEN, "t.yaml").problems, more=2)
    assert not panel.findChildren(QWidget)      # nothing made yet: start-up does not pay
    panel.resize(700, 200)
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.view.model() is panel.model and panel.view.isVisible()
    rows = [panel.view.model().index(r, 0).data() for r in range(panel.model.rowCount())]
    assert "4:11" in rows
    assert panel.more.isVisible() and panel.more.text().startswith(
        "\u2026 and 2 more problems not shown: the first ")
    panel.set_problems(())                      # a file fixed: the note goes
    assert not panel.more.isVisible()
    assert panel.view.model().rowCount() == 0
