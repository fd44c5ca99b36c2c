import datetime

import pytest

from timeline_app.core.dates import DateError, PartialDate, format_date, format_range, parse_date


@pytest.mark.parametrize("text, expected, precision", [
    ("2022", PartialDate(2022), "year"),
    ("2022-04", PartialDate(2022, 4), "month"),
    ("2022-03-29", PartialDate(2022, 3, 29), "day"),
    ("2024-02-29", PartialDate(2024, 2, 29), "day"),
])
def test_dates_keep_their_precision(text, expected, precision):
    date = parse_date(text)
    assert date == expected
    assert date.precision == precision
    assert date.iso() == text


@pytest.mark.parametrize("text, message", [
    ("2022-02-30", "February 2022 has 28 days"),
    ("2023-02-29", "February 2023 has 28 days"),
    ("2022-04-31", "April 2022 has 30 days"),
    ("2022-13", "the month must be 01 to 12"),
    ("2022-00-10", "the month must be 01 to 12"),
    ("29/03/2022", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("March 2022", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("0000", "the year must be 0001 or later"),
])
def test_invalid_dates_say_what_is_wrong(text, message):
    with pytest.raises(DateError, match=message):
        parse_date(text)


def test_a_month_spans_the_whole_month_and_a_year_the_whole_year():
    assert parse_date("2022-02").first_day == datetime.date(2022, 2, 1)
    assert parse_date("2022-02").last_day == datetime.date(2022, 2, 28)
    assert parse_date("2024").last_day == datetime.date(2024, 12, 31)
    assert parse_date("2025-05-16").last_day == datetime.date(2025, 5, 16)


def test_less_precise_dates_sort_before_precise_ones_in_their_period():
    dates = [parse_date(t) for t in ("2022-03-29", "2022", "2022-03", "2021-12-31")]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == \
        ["2021-12-31", "2022", "2022-03", "2022-03-29"]


@pytest.mark.parametrize("start, end, shown", [
    ("2022-03-29", None, "29 March 2022"),
    ("2022-04", None, "April 2022"),
    ("2022", None, "2022"),
    ("2025-05-23", "2025-05-25", "23\u201325 May 2025"),
    ("2022-09-21", "2022-10-02", "21 September \u2013 2 October 2022"),
    ("2025-02", "2025-05", "February\u2013May 2025"),
    ("2022-12-30", "2023-01-02", "30 December 2022 \u2013 2 January 2023"),
    ("2022", "2025-05", "2022 \u2013 May 2025"),
    ("2005", "2008", "2005\u20132008"),
])
def test_dates_and_ranges_read_as_a_person_writes_them(start, end, shown):
    assert format_range(parse_date(start), parse_date(end) if end else None) == shown
    if end is None:
        assert format_date(parse_date(start)) == shown


@pytest.mark.parametrize("text", ["\u0662\u0660\u0662\u0662-\u0660\u0663",      # Arabic-Indic
                                  "\uff12\uff10\uff12\uff12-\uff10\uff13-\uff10\uff11",  # fullwidth
                                  "\u0968\u0966\u0968\u0968", "2022-0\u0663-01",
                                  "2022-03-\u0661\u0665"])
def test_a_date_is_written_with_ascii_digits_only(text):
    with pytest.raises(DateError, match="digits as 0-9"):
        parse_date(text)


def test_a_date_with_other_digits_is_an_error_in_a_timeline():
    from conftest import MINIMAL
    from timeline_app.core.loader import load_text
    for text in ("\u0662\u0660\u0662\u0662-\u0660\u0663-\u0662\u0669", "\uff12\uff10\uff12\uff12"):
        result = load_text(MINIMAL.replace("2022-03-29", text), "t.yaml")
        [error] = result.problems
        assert result.timeline is None and (error.line, error.column) == (9, 11)
        assert "digits as 0-9" in error.message and error.yaml_path == "events[0].date"
