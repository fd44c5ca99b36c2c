"""The model's quick __init__ (model._quick_init) makes the very objects dataclasses would.

The loader makes tens of thousands of Events, Excerpts, Articles and Citations per big file,
so their __init__ fills the slots directly instead of calling object.__setattr__ per field.
Here each class is compared with a dataclass made from the same fields the usual way: the
same parameters and defaults, the same values in every field, still frozen and hashable.
"""
import dataclasses
import inspect

import pytest

from timeline_app.core import model
from timeline_app.core.dates import PartialDate

QUICK = [model.Track, model.Era, model.Article, model.Excerpt, model.Event, model.Citation]


def usual_twin(cls):
    """A frozen, slotted dataclass with cls's fields, made by dataclasses alone."""
    fields = [(f.name, f.type, dataclasses.field(default=f.default))
              if f.default is not dataclasses.MISSING else (f.name, f.type)
              for f in dataclasses.fields(cls)]
    return dataclasses.make_dataclass(f"Usual{cls.__name__}", fields, frozen=True, slots=True)


def sample_values(cls) -> dict:
    """A distinct value for every field (so that two fields swapped would show)."""
    return {f.name: f"{f.name}-value" for f in dataclasses.fields(cls)}


@pytest.mark.parametrize("cls", QUICK)
def test_the_quick_init_takes_the_parameters_the_usual_one_takes(cls):
    assert cls.__init__ is not usual_twin(cls).__init__
    assert inspect.signature(cls) == inspect.signature(usual_twin(cls))


@pytest.mark.parametrize("cls", QUICK)
@pytest.mark.parametrize("how", ["keywords", "positions", "required only"])
def test_the_quick_init_fills_every_field_as_the_usual_one(cls, how):
    values = sample_values(cls)
    twin = usual_twin(cls)
    if how == "keywords":
        quick, usual = cls(**values), twin(**values)
    elif how == "positions":
        quick, usual = cls(*values.values()), twin(*values.values())
    else:
        required = {f.name: values[f.name] for f in dataclasses.fields(cls)
                    if f.default is dataclasses.MISSING}
        quick, usual = cls(**required), twin(**required)
    assert dataclasses.astuple(quick) == dataclasses.astuple(usual)
    assert dataclasses.asdict(quick) == dataclasses.asdict(usual)


@pytest.mark.parametrize("cls", QUICK)
def test_quickly_made_objects_stay_frozen_hashable_and_comparable(cls):
    values = sample_values(cls)
    made = cls(**values)
    name = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, name, "changed")
    assert made == cls(**values) and hash(made) == hash(cls(**values))
    changed = dataclasses.replace(made, **{name: "other"})
    assert getattr(changed, name) == "other" and changed != made


@pytest.mark.parametrize("cls", QUICK)
def test_a_wrong_call_fails_as_with_the_usual_init(cls):
    with pytest.raises(TypeError):
        cls()
    with pytest.raises(TypeError):
        cls(**sample_values(cls), unknown=1)


def test_an_event_reads_as_before():
    day = PartialDate(2022, 3, 29)
    event = model.Event(id="e1", date=day, title="Talks")
    assert (event.end, event.people, event.line, event.last) == (None, (), 0, day)
