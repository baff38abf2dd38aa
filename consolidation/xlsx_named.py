"""Read only the cells an .xlsx workbook's defined names point at, straight from the sheet XML.

No grid is built, so a far-away or huge range costs nothing but the bytes of its part. The name
map (workbook part and its relationships) and the date styles are parsed once per distinct part,
not per file: reports made from one template share them. Each named cell is found by searching
its ``r="B12"`` attribute forward from the previous one (cells are stored in row order); a cell not
found that way is looked for by a full scan, and a sheet whose cells carry no reference at all is
left to calamine by the caller (``NeedsGrid``).
"""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Iterator

from defusedxml import ElementTree as ET

from workbook_templates.cellref import CellRef, column_index_from_string, parse_ref
from .vnnumbers import serial_to_date

_NS_TRANSITIONAL_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_TRANSITIONAL_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_NS_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_ANY_CELL = re.compile(rb"""<(?:\w+:)?c\b([^>]*?)\br=["']([A-Z]{1,3})(\d{1,7})["']([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)""", re.S)
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s/>]")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_TYPE = re.compile(rb"""\bt=["'](\w+)["']""")
_STYLE = re.compile(rb"""\bs=["'](\d+)["']""")
_V = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_F = re.compile(rb"<(?:\w+:)?f[\s/>]")
_T = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_RPH = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_SI = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.S)
_X_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Built-in number formats that show a date or time (ECMA-376 18.8.30, with the East Asian ones).
_BUILTIN_DATE_FORMATS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_CACHE_SIZE = 32


class NeedsGrid(Exception):
    """The sheet's cells carry no ``r`` reference: only a full spreadsheet reader can place them."""


@dataclass(frozen=True)
class NameMap:
    """What the workbook part says: named cells, the part of each sheet, the date system."""

    names: dict[str, CellRef]
    sheet_parts: dict[str, str]
    datemode: int
    #: per sheet: the named cells in row order, as (search needle, (sheet, row, col))
    wanted: dict[str, tuple[tuple[bytes, tuple[str, int, int]], ...]]


@dataclass
class NamedCells:
    """Values of the named cells (and every cell of the ``_meta`` sheet), keyed by (sheet, row, col)."""

    names: dict[str, CellRef]
    values: dict[tuple[str, int, int], Any]
    uncached: set[tuple[str, int, int]]
    errors: dict[tuple[str, int, int], str]
    datemode: int
    meta_rows: list[list[Any]]


_name_maps: dict[tuple, NameMap] = {}
_date_styles: dict[tuple, frozenset[int]] = {}


def _remember(cache: dict, key: tuple, value: Any) -> Any:
    if len(cache) >= _CACHE_SIZE:          # a folder of unrelated workbooks must not grow it for ever
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def _part_key(zf: zipfile.ZipFile, *members: str) -> tuple:
    """What the package's directory says of these parts (CRC-32 and size): equal keys, equal parts.

    A forged CRC could only make a file read as if it had another file's part, which its author
    could have written anyway; nothing else is trusted from it."""
    key: list[Any] = []
    for member in members:
        try:
            info = zf.getinfo(member)
            key += [member, info.CRC, info.file_size]
        except KeyError:
            key += [member, None, None]
    return tuple(key)


def package_name_map(zf: zipfile.ZipFile) -> NameMap:
    """The package's name map, parsed once per distinct workbook part: reports of one template share it."""
    key = _part_key(zf, "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
    found = _name_maps.get(key)
    if found is None:
        found = _remember(_name_maps, key, _parse_name_map(zf.read("xl/workbook.xml"),
                                                           _read_member(zf, "xl/_rels/workbook.xml.rels")))
    return found


def _parse_name_map(workbook: bytes, rels: bytes) -> NameMap:
    root = ET.fromstring(workbook)
    strict = root.tag.startswith(f"{{{_NS_STRICT_MAIN}}}")   # ISO 29500 strict: same parts, other namespaces
    ns_main = _NS_STRICT_MAIN if strict else _NS_TRANSITIONAL_MAIN
    ns_rel = _NS_STRICT_REL if strict else _NS_TRANSITIONAL_REL
    pr = root.find(f"{{{ns_main}}}workbookPr")
    datemode = 1 if pr is not None and pr.get("date1904") in ("1", "true") else 0
    names: dict[str, CellRef] = {}
    for dn in root.iter(f"{{{ns_main}}}definedName"):
        if dn.get("localSheetId") is None and dn.text:
            ref = parse_ref(dn.text)
            if ref:
                names[dn.get("name")] = ref
    targets = {r.get("Id"): r.get("Target") or "" for r in ET.fromstring(rels).iter(f"{{{_NS_PKG_REL}}}Relationship")}
    parts: dict[str, str] = {}
    for sheet in root.iter(f"{{{ns_main}}}sheet"):
        target = targets.get(sheet.get(f"{{{ns_rel}}}id"), "")
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    wanted: dict[str, list[tuple[int, int, bytes, tuple[str, int, int]]]] = {}
    for ref in set(names.values()):
        wanted.setdefault(ref.sheet, []).append((ref.row, ref.col, f'r="{ref.address}"'.encode(), (ref.sheet, ref.row, ref.col)))
    ordered = {sheet: tuple((needle, key) for _, _, needle, key in sorted(cells)) for sheet, cells in wanted.items()}
    return NameMap(names, parts, datemode, ordered)


def _package_date_styles(zf: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell styles whose number format shows a date, once per distinct styles part."""
    key = _part_key(zf, "xl/styles.xml")
    found = _date_styles.get(key)
    if found is None:
        found = _remember(_date_styles, key, _parse_date_styles(_read_member(zf, "xl/styles.xml")))
    return found


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.', "", code).lower()   # quoted text, colours, escapes
    return bool(re.search(r"[dmyhs]", code)) and not re.fullmatch(r"[#0,.%\s;e+-]*", code)


def _parse_date_styles(styles: bytes) -> frozenset[int]:
    if not styles:
        return frozenset()
    root = ET.fromstring(styles)
    custom: dict[int, bool] = {}
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == "numFmt" and (el.get("numFmtId") or "").isdigit():
            custom[int(el.get("numFmtId"))] = _is_date_format(el.get("formatCode") or "")
    found: set[int] = set()
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] == "cellXfs":
            for index, xf in enumerate(x for x in el if x.tag.rsplit("}", 1)[-1] == "xf"):
                fmt = xf.get("numFmtId") or "0"
                fmt_id = int(fmt) if fmt.isdigit() else 0
                if custom.get(fmt_id, fmt_id in _BUILTIN_DATE_FORMATS):
                    found.add(index)
            break
    return frozenset(found)


def _text(raw: bytes) -> str:
    text = html.unescape(raw.decode("utf-8", "replace"))
    return _X_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _rich_text(body: bytes) -> str:
    """The text of a shared or inline string: its runs joined, phonetic guides left out."""
    if b"<rPh" in body or b":rPh" in body:
        body = _RPH.sub(b"", body)
    return "".join(_text(t) for t in _T.findall(body))


class _Strings:
    """The shared-string table, split once and decoded only where a named cell points."""

    def __init__(self, zf: zipfile.ZipFile, member: str | None):
        self._zf, self._member, self._items, self._decoded = zf, member, None, {}

    def __getitem__(self, index: int) -> str:
        if index in self._decoded:
            return self._decoded[index]
        if self._items is None:
            data = self._zf.read(self._member) if self._member else b""
            pieces = data.split(b"<si>")
            if data.count(b"<si") == len(pieces) - 1:    # plain <si> items only: split at C speed
                self._items = pieces[1:]
            else:
                self._items = [m.group(1) or b"" for m in _SI.finditer(data)]
        text = _rich_text(self._items[index]) if 0 <= index < len(self._items) else ""
        self._decoded[index] = text
        return text


def _in_cell_tag(data: bytes, at: int) -> int:
    """Where the ``<c`` tag holding position ``at`` starts, or -1 when ``at`` is not inside one."""
    start = data.rfind(b"<", 0, at)
    if start < 0 or data.find(b">", start, at) >= 0 or not _CELL_TAG.match(data, start):
        return -1
    return start


def _locate(data: bytes, needle: bytes, after: int) -> int:
    """Start of the ``<c`` tag carrying ``needle``, searching from ``after`` then from the top."""
    for origin in (after, 0) if after else (0,):
        at = data.find(needle, origin)
        while at >= 0:
            if data[at - 1: at].isspace():
                start = _in_cell_tag(data, at)
                if start >= 0:
                    return start
            at = data.find(needle, at + 1)
    return -1


class _Decoder:
    """Turns a cell's attributes and body into a value, the way calamine would show it."""

    def __init__(self, strings: _Strings, dates: frozenset[int], datemode: int, out: NamedCells):
        self.strings, self.dates, self.datemode, self.out = strings, dates, datemode, out

    def cell(self, key: tuple[str, int, int], attributes: bytes, body: bytes) -> None:
        kind = b"n"
        if b"t=" in attributes:                       # numbers usually carry no type
            found = _TYPE.search(attributes)
            kind = found.group(1) if found else b"n"
        raw = b""
        if body:
            start = body.find(b"<v>")
            if start >= 0:
                raw = body[start + 3: body.find(b"</v>", start)]
            elif b"v>" in body:                        # a namespace prefix: <x:v>
                found = _V.search(body)
                raw = found.group(1) if found else b""
        if kind == b"e":
            self.out.errors[key] = _text(raw) if raw else "#ERR"
            return
        if kind == b"inlineStr":
            self.out.values[key] = _rich_text(body)
            return
        if not raw:
            if body and _F.search(body):
                self.out.uncached.add(key)
            return
        if kind == b"s":
            self.out.values[key] = self.strings[int(raw)] if raw.strip().isdigit() else ""
        elif kind == b"b":
            self.out.values[key] = raw.strip() in (b"1", b"true")
        elif kind in (b"str", b"d"):
            self.out.values[key] = _text(raw)
        else:
            number = float(raw)
            style = _STYLE.search(attributes) if self.dates and b"s=" in attributes else None
            if style and int(style.group(1)) in self.dates:
                self.out.values[key] = serial_to_date(number, self.datemode) or number
            else:
                self.out.values[key] = number


def _read_member(zf: zipfile.ZipFile, member: str | None) -> bytes:
    if not member or member not in zf.NameToInfo:
        return b""
    return zf.read(member)


def read_named_cells(zf: zipfile.ZipFile) -> NamedCells:
    """Values of every defined name's cell, and the ``_meta`` sheet, of an open .xlsx package."""
    names_map = package_name_map(zf)
    strings = _Strings(zf, "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in zf.NameToInfo else None)
    dates = _package_date_styles(zf)
    out = NamedCells(names_map.names, {}, set(), {}, names_map.datemode, [])
    decoder = _Decoder(strings, dates, names_map.datemode, out)
    for sheet, cells in names_map.wanted.items():
        data = _read_member(zf, names_map.sheet_parts.get(sheet))
        if data:
            _read_sheet(data, cells, decoder)
    meta = _read_member(zf, names_map.sheet_parts.get("_meta"))
    if meta:
        out.meta_rows = _all_rows(meta, decoder)
    return out


def _read_sheet(data: bytes, cells: tuple[tuple[bytes, tuple[str, int, int]], ...], decoder: _Decoder) -> None:
    position, missing = 0, []
    for needle, key in cells:
        start = _locate(data, needle, position)
        if start < 0:
            missing.append(key)
            continue
        position = start
        close = data.find(b">", start)
        attributes = data[start:close]
        if attributes.endswith(b"/"):
            decoder.cell(key, attributes, b"")
            continue
        end = _CELL_END.search(data, close)
        decoder.cell(key, attributes, data[close + 1: end.start() if end else len(data)])
    if missing:
        _rescan(data, set(missing), decoder)


def _every_cell(data: bytes) -> Iterator[tuple[int, int, bytes, bytes]]:
    """(zero-based row, column, attributes, body) of every referenced cell of a sheet part."""
    for match in _ANY_CELL.finditer(data):
        yield (int(match.group(3)) - 1, column_index_from_string(match.group(2)) - 1,
               match.group(1) + match.group(4), match.group(5) or b"")


def _rescan(data: bytes, missing: set[tuple[str, int, int]], decoder: _Decoder) -> None:
    """Cells the forward search did not find: quoted otherwise, or absent (then blank)."""
    sheet = next(iter(missing))[0]
    if data.count(b'r="') + data.count(b"r='") < len(_CELL_TAG.findall(data)):
        raise NeedsGrid(sheet)
    for row, col, attributes, body in _every_cell(data):
        if (sheet, row, col) in missing:
            decoder.cell((sheet, row, col), attributes, body)


def _all_rows(data: bytes, decoder: _Decoder) -> list[list[Any]]:
    """Every cell of a small sheet (``_meta``, a few key/value rows), as rows."""
    sink = NamedCells({}, {}, set(), {}, decoder.datemode, [])
    local = _Decoder(decoder.strings, decoder.dates, decoder.datemode, sink)
    for row, col, attributes, body in _every_cell(data):
        if row < 10000 and col < 8:
            local.cell(("_meta", row, col), attributes, body)
    rows: list[list[Any]] = []
    for (_, row, col), value in sink.values.items():
        while len(rows) <= row:
            rows.append([])
        while len(rows[row]) <= col:
            rows[row].append("")
        rows[row][col] = value
    return rows
