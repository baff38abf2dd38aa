"""Numbers and dates typed the Vietnamese way: decimal comma, dot thousands, dd/mm/yyyy."""
from __future__ import annotations

import datetime as dt
import re

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+(?:,\d+)?$")
_DECIMAL_DOT = re.compile(r"^[+-]?\d*\.\d+$|^[+-]?\d+$")
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def parse_number(text: str) -> float | None:
    """Read '98,5', '98,5%', '1.234', '1.234,5', ' 12 ', '98.5' as numbers; None if not a number.

    A dot followed by exactly three digits (groups) is a thousands separator, as in Vietnamese.
    A trailing % is dropped: the cell already holds percent points (98,5% → 98.5).
    """
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if raw.endswith("%"):
        raw = raw[:-1]
    if not raw:
        return None
    if _THOUSANDS_DOT.match(raw):
        return float(raw.replace(".", "").replace(",", "."))
    if _DECIMAL_COMMA.match(raw):
        return float(raw.replace(",", "."))
    if _DECIMAL_DOT.match(raw):
        return float(raw)
    return None


EXCEL_EPOCH_1904 = dt.datetime(1904, 1, 1)


def parse_date(value: object, datemode: int = 0) -> dt.date | None:
    """A date from a date cell, an Excel serial number (``datemode`` 1: the 1904 date system) or
    'dd/mm/yyyy' text; None if not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        return _moment(value, datemode).date()
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
        if match:
            try:
                return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            except ValueError:
                return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def serial_to_date(serial: float, datemode: int = 0) -> dt.date | dt.datetime | None:
    """A date-formatted cell's serial number as calamine shows it: a date when whole, else a datetime."""
    if not 0 <= serial < 2958466:
        return None
    moment = _moment(serial, datemode)
    return moment.date() if float(serial).is_integer() else moment


def _moment(serial: float, datemode: int) -> dt.datetime:
    """The moment an Excel serial number stands for (``datemode`` 1: the 1904 date system)."""
    return (EXCEL_EPOCH_1904 if datemode else EXCEL_EPOCH) + dt.timedelta(days=float(serial))
