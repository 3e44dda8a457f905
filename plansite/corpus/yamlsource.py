"""Read YAML while remembering where every value stands, so errors can name line and column.

Dates stay strings (the schema checks their form); duplicate keys are problems, not silent overwrites.
Corpus files come from strangers, so reading is bounded and plain: no aliases, merge keys or tags other
than str, int, float, bool, null, seq and map; finite numbers; no control characters; every string in
Unicode NFC. Whatever breaks these is refused as positioned problems, never a traceback; a file with a
refused construct is refused as a whole, like a file with a syntax error, with every such problem listed.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from plansite.corpus.problems import Problem

FieldPath = tuple[str | int, ...]

MAX_BYTES = 4 * 2**20  # the largest document is 84 KB; the generated commune registry 1.6 MB
MAX_DEPTH = 64  # nested lists and blocks; the deepest real document has 11
# The largest real document has 1,529 values; the generated commune registry 166,000, read as JSON (no count)
# unless edited by hand into block YAML. A higher limit makes refusing a hostile file slower (2 s at 500,000).
MAX_VALUES = 200_000

# libyaml parses about 15 times faster than pure Python; the pure-Python loader is the fallback.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):
    """The safe loader without implicit timestamps (`2024-08-13` stays the string a maintainer typed) nor the
    'value' type (a bare `=` is the string "=")."""


TIMESTAMP = "tag:yaml.org,2002:timestamp"


def implicit_resolvers_without(resolvers: dict, *tags: str) -> dict:
    """A loader's or dumper's implicit types without some: the one rule for dates, which stay the text typed."""
    return {first: [(tag, regexp) for tag, regexp in entries if tag not in tags] for first, entries in resolvers.items()}


_StrictLoader.yaml_implicit_resolvers = implicit_resolvers_without(
    yaml.SafeLoader.yaml_implicit_resolvers, TIMESTAMP, "tag:yaml.org,2002:value")
_SCALARS = yaml.SafeLoader("")  # one constructor for every scalar value, rather than one per value
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE, _FLOAT = (_TAG + name for name in ("str", "seq", "map", "merge", "float"))
_CONSTRUCTORS = {_TAG + name: _SCALARS.yaml_constructors[_TAG + name] for name in ("int", "float", "bool", "null")}
_KINDS = {_TAG + "int": "số nguyên", _FLOAT: "số", _TAG + "bool": "true/false"}
# How a number is written to mean what it reads as. YAML 1.1 also reads `010` as 8 (octal), `0x64` and `1:40`
# (base 60) as 100, and drops `_`: a value that changes silently, so those forms are refused.
_NUMBERS = {_TAG + "int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
            _FLOAT: re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")}
_COLLECTIONS = {yaml.SequenceNode: (_SEQ, "danh sách"), yaml.MappingNode: (_MAP, "khối trường")}
# Characters a reader does not see, which the YAML reader takes typed raw: zero-width spaces and joiners, and the
# marks that turn text right to left ("Tam Đường \u202e gnờưĐ" showed reversed). Values are checked when one is
# there, found in the file's bytes (_UNSEEN_UTF8, the same characters): 0.02 s over the 2,000-plan corpus,
# against 0.16 s for the class in its text.
_UNSEEN_CLASS = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
_UNSEEN = re.compile(f"[{_UNSEEN_CLASS}]")
_UNSEEN_UTF8 = re.compile(rb"\xe2(?:\x80[\x8b-\x8f\xaa-\xae]|\x81[\xa0-\xa4\xa6-\xa9])")
# C0 but tab and newline, DEL, C1, line and paragraph separators, a byte order mark inside a value (one that opens
# the file, which the YAML reader drops, is no value's), and the unseen; a key may not hold tab or newline either.
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff{_UNSEEN_CLASS}]")
_KEY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LONE_CR = re.compile("\r(?!\n)")
# An alias is '*' and a name of these characters, naming an anchor '&' and such a name.
_ANCHOR, _ALIAS = re.compile(rb"&[0-9A-Za-z_-]"), re.compile(rb"\*[0-9A-Za-z_-]")

# libyaml composes nested collections recursively in C: 10,000 levels take 0.6 s, 100,000 crash the process.
# So a file that might nest deeper than a few hundred levels is first walked as a flat stream of events,
# which stops at the first value too deep (or too many). Every other file skips that walk (it costs about
# 70% of composing): it nests at most one level per '[' or '{' plus two per column of the longest run of
# indentation and '- ', '? ', ': ' that starts a line, and holds at most about 1.5 values per byte.
_SCAN_ABOVE = 128 * 1024
_FLOW_BOUND = 256
_LEAD_BOUND = 128
_LEAD = rb"[ \t?:-]{%d}" % _LEAD_BOUND
_DEEP_FIRST, _DEEP_LF, _DEEP_CR = (re.compile(prefix + _LEAD) for prefix in (b"(?:\xef\xbb\xbf)?", b"\n", b"\r"))

_TOO_DEEP = f"giá trị lồng nhau quá sâu (hơn {MAX_DEPTH} cấp): kiểm tra thụt lề và dấu ngoặc"
_TOO_MANY = f"tệp có quá nhiều giá trị (hơn {MAX_VALUES}): kiểm tra lại nội dung tệp"


@dataclass
class SourceFile:
    """A parsed YAML file: its data and the (line, column) of every value, 1-based."""

    path: str
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # Where each key of a block is typed, by the path of its field: a problem with the key itself (a misspelled
    # field) points at the key, not at its value, which may be a block starting lines below.
    key_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    # The file the positions are read from again, once let go (`let_go_positions`) and wanted after all.
    reread_from: Path | None = None
    # Numbers YAML reads otherwise than they are typed (`010` as 8): (path, as typed, as read). Which is wrong, the
    # schema knows: a text field says to quote it, any other field is told here (schema.check_located).
    read_otherwise: list[tuple[FieldPath, str, Any]] = field(default_factory=list)

    def let_go_positions(self, file: Path) -> None:
        """Drop the positions, to be read again from `file` (the file this was parsed from) if a problem needs
        them. A file with no problem of its own rarely has one against the others, and its positions took half
        of a loaded corpus: 271 of 575 MB at 2,000 plans (measured), and at 10,000 plans the build's largest
        part, sent from the workers that read the files and freed only after the pages were made."""
        self.positions, self.key_positions, self.reread_from = {}, {}, file

    def _positions_back(self) -> None:
        if self.reread_from is not None:
            file, self.reread_from = self.reread_from, None
            again, _ = load_yaml(file, self.path)
            if again is not None:  # the same file as parsed before, short of an edit since
                self.positions, self.key_positions = again.positions, again.key_positions

    def position(self, path: FieldPath) -> tuple[int, int]:
        """Position of the value at `path`, or of its closest existing parent."""
        self._positions_back()
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: FieldPath, message: str, at_key: bool = False) -> Problem:
        self._positions_back()
        line, column = self.key_positions.get(path) or self.position(path) if at_key else self.position(path)
        return Problem(self.path, line, column, format_field(path), message)


def format_field(path: FieldPath) -> str:
    """`('body', 3, 'children', 0, 'id')` -> `body[3].children[0].id`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# What the YAML reader says of the commonest mistakes, in the maintainer's words, and where the mistake is: the
# reader names what it met (an unclosed quote is found at the end of the file, the opening quote is the
# mistake). (problem, context or None, use the context's place) -> message; the reader's words are libyaml's.
TAB = "ký tự tab: YAML thụt lề bằng dấu cách (2 dấu cách một bậc), không dùng tab"
ESCAPE = ("trong ngoặc kép, dấu '\\' mở một ký tự viết kiểu mã ('\\n', '\\x41'): viết '\\\\' cho mỗi dấu '\\', "
          "hoặc bao câu bằng dấu nháy đơn ('…'), trong đó '\\' là chữ")
STARTS_WITH = "giá trị không thể bắt đầu bằng '{}' trong YAML: đặt giá trị trong ngoặc kép"
_YAML_PROBLEMS = {
    ("did not find expected ',' or ']'", "while parsing a flow sequence", True):
        "danh sách trong ngoặc vuông mở ở đây chưa được đóng bằng ']'",
    ("did not find expected ',' or '}'", "while parsing a flow mapping", True):
        "ngoặc nhọn mở ở đây chưa được đóng bằng '}'",
    ("mapping values are not allowed in this context", None, False):
        "dấu ':' và dấu cách chỉ đứng sau tên trường: câu có ': ' đặt trong ngoặc kép, hoặc sửa thụt lề cho khớp dòng trên",
    ("did not find expected key", "while parsing a block mapping", False):
        "thụt lề không khớp các dòng trên, hoặc trong ngoặc kép có dấu ngoặc kép: khi đó bao câu bằng dấu nháy đơn ('…')",
    ("did not find expected '-' indicator", "while parsing a block collection", False):
        "các mục của một danh sách bắt đầu bằng '- ' ở cùng một cột: sửa thụt lề",
    ("found undefined alias", None, False):
        "giá trị bắt đầu bằng '*': đặt giá trị trong ngoặc kép",
    ("did not find expected node content", "while parsing a flow node", False):
        "giá trị trống hoặc bắt đầu bằng ký tự đặc biệt (',', '#', ']'): đặt giá trị trong ngoặc kép",
    ("block sequence entries are not allowed in this context", None, False):
        "giá trị bắt đầu bằng '- ' (ký hiệu của đoạn): đặt giá trị trong ngoặc kép, hoặc ghi ký hiệu vào 'marker'",
    ("could not find expected ':'", "while scanning a simple key", True):
        "dòng này không phải 'tên: giá trị': sau tên trường cần dấu ':' và một dấu cách; một câu viết trên một dòng",
    ("but found another document", "expected a single document in the stream", False):
        "dòng '---' mở một văn bản thứ hai: mỗi tệp chỉ một văn bản; xóa dòng này, hoặc tách văn bản kia sang tệp riêng",
    ("found a tab character that violates indentation", None, False): TAB,
    ("found a tab character where an indentation space is expected", None, False): TAB,
    ("did not find expected hexdecimal number", "while parsing a quoted scalar", False): ESCAPE,
    ("found unknown escape character", "while parsing a quoted scalar", False): ESCAPE,
    ("found invalid Unicode character escape code", "while parsing a quoted scalar", False): ESCAPE,
    ("did not find expected alphabetic or numeric character", "while scanning an anchor", False): STARTS_WITH.format("&"),
    ("did not find expected alphabetic or numeric character", "while scanning an alias", False): STARTS_WITH.format("*"),
    ("did not find expected comment or line break", "while scanning a block scalar", False): STARTS_WITH.format("|' hoặc '>"),
    ("second occurrence", None, False): "tên '&…' ở đây đã dùng ở trên: kho không dùng neo YAML ('&', '*'); viết đầy đủ giá trị, "
                                         "hoặc đặt giá trị trong ngoặc kép nếu '&' là chữ",
    ("did not find expected <document start>", None, False): "một dòng '...' phía trên đã kết thúc văn bản YAML: xóa dòng đó",
    ("found undefined tag handle", None, False): STARTS_WITH.format("!"),
}


# A value opened with a quote that its line does not close: the corpus writes every value on one line, so the
# reader, which takes the following lines into it, fails lines further down (12 in a test).
_OPEN_QUOTE = re.compile(r'^\s*(?:-\s+)?(?:[^\s#"\'{}\[\]-][^:#]*:\s+)?(?P<quote>["\'])(?P<rest>.*)$')
# A double-quoted value escapes its quote with a backslash, and a backslash with another: a quote after an even
# run of backslashes (`"C:\\"`) closes it.
_CLOSING_DOUBLE = re.compile(r'(?<!\\)(?:\\\\)*"')
# What a quote is called, and how a value holding one is written: a single-quoted value doubles its quote.
_QUOTES = {
    '"': ("dấu ngoặc kép", "nếu câu có dấu ngoặc kép thì bao câu bằng dấu nháy đơn ('…')"),
    "'": ("dấu nháy đơn", "nếu câu có dấu nháy đơn thì viết nó hai lần ('') hoặc bao câu bằng dấu ngoặc kép"),
}


def _closes(quote: str, rest: str) -> bool:
    return bool(_CLOSING_DOUBLE.search(rest)) if quote == '"' else "'" in rest.replace("''", "")


def _unclosed_quote(text: str, before_line: int) -> tuple[yaml.Mark, str] | None:
    """The place and character of the last quote opened and not closed on its own line, before the line the
    reader stopped at (0-based), if any."""
    found = None
    for number, line in enumerate(text.split("\n")[:before_line]):
        match = _OPEN_QUOTE.match(line)
        if match and not _closes(match.group("quote"), match.group("rest")):
            found = yaml.Mark("", 0, number, match.start("quote"), None, None), match.group("quote")
    return found


_KEY_WITHOUT_SPACE = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):(\S.*)")


def _line_at(text: str, mark: yaml.Mark) -> str:
    """The line the reader's mark is on ('' past the end of the file)."""
    lines = text.split("\n")
    return lines[mark.line] if mark.line < len(lines) else ""


def _character_at(text: str, mark: yaml.Mark) -> str:
    line = _line_at(text, mark)
    return line[mark.column] if mark.column < len(line) else ""


def _spaced_key(text: str, mark: yaml.Mark) -> str:
    """The line at the mark as it should be written, when it is a field name and its value with no space
    between (`place:Bình Lư`): ` (viết 'place: Bình Lư')`."""
    found = _KEY_WITHOUT_SPACE.fullmatch(_line_at(text, mark).rstrip())
    return f" (viết '{found.group(1)}: {found.group(2)}')" if found else ""


def _quote_at(text: str, mark: yaml.Mark) -> str:
    """The quote character the reader's mark points at (a double quote where the mark is elsewhere)."""
    character = _character_at(text, mark)
    return character if character in _QUOTES else '"'


def yaml_problem(exc: yaml.MarkedYAMLError, text: str):
    """(mark, message) for a file the YAML reader refused: its place, and what to do, in Vietnamese; the reader's
    own words where the table does not know them."""
    problem, context = exc.problem or "", exc.context or None
    stopped = exc.problem_mark or exc.context_mark
    # What the reader says when a quote left open took the lines after it: only then is one looked for.
    swallowed = problem in ("did not find expected key", "mapping values are not allowed in this context",
                            "could not find expected ':'", "did not find expected '-' indicator")
    opened = _unclosed_quote(text, stopped.line) if swallowed and stopped is not None else None
    if opened is not None:
        mark, quote = opened
        name, inside = _QUOTES[quote]
        return mark, f"{name} mở ở đây không được đóng trên cùng dòng: đóng nó, hoặc {inside}"
    if problem == "found unexpected end of stream" and context == "while scanning a quoted scalar" and exc.context_mark:
        name, inside = _QUOTES[_quote_at(text, exc.context_mark)]
        return exc.context_mark, f"{name} mở ở đây chưa được đóng: đóng nó, hoặc {inside}"
    for (known, known_context, at_context), message in _YAML_PROBLEMS.items():
        if problem == known and (known_context is None or context == known_context):
            mark = exc.context_mark if at_context and exc.context_mark else exc.problem_mark
            return mark, message + _spaced_key(text, mark) if problem == "could not find expected ':'" else message
    if problem == "found character that cannot start any token" and stopped is not None:
        character = _character_at(text, stopped)
        if character == "\t":
            return stopped, TAB
        return stopped, f"giá trị không thể bắt đầu bằng '{character}': đặt giá trị trong ngoặc kép"
    return stopped, f"{problem or context or 'cú pháp sai'} (lời của trình đọc YAML): kiểm tra thụt lề, dấu ':' và dấu ngoặc kép"


def load_yaml(path: Path, display_path: str) -> tuple[SourceFile | None, list[Problem]]:
    """Parse one file; on failure return the problems (too big, bad UTF-8, bad YAML, refused constructs)."""
    def refused(line: int, column: int, message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(display_path, line, column, "", message)]

    raw = _read(path)
    if isinstance(raw, str):
        return refused(1, 1, raw)
    if len(raw) > MAX_BYTES:
        return refused(1, 1, f"tệp quá lớn (hơn {MAX_BYTES // 2**20} MB): kiểm tra lại nội dung tệp")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return refused(*_place(raw, exc.start), "tệp không phải UTF-8: hãy lưu lại tệp với bảng mã UTF-8")
    # libyaml takes these as line breaks, a reader does not see them: refused wherever they stand.
    odd = [index for index in map(text.find, "\x85\u2028\u2029") if index >= 0]
    if odd:
        return refused(*_place(raw, len(text[: min(odd)].encode())), _control(text[min(odd)]))
    # So is a carriage return alone (old Mac line ends): the positions, the comment check and the quote check read
    # lines between '\n's, and a file of such lines was one line to them (a cut comment passed unreported).
    alone = _LONE_CR.search(text) if "\r" in text else None
    if alone:
        return refused(*_place(raw, len(text[: alone.start()].encode())),
                       "tệp xuống dòng bằng ký tự CR đứng một mình (kiểu máy Mac cũ): lưu lại tệp với kiểu xuống dòng LF")
    try:
        if _may_overflow(raw):
            for mark, message in _scan(raw):  # the one value too deep or too many, if any
                return refused(mark.line + 1, mark.column + 1, message)
        loader = _StrictLoader(raw)  # bytes: libyaml would encode a str back to UTF-8 first
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark, message = yaml_problem(exc, text.removeprefix(BOM))
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return refused(line, column, f"YAML không hợp lệ: {message}")
    except yaml.reader.ReaderError as exc:  # a control character typed raw: libyaml gives its byte offset
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return refused(*_place(raw, exc.position), _control(chr(character)))
    if node is None or (node.tag == _TAG + "null" and node.value == ""):  # nothing, comments, or a bare `---`
        return refused(1, 1, "tệp rỗng")
    source = SourceFile(display_path, None)
    nfc = unicodedata.is_normalized("NFC", text)
    marked = "\ufeff" in text[1:]  # a byte order mark the YAML reader keeps: typed raw, in a value of any style
    unseen = bool(_UNSEEN_UTF8.search(raw))  # values to check, whatever their style
    builder = _Builder(source, aliases_possible=bool(_ANCHOR.search(raw) and _ALIAS.search(raw)),
                       check_strings="\\" in text or not nfc or marked or unseen, only_escaped=nfc and not marked and not unseen,
                       lines=text.removeprefix(BOM).split("\n") if _COMMENT_AFTER.search(text) else None)
    source.data = builder.build(node, ())
    problems = builder.problems
    if builder.aliased:  # composed as one shared node: the event stream says where each alias stands
        problems += [Problem(display_path, mark.line + 1, mark.column + 1, "", message) for mark, message in _scan(raw, aliases=True)]
    return (None if builder.refused or builder.aliased else source), problems


def _read(path: Path) -> bytes | str:
    """The file's bytes, never more than one past the limit; or why it is not read: only a regular file is,
    not a link (to outside the corpus, or to a device), a directory or a pipe, which could also hang the build."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "tệp là liên kết (symlink): chép chính tệp vào kho thay cho liên kết"
        return f"không đọc được tệp ({exc.strerror})"
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return "không phải là một tệp thông thường (là thư mục hoặc tệp đặc biệt)"
        with open(descriptor, "rb", closefd=False) as file:
            return file.read(MAX_BYTES + 1)
    finally:
        os.close(descriptor)


def _may_overflow(raw: bytes) -> bool:
    """Whether the file might nest deeper, or hold more values, than libyaml composes safely (see _SCAN_ABOVE)."""
    return (len(raw) > _SCAN_ABOVE or raw.count(b"[") + raw.count(b"{") > _FLOW_BOUND or bool(_DEEP_FIRST.match(raw))
            or bool(_DEEP_LF.search(raw)) or (b"\r" in raw and bool(_DEEP_CR.search(raw))))


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    """(line, column) of a byte offset, the column counted in characters."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1


# A file's byte order mark, which the YAML reader drops without counting it in its columns: the lines read
# beside the reader's marks are read without it.
BOM = "\ufeff"
# A comment after something on its line: `\S` then white space then '#' (inside quotes too: the pattern only
# says whether any plain text is to be looked at, `_Builder.comment_after` says which).
_COMMENT_AFTER = re.compile(r"[ \t]+#")


def read_otherwise(typed: str, value: Any) -> str:
    """What is said of a number YAML reads otherwise than typed, in a field that wants a number."""
    digits = typed.lstrip("+")
    decimal = f" ({int(digits, 10)})" if digits.isdigit() else ""  # `010`: the 10 it was likely meant as
    return (f"'{_shown(typed)}' được YAML đọc thành số {value}, khác điều đã gõ (số 0 ở đầu, 0x, 0o, 0b, dấu ':' hoặc '_'): "
            f"viết số thập phân, không có số 0 ở đầu{decimal}")


def _control(character: str) -> str:
    if _UNSEEN.match(character):
        return f"ký tự vô hình U+{ord(character):04X} (khoảng trắng rộng 0 hoặc dấu đổi chiều chữ) không được dùng trong kho: xóa ký tự này"
    return f"ký tự điều khiển U+{ord(character):04X} không được dùng trong kho: xóa ký tự này"


def _scan(raw: bytes, aliases: bool = False) -> list[tuple[yaml.Mark, str]]:
    """Walk the flat event stream: where every alias stands, or else the first value too deep or too many."""
    found = []
    depth = values = 0
    for event in yaml.parse(raw, Loader=_StrictLoader):
        if aliases:
            if isinstance(event, yaml.AliasEvent):
                found.append((event.start_mark, f"bí danh YAML (*{event.anchor}) không được dùng trong kho: viết đầy đủ giá trị"))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.NodeEvent):
            values += 1
            depth += isinstance(event, yaml.CollectionStartEvent)
            if depth > MAX_DEPTH or values > MAX_VALUES:
                return [(event.start_mark, _TOO_DEEP if depth > MAX_DEPTH else _TOO_MANY)]
    return found


def _written(tag: str) -> str:
    """A tag as it was most likely written: `!!binary` rather than `tag:yaml.org,2002:binary`."""
    shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
    return _shown(shown)


def _shown(value: str) -> str:
    """A stranger's text inside a message: short, and on one line."""
    shown = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value[:60])
    return shown + "…" if len(value) > 60 else shown


class _Builder:
    """Turns composed nodes into plain data, recording positions and refusing what the corpus does not use."""

    def __init__(self, source: SourceFile, aliases_possible: bool, check_strings: bool, only_escaped: bool,
                 lines: list[str] | None = None):
        self.source = source
        self.problems: list[Problem] = []
        self.refused = False  # a problem other than a duplicate key: the file is refused as a whole
        self.aliased = False
        # libyaml composes an alias as the very node it names: a node met twice is an alias. Tracked only
        # when the text has something like an anchor and an alias.
        self.seen: set[int] | None = set() if aliases_possible else None
        # A string can only be outside NFC, or hold a control character, if the whole text is (then every
        # string is checked) or has a backslash (then only double-quoted strings, the only ones with escapes).
        self.check_strings = check_strings
        self.only_escaped = only_escaped
        self.lines = lines  # the file's lines, when something on one may be a comment after a value

    def refuse(self, node: yaml.Node, path: FieldPath, message: str) -> None:
        self.refused = True
        self.problems.append(Problem(self.source.path, node.start_mark.line + 1, node.start_mark.column + 1, format_field(path), message))

    def met_before(self, node: yaml.Node) -> bool:
        if id(node) in self.seen:
            self.aliased = True  # not followed: a chain of aliases would multiply, a recursive one never end
            return True
        self.seen.add(id(node))
        return False

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        if self.seen is not None and self.met_before(node):
            return None
        self.source.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        tag, kind = _COLLECTIONS[type(node)]
        if node.tag != tag:
            return self.refuse_tag(node, path, kind)
        if len(path) >= MAX_DEPTH:
            return self.refuse(node, (), _TOO_DEEP)
        if tag == _SEQ:
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, path)
            if key is None:
                continue
            if key in result:
                self.problems.append(
                    Problem(self.source.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                            format_field(path + (key,)), "khóa bị lặp lại trong cùng một khối: xóa một trong hai")
                )
            self.source.key_positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result

    def key(self, node: yaml.Node, path: FieldPath) -> str | None:
        """The key as typed (`1:` and `null:` name the fields '1' and 'null'), or None when refused."""
        if self.seen is not None and self.met_before(node):
            return None
        if not isinstance(node, yaml.ScalarNode):
            return self.refuse(node, path, "khóa phải là một tên, không phải danh sách hay khối trường")
        if node.tag == _MERGE:
            self.refuse(node, path, "khóa gộp YAML '<<' không được dùng trong kho: viết đầy đủ từng trường")
        elif node.tag != _STR and node.tag not in _CONSTRUCTORS:
            return self.refuse_tag(node, path, "giá trị đơn")
        key = node.value
        if not key.isprintable():
            bad = _KEY_CONTROL.search(key)
            if bad:
                return self.refuse(node, path, _control(bad.group()))
        return self.text(node, path, key) if self.check_strings else key

    def scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        if node.tag == _STR:
            if self.lines is not None and not node.style:
                self.comment_after(node, path)
            return self.text(node, path, node.value) if self.check_strings else node.value
        construct = _CONSTRUCTORS.get(node.tag)
        if construct is None:
            return self.refuse_tag(node, path, "giá trị đơn")
        try:
            value = construct(_SCALARS, node)
        except (ValueError, LookupError):  # `!!int abc`, `!!bool maybe`, an integer of more than 4,300 digits
            return self.refuse(node, path, f"giá trị '{_shown(node.value)}' không đọc được như {_KINDS[node.tag]}: "
                                           "sửa lại, hoặc đặt trong dấu ngoặc kép nếu là chữ")
        if node.tag == _FLOAT and not math.isfinite(value):
            return self.refuse(node, path, f"số không hữu hạn '{_shown(node.value)}' không được dùng trong kho: viết một số cụ thể")
        if node.tag in _NUMBERS and not _NUMBERS[node.tag].fullmatch(node.value):
            self.source.read_otherwise.append((path, node.value, value))
        if node.tag == _FLOAT and value.is_integer() and abs(value) < 2**53:
            return int(value)  # `2025.0` is the integer JSON Schema takes it for, and shown as one ("năm 2025", not 2025.0)
        return value

    def comment_after(self, node: yaml.ScalarNode, path: FieldPath) -> None:
        """A text written without quotes ends where ' #' begins: the rest of its line is a YAML comment, and
        is dropped without a word ("Việc triển khai #1 thực hiện…" is read as "Việc triển khai")."""
        end = node.end_mark
        rest = self.lines[end.line][end.column:] if end.line < len(self.lines) else ""
        if _COMMENT_AFTER.match(rest):
            dropped = rest.lstrip(" \t").rstrip("\r")
            self.problems.append(Problem(self.source.path, end.line + 1, end.column + 1 + len(rest) - len(rest.lstrip(" \t")), format_field(path),
                                         f"'#' sau dấu cách mở một chú thích YAML, nên phần sau của dòng bị bỏ ('{_shown(dropped)}'): "
                                         "nếu đó là chữ của văn bản, đặt cả giá trị trong ngoặc kép; nếu là chú thích, đặt nó trên dòng riêng"))

    def text(self, node: yaml.Node, path: FieldPath, value: str) -> str:
        if self.only_escaped and node.style != '"':
            return value
        if not unicodedata.is_normalized("NFC", value):
            value = unicodedata.normalize("NFC", value)
        bad = None if value.isprintable() else _CONTROL.search(value)  # isprintable: the fast, usual answer
        if bad:
            self.refuse(node, path, _control(bad.group()))
        return value

    def refuse_tag(self, node: yaml.Node, path: FieldPath, kind: str) -> None:
        allowed = node.tag in _CONSTRUCTORS or node.tag in (_STR, _SEQ, _MAP)
        where = f"không dùng được cho {kind}" if allowed else "không được dùng trong kho"
        self.refuse(node, path, f"thẻ YAML '{_written(node.tag)}' {where}: bỏ thẻ và viết giá trị trực tiếp")
