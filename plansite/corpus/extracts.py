"""The extracts a document may carry, declared once: what loads them, what they refer to, where the document
page shows them. Loading (loader.py), validation (validate.py), the page's reserved anchors and sections
(render/outline.py, templates/document.html.j2 and templates/extracts/) all read this table, so a new
extract is an entry here, its field in the JSON schema, its record in model.py and its template block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from plansite.corpus.model import Funding, ManualCitation, Reporting, Responsibility, Target, When


@dataclass(frozen=True)
class Extract:
    field: str  # the document's YAML key, and the Document attribute
    build: Callable[[dict], object]  # one validated YAML item -> its record
    section: str = ""  # the anchor of its section on the document page; empty: shown with something else
    heading: str = ""
    registry_refs: tuple[tuple[str, str], ...] = ()  # (item key, registry) pairs that must resolve
    timed: bool = False  # its items may carry `when` (a deadline, recurrence or period), checked and calendared

    @property
    def template(self) -> str:
        return f"extracts/{self.field}.html.j2"


def _timed(record: type, **renamed: str) -> Callable[[dict], object]:
    """An item carrying a time expression (`when`, normalised in model.When; absent: unknown) -> its record."""
    def build(item: dict) -> object:
        fields = {renamed.get(key, key): value for key, value in item.items() if key != "when"}
        return record(**fields, when=When.of(item.get("when")))
    return build


EXTRACTS: tuple[Extract, ...] = (
    Extract("responsibilities", _timed(Responsibility), "nhiem-vu", "Nhiệm vụ theo cơ quan",
            registry_refs=(("agency", "agencies"),), timed=True),
    Extract("targets", Target.of, "chi-tieu", "Chỉ tiêu", timed=True),
    Extract("reporting", _timed(Reporting, **{"from": "reporter", "to": "recipient"}), "bao-cao", "Chế độ báo cáo",
            registry_refs=(("agency", "agencies"),), timed=True),
    Extract("funding", lambda item: Funding(**item), "kinh-phi", "Kinh phí"),
    # Citations a maintainer adds by hand are shown with the ones found in the text (section `vien-dan`).
    Extract("cites", lambda item: ManualCitation(**item)),
)
SECTIONED = tuple(extract for extract in EXTRACTS if extract.section)


def build_extracts(data: dict) -> dict[str, tuple]:
    """Every extract of a document's validated data, as keyword arguments of Document."""
    return {extract.field: tuple(extract.build(item) for item in data.get(extract.field, ())) for extract in EXTRACTS}
