"""Read and rewrite ``vbaProject.bin`` (MS-OVBA) with new module sources.

Every module is written source-only: its stream is just the compressed source
(MODULEOFFSET 0, no performance cache) and ``_VBA_PROJECT`` carries version 0xFFFF, so
Excel discards nothing it needs and recompiles the project on first open.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

import olefile
from oletools.olevba import decompress_stream

from .cfb import write_cfb
from .ovba import compress

# dir stream record ids (MS-OVBA 2.3.4.2)
PROJECTNAME, PROJECTVERSION, PROJECTMODULES, PROJECTCOOKIE, DIR_TERMINATOR = 0x04, 0x09, 0x0F, 0x13, 0x10
MODULENAME, MODULENAMEUNICODE, MODULESTREAMNAME, MODULEOFFSET, MODULECOOKIE = 0x19, 0x47, 0x1A, 0x31, 0x2C
MODULETYPE_PROCEDURAL, MODULETYPE_DOCUMENT, MODULE_TERMINATOR = 0x21, 0x22, 0x2B
VBA_PROJECT_SOURCE_ONLY = bytes.fromhex("CC61FFFF000100")   # reserved, version 0xFFFF, reserved


@dataclass
class Module:
    """A VBA module: ``source`` is the stored text in the project code page, CRLF lines."""
    name: str
    source: bytes
    procedural: bool = True
    docstring: bytes = b""
    kind: str = "Module"             # PROJECT stream keyword: Module, Class, Document
    workspace: str = "0, 0, 0, 0, C"


@dataclass
class VbaProject:
    name: str
    codepage: str
    info: list[tuple[int, bytes]]                    # records before PROJECTMODULES, verbatim
    modules: list[Module] = field(default_factory=list)
    project_text: list[str] = field(default_factory=list)

    def module(self, name: str) -> Module:
        return next(m for m in self.modules if m.name == name)

    def remove(self, name: str) -> None:
        self.modules = [m for m in self.modules if m.name != name]


def _records(data: bytes) -> list[tuple[int, bytes]]:
    out, i = [], 0
    while i < len(data):
        rid, size = struct.unpack_from("<HI", data, i)
        if rid == PROJECTVERSION:        # Reserved=4, then VersionMajor(4) VersionMinor(2)
            size = 6
        out.append((rid, data[i + 6:i + 6 + size]))
        i += 6 + size
    return out


def _record(rid: int, payload: bytes = b"") -> bytes:
    size = 4 if rid == PROJECTVERSION else len(payload)
    return struct.pack("<HI", rid, size) + payload


def read_project(data: bytes) -> VbaProject:
    """Parse the dir stream, the PROJECT stream and every module's source."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    records = _records(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    start = next(i for i, (rid, _) in enumerate(records) if rid == PROJECTMODULES)
    info = records[:start]
    cp = struct.unpack("<H", dict(info)[0x03])[0]
    codepage = f"cp{cp}"
    project = VbaProject(dict(info)[PROJECTNAME].decode(codepage), codepage, info)
    text = ole.openstream("PROJECT").read().decode(codepage)
    project.project_text = text.split("\r\n")
    kinds = {}
    for line in project.project_text:
        key, _, value = line.partition("=")
        if key in ("Module", "Class", "Document", "BaseClass"):
            kinds[value.split("/")[0]] = key
    current: dict[int, bytes] = {}
    for rid, payload in records[start:]:
        if rid in (MODULETYPE_PROCEDURAL, MODULETYPE_DOCUMENT):
            current[rid] = b""
        elif rid != MODULE_TERMINATOR:
            current[rid] = payload
            continue
        if rid == MODULE_TERMINATOR:
            name = current[MODULENAME].decode(codepage)
            stream = ole.openstream("VBA/" + current[MODULESTREAMNAME].decode(codepage)).read()
            offset = struct.unpack("<I", current[MODULEOFFSET])[0]
            project.modules.append(Module(
                name=name, source=decompress_stream(bytearray(stream[offset:])),
                procedural=MODULETYPE_PROCEDURAL in current, docstring=current.get(0x1C, b""),
                kind=kinds.get(name, "Module")))
            current = {}
    return project


def _dir_stream(project: VbaProject) -> bytes:
    out = bytearray()
    for rid, payload in project.info:
        if rid == PROJECTNAME:
            payload = project.name.encode(project.codepage)
        out += _record(rid, payload)
    out += _record(PROJECTMODULES, struct.pack("<H", len(project.modules)))
    out += _record(PROJECTCOOKIE, struct.pack("<H", 0xFFFF))
    for m in project.modules:
        name, uname = m.name.encode(project.codepage), m.name.encode("utf-16-le")
        out += _record(MODULENAME, name) + _record(MODULENAMEUNICODE, uname)
        out += _record(MODULESTREAMNAME, name) + _record(0x32, uname)
        out += _record(0x1C, m.docstring) + _record(0x48, m.docstring.decode(project.codepage).encode("utf-16-le"))
        out += _record(MODULEOFFSET, struct.pack("<I", 0))
        out += _record(0x1E, struct.pack("<I", 0))
        out += _record(MODULECOOKIE, struct.pack("<H", 0xFFFF))
        out += _record(MODULETYPE_PROCEDURAL if m.procedural else MODULETYPE_DOCUMENT)
        out += _record(MODULE_TERMINATOR, b"")[:2] + b"\x00\x00\x00\x00"
    out += _record(DIR_TERMINATOR, b"")[:2] + b"\x00\x00\x00\x00"
    return compress(bytes(out))


def _project_stream(project: VbaProject) -> bytes:
    lines: list[str] = []
    modules_written = False
    section = ""
    for line in project.project_text:
        key, _, _ = line.partition("=")
        if line.startswith("["):
            section = line
        if section == "" and key in ("Module", "Class", "Document", "BaseClass"):
            if not modules_written:
                for m in project.modules:
                    value = f"{m.name}/&H00000000" if m.kind == "Document" else m.name
                    lines.append(f"{m.kind}={value}")
                modules_written = True
            continue
        if section == "" and key == "Name":
            line = f'Name="{project.name}"'
        if section == "[Workspace]" and line and not line.startswith("["):
            continue
        lines.append(line)
    while lines and lines[-1] == "":
        lines.pop()
    if "[Workspace]" not in lines:
        lines += ["", "[Workspace]"]
    at = lines.index("[Workspace]") + 1
    lines[at:at] = [f"{m.name}={m.workspace}" for m in project.modules]
    return ("\r\n".join(lines) + "\r\n").encode(project.codepage)


def _projectwm(project: VbaProject) -> bytes:
    out = bytearray()
    for m in project.modules:
        out += m.name.encode(project.codepage) + b"\x00" + m.name.encode("utf-16-le") + b"\x00\x00"
    return bytes(out + b"\x00\x00")


def write_project(project: VbaProject) -> bytes:
    """The compound file of ``project``, every module source-only."""
    streams = {
        "PROJECT": _project_stream(project),
        "PROJECTwm": _projectwm(project),
        "VBA/_VBA_PROJECT": VBA_PROJECT_SOURCE_ONLY,
        "VBA/dir": _dir_stream(project),
    }
    for m in project.modules:
        streams[f"VBA/{m.name}"] = compress(m.source)
    return write_cfb(streams)
