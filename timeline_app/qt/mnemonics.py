"""Keyboard mnemonics (Alt+letter) for buttons whose labels come without one."""
from __future__ import annotations


def with_mnemonics(labels: list[str], taken: str = "") -> list[str]:
    """The labels, each without an "&" given one on a letter no other button uses: the
    first letter of a word if it can, else any letter. `taken`: letters already in use."""
    used = set(taken.lower())
    used |= {label[label.index("&") + 1].lower() for label in labels
             if "&" in label and label.index("&") + 1 < len(label)}
    marked = []
    for label in labels:
        if "&" not in label:
            starts = [i for i, c in enumerate(label) if c.isalpha() and (i == 0 or
                                                                          label[i - 1] == " ")]
            others = [i for i, c in enumerate(label) if c.isalpha() and i not in starts]
            free = next((i for i in starts + others if label[i].lower() not in used), None)
            if free is not None:
                used.add(label[free].lower())
                label = f"{label[:free]}&{label[free:]}"
        marked.append(label)
    return marked
