"""JSON Schema checks whose errors read like a maintainer's checklist, in Vietnamese."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from plansite.corpus.model import date_problem
from plansite.corpus.problems import Problem
from plansite.corpus.yamlsource import SourceFile, read_otherwise
from plansite.text import suggest

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "corpus" / "schema"
TYPE_NAMES = {"string": "chuỗi chữ", "integer": "số nguyên", "number": "số", "array": "danh sách", "object": "khối trường", "boolean": "true/false"}


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def fast_validator(name: str):
    """A compiled validator, about 20 times faster; it only says valid or not, so it is the first pass."""
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    schema = {key: value for key, value in schema.items() if key not in ("$schema", "$id")}
    return fastjsonschema.compile(schema)


def check(source: SourceFile, schema_name: str) -> list[Problem]:
    return [problem for _, problem in check_located(source, schema_name)]


def check_located(source: SourceFile, schema_name: str) -> list[tuple[tuple, Problem]]:
    """Each problem with the path of the value it names (a missing field's path included): a registry builds
    the entries that have none (loader.py). A number YAML read otherwise than typed is one, unless the schema
    already says what is wrong with its value (a text field: "cần chuỗi chữ … đặt trong ngoặc kép")."""
    misread = {where: (typed, value) for where, typed, value in source.read_otherwise}
    located = _schema_problems(source, schema_name, misread)
    if misread:
        said = {where for where, _ in located}
        located += [(where, source.problem(where, read_otherwise(*misread[where]))) for where in misread if where not in said]
    return located


def _schema_problems(source: SourceFile, schema_name: str, misread: dict) -> list[tuple[tuple, Problem]]:
    try:
        fast_validator(schema_name)(source.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # invalid: the full validator finds every problem and where it is
    errors = list(validator(schema_name).iter_errors(source.data))
    # A misspelled field is one problem, not two: its "unknown field" message names the field it was meant to
    # be, so the same block's "missing field" message for that name is left out.
    meant = {tuple(error.absolute_path) + (suggest.closest(name, error.schema.get("properties", {})),)
             for error in errors if error.validator == "additionalProperties" and isinstance(error.instance, dict)
             for name in set(error.instance) - set(error.schema.get("properties", {}))}
    problems = []
    for error in errors:
        path = tuple(error.absolute_path)
        if path in misread and error.validator != "type":
            continue  # a rule on the value as misread (`02024` read as 1044: out of range): the misreading is the problem
        for extra_path, message in _explain(error, path):
            if error.validator == "required" and extra_path in meant:
                continue
            problems.append((extra_path, source.problem(extra_path, message, at_key=error.validator == "additionalProperties")))
    return problems


def _explain(error: ValidationError, path: tuple) -> list[tuple[tuple, str]]:
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        # Named by the missing field's path, placed at the block that lacks it.
        return [(path + (name,), f"thiếu trường bắt buộc '{name}'{_describe(error, name)}") for name in missing]
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(value) - set(allowed)) if isinstance(value, dict) else []
        return [
            (path + (name,), f"trường '{name}' không có trong lược đồ{suggest.hint(name, allowed)}; "
                             f"các trường được phép: {', '.join(allowed)}")
            for name in unknown
        ]
    if kind == "enum":
        hint = suggest.hint(value, [str(e) for e in expected]) if isinstance(value, str) else ""
        return [(path, f"giá trị {_show(value)} không hợp lệ{hint}; hãy chọn một trong: {', '.join(map(str, expected))}")]
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        wants = f"cần {' hoặc '.join(TYPE_NAMES.get(t, t) for t in wanted)}"
        if "string" in wanted and isinstance(value, int | float) and not isinstance(value, bool):
            # YAML read what was typed without quotes as a number, which need not be what was typed: `0106`
            # is read as octal 70, and echoing it (or `viết "70"`) would lead to a wrong code. A year in a date
            # field reads back as typed (`2025`), and is shown so.
            pattern = error.schema.get("pattern") or ""
            if isinstance(value, int) and pattern.startswith(PRECISION_DATE_PATTERN) and re.search(pattern, str(value)):
                return [(path, f'{wants}, không phải số {value}: viết "{value}" (trong ngoặc kép)')]
            return [(path, f"{wants}, không phải một số: đặt giá trị trong ngoặc kép, đúng như đã gõ")]
        return [(path, f"{wants}, không phải {_show(value)}")]
    if kind == "pattern":
        if expected == NOT_BLANK:
            return [(path, "không được để trống: giá trị chỉ có dấu cách")]
        if (wrong := _no_such_date(expected, value)) is not None:
            return [(path, wrong)]
        hint = error.schema.get("description", "")
        return [(path, f"giá trị {_show(value)} sai định dạng" + (f" ({hint})" if hint else "") + _iso_date_hint(expected, value))]
    if kind == "minLength":
        return [(path, "không được để trống")]
    if kind == "minItems":
        return [(path, "danh sách không được để trống: thêm ít nhất một mục (trường không bắt buộc thì có thể bỏ cả trường)")]
    if kind == "maxLength":
        return [(path, f"giá trị dài quá {expected} ký tự ({len(value)} ký tự): viết ngắn lại")]
    if kind in ("minimum", "maximum"):
        return [(path, f"giá trị {_show(value)} nằm ngoài khoảng cho phép")]
    if kind == "uniqueItems":
        return [(path, "danh sách có phần tử trùng lặp")]
    return [(path, error.message)]


# A text that must say something: the schemas' pattern beside `minLength` (a value of spaces passed that alone).
NOT_BLANK = "\\S"
# The schemas' two date patterns, as written there: a day (YYYY-MM-DD), and a date at its precision (YYYY,
# YYYY-MM or YYYY-MM-DD). Their months and days are bounded, so that an editor reading the schema flags
# `2025-13-01` as it is typed; a day the calendar lacks (`2025-02-30`) is found by model.date_problem.
ISO_DATE_PATTERN = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
PRECISION_DATE_PATTERN = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
# A date's shape without those bounds: YYYY-MM-DD, or for a date at its precision YYYY-MM or YYYY.
DATE_SHAPES = {ISO_DATE_PATTERN: re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
               PRECISION_DATE_PATTERN: re.compile("[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")}
DAY_MONTH_YEAR = re.compile(r"\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})\s*")
MONTH_YEAR = re.compile(r"\s*([0-9]{1,2})\s*[/.-]\s*([0-9]{4})\s*")


def _no_such_date(pattern: str, value: Any) -> str | None:
    """A date in the shape the pattern wants that names no real day or month (`2025-13-01`, `2025-06-31`): said as
    the loader says it of every date (model.date_problem), which looks only at dates the schema let through."""
    shape = next((shape for written, shape in DATE_SHAPES.items() if pattern.startswith(written)), None)
    return date_problem(value) if shape is not None and isinstance(value, str) and shape.fullmatch(value) else None


def _iso_date_hint(pattern: str, value: Any) -> str:
    """A date typed the Vietnamese way (`29/5/2024`, `29-05-2024`; `06/2025` where a month will do) where the
    schema wants YYYY-MM-DD (or a date at its precision): the same date, written as it should be; nothing when
    it is not a day or month that exists."""
    precision = pattern.startswith(PRECISION_DATE_PATTERN)
    if not isinstance(value, str) or not (precision or pattern.startswith(ISO_DATE_PATTERN)):
        return ""
    try:
        if match := DAY_MONTH_YEAR.fullmatch(value):
            day, month, year = map(int, match.groups())
            return f": viết {dt.date(year, month, day).isoformat()}"
        if precision and (match := MONTH_YEAR.fullmatch(value)):
            month, year = map(int, match.groups())
            return f": viết {dt.date(year, month, 1).isoformat()[:7]}"
    except ValueError:
        pass
    return ""


def _describe(error: ValidationError, name: str) -> str:
    description = error.schema.get("properties", {}).get(name, {}).get("description")
    return f" ({description})" if description else ""


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."
