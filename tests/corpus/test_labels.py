"""Every value the schema allows has its Vietnamese label, and every label a value the schema allows."""

from __future__ import annotations

import json
from pathlib import Path

from plansite.corpus import model

SCHEMAS = Path(__file__).resolve().parents[2] / "corpus" / "schema"
SCHEMA = json.loads((SCHEMAS / "document.schema.json").read_text(encoding="utf-8"))
REGISTRIES = json.loads((SCHEMAS / "registries.schema.json").read_text(encoding="utf-8"))


def test_document_types_levels_and_lines_have_labels():
    properties = SCHEMA["properties"]
    assert set(properties["type"]["enum"]) == set(model.TYPE_LABELS)
    issuer = SCHEMA["$defs"]["issuer"]["properties"]  # the first issuer and each co-issuer
    assert properties["issuer"]["$ref"] == properties["co_issuers"]["items"]["$ref"] == "#/$defs/issuer"
    assert set(issuer["line"]["enum"]) <= set(model.LINE_LABELS)
    agency = REGISTRIES["properties"]["agencies"]["items"]["properties"]
    assert set(agency["line"]["enum"]) == set(model.LINE_LABELS)
    assert set(agency["level"]["enum"]) <= set(model.LEVEL_LABELS)
    assert set(issuer["level"]["enum"]) <= set(model.LEVEL_LABELS)


def test_roles_methods_and_time_expressions_have_labels():
    properties = SCHEMA["properties"]
    assert set(properties["responsibilities"]["items"]["properties"]["role"]["enum"]) == set(model.ROLE_LABELS)
    assert set(properties["provenance"]["properties"]["method"]["enum"]) == set(model.METHOD_LABELS)
    when = SCHEMA["$defs"]["when"]["properties"]
    assert set(when["kind"]["enum"]) == set(model.WHEN_LABELS)
    assert set(when["every"]["enum"]) == set(model.EVERY_LABELS) == set(model.EVERY_MONTHS)
    target = properties["targets"]["items"]["properties"]
    assert set(target["direction"]["enum"]) == set(model.DIRECTION_LABELS) >= set(model.DIRECTION_EXCLUDES)
    assert set(target["measure"]["enum"]) == set(model.MEASURE_LABELS)
    assert set(target["comparator"]["enum"]) == set(model.COMPARATOR_LABELS)
    for extract in ("responsibilities", "targets", "reporting"):
        assert properties[extract]["items"]["properties"]["when"] == {"$ref": "#/$defs/when"}
