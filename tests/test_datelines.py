"""Datelines and written dates: where a story was filed, and the dates its text spells out."""
from __future__ import annotations

from timeline.dates import PartialDate
from timeline.datelines import checked_date, find_full_date, month_number, parse_dateline


def test_datelines():
    seen = parse_dateline("MOSCOW, May 6 (RIA Novosti) - Text.")
    assert (seen.place, seen.month, seen.day, seen.year, seen.agency) == ("MOSCOW", 5, 6, None, "RIA Novosti")
    seen = parse_dateline("BRUSSELS (Reuters) - Text.")
    assert (seen.place, seen.month, seen.agency) == ("BRUSSELS", None, "Reuters")
    seen = parse_dateline("KYIV, Ukraine, March 3, 2014 (AP) — Text.")
    assert (seen.place, seen.month, seen.day, seen.year, seen.agency) == ("KYIV, Ukraine", 3, 3, 2014, "AP")
    seen = parse_dateline("МОСКВА, 6 мая — РИА Новости. Текст.")
    assert (seen.place, seen.month, seen.day, seen.agency) == ("МОСКВА", 5, 6, "РИА Новости")
    seen = parse_dateline("МОСКВА, 6 мая. /ТАСС/. Текст.")
    assert (seen.month, seen.agency) == (5, "ТАСС")
    assert parse_dateline("Russia said on Monday - and meant it - that talks were over.") is None
    assert parse_dateline("Russia (in red on the map) - and its neighbours.") is None


def test_full_dates_in_any_common_spelling_first_one_wins():
    assert find_full_date("Published 6 May 2009, updated May 7, 2009") == PartialDate(2009, 5, 6)
    assert find_full_date("2009-05-06 and later") == PartialDate(2009, 5, 6)
    assert find_full_date("6 мая 2009 года") == PartialDate(2009, 5, 6)
    assert find_full_date("06.05.2009") == PartialDate(2009, 5, 6)
    assert find_full_date("30 February 2009, then May 1, 2009") == PartialDate(2009, 5, 1)  # not a real day
    assert find_full_date("in May 2009") is None


def test_months_and_checked_dates():
    assert [month_number(w) for w in ("Sept.", "sep", "мая", "Декабрь", "12", "13", "Smarch")] == [9, 9, 5, 12, 12, None, None]
    assert checked_date(2009, 2, 30) is None and checked_date(None, 5, 6) is None
    assert checked_date(2009, 5, None) == PartialDate(2009, 5) and checked_date(2009, None, 6) == PartialDate(2009)
