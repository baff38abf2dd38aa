"""MS-OVBA 2.4.1 compression ("CompressedContainer"), used for VBA module sources and
the ``dir`` stream. Decompression is left to oletools, which is the independent check."""
from __future__ import annotations

CHUNK = 4096
_MIN_MATCH = 3
_MAX_CANDIDATES = 64


def _copy_token_layout(difference: int) -> tuple[int, int]:
    """(bit count of the offset, maximum match length) at ``difference`` bytes into a chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes) -> bytes:
    """One CompressedChunk (header included) for at most 4096 bytes of ``data``."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}
    pos, end = 0, len(data)
    while pos < end:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= end:
                break
            bit_count, max_len = _copy_token_layout(pos)
            best_len, best_off = 0, 0
            limit = min(max_len, end - pos)
            if limit >= _MIN_MATCH:
                for cand in reversed(heads.get(data[pos:pos + _MIN_MATCH], [])[-_MAX_CANDIDATES:]):
                    length = _MIN_MATCH
                    while length < limit and data[cand + length] == data[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, pos - cand
                        if length == limit:
                            break
            if best_len >= _MIN_MATCH:
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
                step = best_len
            else:
                out.append(data[pos])
                step = 1
            for p in range(pos, pos + step):
                if p + _MIN_MATCH <= end:
                    heads.setdefault(data[p:p + _MIN_MATCH], []).append(p)
            pos += step
        out[flag_index] = flags
    if len(out) > CHUNK:  # incompressible: a raw chunk of exactly 4096 bytes
        header = 0x3000 | (CHUNK + 2 - 3)
        return header.to_bytes(2, "little") + data.ljust(CHUNK, b"\x00")
    header = 0x8000 | 0x3000 | (len(out) + 2 - 3)
    return header.to_bytes(2, "little") + bytes(out)


def compress(data: bytes) -> bytes:
    """The CompressedContainer for ``data`` (signature byte then 4096-byte chunks)."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _compress_chunk(data[start:start + CHUNK])
    return bytes(out)
