import pytest

from timeline.dates import PartialDate, parse_date, span_problem
from timeline.words import shipped


@pytest.mark.parametrize("text, precision, shown", [
    ("2009-05-06", "day", "6 May 2009"), ("2009-05", "month", "May 2009"), ("2009", "year", "2009"),
    ("2008-02-29", "day", "29 February 2008"),
])
def test_parse_keeps_precision(text, precision, shown):
    date = parse_date(text)
    assert (date.precision, shipped("en").date(date), date.iso()) == (precision, shown, text)


@pytest.mark.parametrize("text, reason", [
    ("2009-02-30", "not a day of February 2009"), ("2009-13-01", "no month 13"), ("2009-00", "no month 0"),
    ("2009-02-29", "not a day of February 2009"), ("09-05-06", "is not a date"), ("May 6", "is not a date"),
    ("2009-5-6", "is not a date"), ("2009/05/06", "is not a date"), ("", "is not a date"),
])
def test_parse_rejects(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


def test_month_and_year_periods_compare_by_their_ends():
    assert PartialDate(2009).last_day() == (2009, 12, 31)
    assert PartialDate(2008, 2).last_day() == (2008, 2, 29)
    assert PartialDate(2009, 5) < PartialDate(2009, 6)


@pytest.mark.parametrize("start, end, message, hint", [
    ("2022-03-24", "2022-03", "end_date: 2022-03 is not after date 2022-03-24",
     "end_date must be after 2022-03-24; write the day, e.g. 2022-03-31, or drop end_date"),
    ("2022-03-24", "2022", "end_date: 2022 is not after date 2022-03-24",
     "end_date must be after 2022-03-24; write the day, e.g. 2022-12-31, or drop end_date"),
    ("2022-03", "2022", "end_date: 2022 is not after date 2022-03",
     "end_date must be after 2022-03; write the month, e.g. 2022-12, or drop end_date"),
    ("2022-03-31", "2022-03", "end_date: 2022-03 is not after date 2022-03-31",
     "end_date must be after 2022-03-31, e.g. 2022-04-01, or drop end_date"),
    ("2022-12", "2022", "end_date: 2022 is not after date 2022-12", "end_date must be after 2022-12, e.g. 2023-01, or drop end_date"),
    ("2022-03", "2022-03-15", "end_date: 2022-03-15 falls within date 2022-03",
     "end_date must be after 2022-03, e.g. 2022-04; or give date the day it started, or drop end_date"),
    ("2022", "2022-06", "end_date: 2022-06 falls within date 2022",
     "end_date must be after 2022, e.g. 2023; or give date the month it started, or drop end_date"),
    ("2022-12-31", "2022-12-31", "end_date: 2022-12-31 is the same as date",
     "a span ends after it starts: e.g. end_date: 2023-01-01, or drop end_date for a single day"),
    ("2022-02", "2022-02", "end_date: 2022-02 is the same as date",
     "a span ends after it starts: e.g. end_date: 2022-03, or drop end_date for a single month"),
    ("2022", "2022", "end_date: 2022 is the same as date", "a span ends after it starts: e.g. end_date: 2023, or drop end_date for a single year"),
    ("2022-03-24", "2022-03-01", "end_date: 2022-03-01 is before date 2022-03-24", "swap them, or correct end_date"),
    ("2022-03", "2021", "end_date: 2021 is before date 2022-03", "swap them, or correct end_date"),
])
def test_an_end_must_begin_after_the_start_is_over(start, end, message, hint):
    assert span_problem(parse_date(start), parse_date(end)) == (message, hint)


@pytest.mark.parametrize("start, end", [
    ("2022-03-24", "2022-03-25"), ("2022-03-24", "2022-04"), ("2022-03-24", "2023"), ("2022-03", "2022-04-01"),
    ("2022-03", "2022-04"), ("2022-03", "2023"), ("2022", "2023-01-01"), ("2022", "2023-01"), ("2022", "2023"),
    ("2022-02-28", "2022-03"),
])
def test_spans_that_read_well_pass(start, end):
    assert span_problem(parse_date(start), parse_date(end)) is None
