"""Problems with the input, in one format for the CLI, the app and the tests; and the rules every
input file is held to, whatever its kind (the plan, the data, published statistics).

Every problem names the file, the line (1-based; 0 when the whole file is meant), what it is
about (metric, action, area) and the field, and says what would be right.
"""

from __future__ import annotations

import errno
import re
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    subject: str  # e.g. "metric 'autism_longest_wait'", or "" for the file as a whole
    field: str  # e.g. "milestones[1].date", or ""
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [where]
        if self.subject:
            parts.append(self.subject)
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


def format_problems(problems: list[Problem] | tuple[Problem, ...]) -> str:
    return "\n".join(str(p) for p in sorted(problems))


def format_warnings(warnings: list[Problem] | tuple[Problem, ...]) -> str:
    """Warnings: what `check` reports without refusing the input (it still exits 0), each line
    'warning: ' and then the same place-and-message format as a problem."""
    return "\n".join(f"warning: {w}" for w in sorted(warnings))


def problems_summary(problems: list[Problem] | tuple[Problem, ...]) -> str:
    count = len(problems)
    return f"{count} problem{'s' if count != 1 else ''} found; nothing was changed."


# -- rules for every text value --------------------------------------------------------------

MAX_TEXT = 32_767  # characters in one value: the most a spreadsheet cell holds (Excel's limit)

# Characters that cannot be seen, that spreadsheets (and XML, so Excel files) refuse, or that
# are not characters at all: C0 controls but tab, line feed and carriage return; DEL and the C1
# controls; lone surrogates; U+FFFE and U+FFFF.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {
    0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
    0x1A: "end of file, Ctrl-Z", 0x1B: "escape", 0x7F: "delete", 0x85: "next line",
}  # fmt: skip


def character_name(char: str) -> str:
    """'U+000B, vertical tab' for a control character; 'U+0001' when it has no common name."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code)
    return f"U+{code:04X}, {name}" if name else f"U+{code:04X}"


def control_message(text: str) -> str | None:
    """What is wrong when ``text`` holds a control character (None when it does not)."""
    found = CONTROL.search(text)
    if found is None:
        return None
    return f"contains a control character ({character_name(found.group())}) at character {found.start() + 1}: delete it (it cannot be seen, and spreadsheets refuse it)"


_C0 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_ALL_BUT_C0 = bytes(b for b in range(256) if b not in _C0)


def may_hold_control(raw: bytes) -> bool:
    """Whether UTF-8 ``raw`` may hold a control character: a quick look (a few milliseconds for
    17 MB, where a regular expression over the text takes a tenth of a second) before looking closer."""
    return bool(raw.translate(None, _ALL_BUT_C0)) or b"\xc2" in raw or b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw


def control_problems(text: str, file: str, most: int = 20, raw: bytes | None = None) -> list[Problem]:
    """One problem per line of ``text`` holding a control character (the first ``most`` lines).
    ``raw``, the bytes ``text`` was decoded from, makes the usual case (none) quick."""
    if raw is not None and not may_hold_control(raw):
        return []
    problems: list[Problem] = []
    line, scanned, last_line = 1, 0, 0
    for found in CONTROL.finditer(text):
        line += text.count("\n", scanned, found.start())
        scanned = found.start()
        if line == last_line:
            continue
        if len(problems) == most:
            problems.append(Problem(file, line, "", "", f"more control characters from here on (only the first {most} lines are listed)"))
            break
        last_line = line
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        problems.append(
            Problem(file, line, "", "", f"contains a control character ({character_name(found.group())}) at column {column}: delete it (it cannot be seen, and spreadsheets refuse it)")
        )
    return problems


# -- reading a file --------------------------------------------------------------------------


def os_error_message(exc: OSError) -> str:
    """'cannot be read (permission denied)': an operating-system error in the user's words."""
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno == errno.EISDIR or isinstance(exc, IsADirectoryError):
        return "it is a folder"
    if exc.errno == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return "not found"
    return (exc.strerror or str(exc)).lower()


def not_text_message(raw: bytes, what: str) -> str | None:
    """Why the bytes of a file are not ``what`` ('CSV text'), when its start says so (None: it
    looks like text)."""
    head = raw[:8192]
    if head.startswith(b"PK\x03\x04"):
        return f"is an Excel workbook (.xlsx) or another zip file, not {what}"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return f"is an old Excel workbook (.xls) or another Office file, not {what}"
    if head.startswith(b"%PDF"):
        return f"is a PDF, not {what}"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is UTF-16 text (Excel's \"Unicode Text\"), not UTF-8"
    if head.count(b"\x00") * 20 > len(head):  # one NUL is a control character on its line; many are not text
        return f"is not {what} (it is mostly NUL bytes: a binary file, or UTF-16 text)"
    return None


def size_text(size: int) -> str:
    """2_500_000 -> '2.5 MB'."""
    return f"{size / 1e6:.1f} MB" if size >= 1e5 else f"{size:,} bytes"


def read_bytes(path: Path, file: str, most: int, kind: str, too_big: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of an input file, or why they cannot be read: never more than ``most`` bytes
    (a device such as /dev/zero, or a file still growing, cannot take all the memory), and never
    from a pipe, which could wait for ever. ``kind`` is 'a YAML file' or 'a CSV file'."""

    def refused(message: str, line: int = 0) -> tuple[None, Problem]:
        return None, Problem(file, line, "", "", message)

    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return refused("file not found")
    except OSError as exc:
        return refused(f"cannot be read ({os_error_message(exc)})")
    if stat.S_ISDIR(status.st_mode):
        return refused(f"is a folder, not {kind}")
    if not stat.S_ISREG(status.st_mode):
        return refused(f"is not a file (a device, pipe or socket), not {kind}")
    if status.st_size > most:
        return refused(f"is {size_text(status.st_size)}: {too_big}")
    try:
        with path.open("rb") as handle:
            raw = handle.read(status.st_size + 1)  # never handle.read(most): that sets aside `most` bytes at once
            if len(raw) > status.st_size:  # it grew since (or is a file the system makes as it is read)
                pieces, total = [raw], len(raw)
                while total <= most:
                    piece = handle.read(1 << 20)
                    if not piece:
                        break
                    pieces.append(piece)
                    total += len(piece)
                raw = b"".join(pieces)
    except OSError as exc:
        return refused(f"cannot be read ({os_error_message(exc)})")
    if len(raw) > most:
        return refused(f"is more than {size_text(most)}: {too_big}")
    return raw, None
