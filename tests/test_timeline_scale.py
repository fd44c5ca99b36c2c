"""The condensed time axis's scale: days to axis units and back, folds of quiet stretches."""
import datetime

import pytest

from timeline_app.core.time_scale import Fold, TimeScale, quiet_folds


def day(iso: str) -> float:
    return datetime.date.fromisoformat(iso).toordinal()


def test_without_folds_the_scale_is_the_identity():
    scale = TimeScale()
    assert not scale and scale.to_u(738000.5) == 738000.5 and scale.to_day(12.25) == 12.25
    assert list(scale.plain_days(10, 20)) == [(10, 20)]


def test_a_fold_squeezes_its_stretch_and_shifts_what_follows():
    scale = TimeScale([(100, 400, 30, 2)])          # 300 days drawn as 30 units
    assert scale.to_u(50) == 50 and scale.to_u(100) == 100
    assert scale.to_u(250) == pytest.approx(115)    # halfway in, halfway across
    assert scale.to_u(400) == 130 and scale.to_u(500) == 230
    for value in (0, 99.5, 100, 101, 250, 399.9, 400, 401, 1000):
        assert scale.to_day(scale.to_u(value)) == pytest.approx(value)
    assert list(scale.plain_days(0, 300)) == [(0, 100), (400, 570)]
    assert list(scale.plain_days(110, 120)) == []             # all inside the fold


def test_the_scale_only_grows():
    scale = TimeScale([(100, 400, 30, 2), (500, 1500, 20, 0)])
    values = [scale.to_u(d) for d in range(0, 2000, 7)]
    assert all(a < b for a, b in zip(values, values[1:]))


@pytest.mark.parametrize("days, events, text", [
    (274, 2, "\u2248 9 months, 2 events"), (578, 1, "\u2248 1 year 7 months, 1 event"),
    (365, 0, "\u2248 1 year, no events"), (40, 3, "\u2248 6 weeks, 3 events"),
    (1100, 4000, "\u2248 3 years, 4,000 events")])
def test_a_fold_says_how_long_and_how_many(days, events, text):
    assert Fold(0, days, 0, 10, events).describe() == text


def spans(*isos):
    return [(day(iso), day(iso) + 1) for iso in isos]


def test_a_bursty_timeline_folds_its_quiet_years_keeping_the_lone_events_in_them():
    spring_2022 = [f"2022-03-{d:02d}" for d in range(1, 29, 3)]
    spring_2025 = [f"2025-05-{d:02d}" for d in range(1, 29, 3)]
    scale = quiet_folds(spans(*spring_2022, "2023-07-17", "2024-01-03", *spring_2025))
    fold, = scale.folds
    assert fold.events == 2
    assert day("2022-03-28") < fold.first_day and fold.last_day < day("2025-05-01")
    assert scale.saving() > 0.5
    # the busy months keep one unit per day
    assert scale.to_u(day("2022-03-28")) - scale.to_u(day("2022-03-01")) == 27


def test_an_even_timeline_is_not_folded():
    even = [(738000 + 10 * k, 738001 + 10 * k) for k in range(200)]
    assert not quiet_folds(even) and quiet_folds(even).saving() == 0


def test_a_handful_of_events_is_not_folded():
    assert not quiet_folds(spans("2001-01-01", "2010-01-01", "2020-01-01"))
