"""A minimal MS-CFB (compound file, version 3) writer for ``vbaProject.bin``.

Streams smaller than 4096 bytes live in the mini stream; directory siblings form a
balanced binary tree coloured as a valid red-black tree (MS-CFB 2.6.4).
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
RED, BLACK = 0, 1


@dataclass
class _Entry:
    name: str
    kind: int                      # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list["_Entry"] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    color: int = BLACK
    start: int = ENDOFCHAIN
    size: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """MS-CFB order: shorter names first, then by upper-cased UTF-16 code units."""
    return len(name.encode("utf-16-le")), name.upper()


def _tree(nodes: list[_Entry], depth: int, full_depth: int) -> int:
    """Link sorted ``nodes`` into a balanced tree; nodes below the last full level are red."""
    if not nodes:
        return NOSTREAM
    mid = len(nodes) // 2
    node = nodes[mid]
    node.color = RED if depth > full_depth else BLACK
    node.left = _tree(nodes[:mid], depth + 1, full_depth)
    node.right = _tree(nodes[mid + 1:], depth + 1, full_depth)
    return node.sid


def _full_depth(count: int) -> int:
    """Deepest level (0-based) that is complete in a balanced tree of ``count`` nodes."""
    return (count + 1).bit_length() - 2


def _chain(fat: list[int], first: int, count: int) -> int:
    for i in range(count):
        fat[first + i] = first + i + 1 if i < count - 1 else ENDOFCHAIN
    return first if count else ENDOFCHAIN


def _pad(data: bytes, unit: int) -> bytes:
    return data + b"\x00" * (-len(data) % unit)


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams``, keyed by '/'-separated paths ('VBA/dir')."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        parent = root
        *storages, leaf = path.split("/")
        for part in storages:
            found = next((c for c in parent.children if c.name == part and c.kind == 1), None)
            if found is None:
                found = _Entry(part, 1)
                parent.children.append(found)
            parent = found
        parent.children.append(_Entry(leaf, 2, data))

    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.sid = len(entries)
        entries.append(entry)
        for child in entry.children:
            number(child)

    number(root)
    for entry in entries:
        if entry.children:
            ordered = sorted(entry.children, key=lambda e: _sort_key(e.name))
            entry.child = _tree(ordered, 0, _full_depth(len(ordered)))
    root.color = BLACK

    # The mini stream and its allocation table.
    mini, minifat = bytearray(), []
    big = [e for e in entries if e.kind == 2 and len(e.data) >= MINI_CUTOFF]
    for e in entries:
        if e.kind == 2 and 0 < len(e.data) < MINI_CUTOFF:
            first, count = len(mini) // MINI_SECTOR, -(-len(e.data) // MINI_SECTOR)
            minifat.extend([0] * count)
            e.start = _chain(minifat, first, count)
            mini += _pad(e.data, MINI_SECTOR)
        e.size = len(e.data)
    root.size = len(mini)

    dir_sectors = -(-len(entries) // 4)
    minifat_sectors = -(-len(minifat) * 4 // SECTOR)
    mini_sectors = -(-len(mini) // SECTOR)
    big_sectors = [-(-len(e.data) // SECTOR) for e in big]
    payload = dir_sectors + minifat_sectors + mini_sectors + sum(big_sectors)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < payload + fat_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("compound file too large for a header-only DIFAT")

    fat = [FREESECT] * (fat_sectors * SECTOR // 4)
    for i in range(fat_sectors):
        fat[i] = FATSECT
    cursor = fat_sectors
    first_dir = _chain(fat, cursor, dir_sectors); cursor += dir_sectors
    first_minifat = _chain(fat, cursor, minifat_sectors); cursor += minifat_sectors
    root.start = _chain(fat, cursor, mini_sectors); cursor += mini_sectors
    for e, count in zip(big, big_sectors):
        e.start = _chain(fat, cursor, count); cursor += count

    header = bytearray(SECTOR)
    struct.pack_into("<8s16sHHHHH6sIIIIIIIII", header, 0, _SIGNATURE, bytes(16), 0x3E, 3, 0xFFFE, 9, 6,
                     bytes(6), 0, fat_sectors, first_dir, 0, MINI_CUTOFF,
                     first_minifat if minifat_sectors else ENDOFCHAIN, minifat_sectors, ENDOFCHAIN, 0)
    difat = list(range(fat_sectors)) + [FREESECT] * (109 - fat_sectors)
    struct.pack_into("<109I", header, 76, *difat)

    directory = bytearray()
    for e in entries:
        name = e.name.encode("utf-16-le")
        if len(name) > 62:
            raise ValueError(f"directory entry name too long: {e.name}")
        directory += struct.pack("<64sHBBIII16sIQQIQ", name, len(name) + 2, e.kind, e.color,
                                 e.left, e.right, e.child, bytes(16), 0, 0, 0,
                                 e.start if (e.size or e.kind == 5) else ENDOFCHAIN, e.size)
    empty = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, bytes(16), 0, 0, 0, 0, 0)
    directory += empty * (dir_sectors * 4 - len(entries))

    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += struct.pack("<I", FREESECT) * (-len(minifat) % (SECTOR // 4))
    body = [struct.pack(f"<{len(fat)}I", *fat), bytes(directory), minifat_bytes, _pad(bytes(mini), SECTOR)]
    body += [_pad(e.data, SECTOR) for e in big]
    return bytes(header) + b"".join(body)
