"""Partial dates: a year, a month or a day, kept at the precision the author gave."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")
DATE_FORMS = "use YYYY-MM-DD, YYYY-MM or YYYY"
_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self) -> tuple[int, int, int]:
        """Where the period starts, for sorting."""
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        """Where the period ends, for comparing an end with a start."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def rfc3339(self) -> str:
        year, month, day = self.first_day()
        return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def parse_date(text: str) -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError with a plain reason."""
    match = _PATTERN.fullmatch(text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a date')
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1:
        raise ValueError(f'"{text}" has no year 0')
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f'"{text}" has no month {month}')
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f'"{text}" is not a day of {MONTHS[month - 1]} {year}')
    return PartialDate(year, month, day)


def span_problem(start: PartialDate, end: PartialDate) -> tuple[str, str] | None:
    """Why end cannot end a span that starts at start, as (message, hint), or None.

    A span reads "start – end", so the end's period must begin after the start's period is over:
    2022-03-24 to 2022-03 would read "24 March 2022 – March 2022", and 2022 to 2022-06 "2022 – June
    2022". Whatever the two precisions, the end suggested is the latest the author's end allows, at
    the start's precision, or else the first period after the start.
    """
    if end.first_day() > start.last_day():
        return None
    if end.last_day() < start.first_day():
        return f"end_date: {end.iso()} is before date {start.iso()}", "swap them, or correct end_date"
    words = {"day": "the day", "month": "the month", "year": "a later year"}
    if end.last_day() > start.last_day():  # it ends later, but not at the start's precision
        later = _at_precision(end.last_day(), start.precision)
        return (f"end_date: {end.iso()} is not after date {start.iso()}",
                f"end_date must be after {start.iso()}; write {words[start.precision]}, e.g. {later.iso()}, or drop end_date")
    after = _at_precision(_day_after(start.last_day()), start.precision)
    if end == start:
        return (f"end_date: {end.iso()} is the same as date",
                f"a span ends after it starts: e.g. end_date: {after.iso()}, or drop end_date for a single {start.precision}")
    if _FINER[end.precision] > _FINER[start.precision]:  # a day within the start's month, say
        return (f"end_date: {end.iso()} falls within date {start.iso()}",
                f"end_date must be after {start.iso()}, e.g. {after.iso()}; or give date the {end.precision} it started, "
                f"or drop end_date")
    return (f"end_date: {end.iso()} is not after date {start.iso()}",  # a month or year that ends when the start does
            f"end_date must be after {start.iso()}, e.g. {after.iso()}, or drop end_date")


_FINER = {"year": 0, "month": 1, "day": 2}


def _at_precision(day: tuple[int, int, int], precision: str) -> PartialDate:
    year, month, date = day
    return PartialDate(year, month if precision != "year" else None, date if precision == "day" else None)


def _day_after(day: tuple[int, int, int]) -> tuple[int, int, int]:
    year, month, date = day
    if date < calendar.monthrange(year, month)[1]:
        return (year, month, date + 1)
    return (year, month + 1, 1) if month < 12 else (year + 1, 1, 1)
