"""The coverage map: which provinces have issued a plan for the Directive, on each line, in the 63-province
view and the 34-province view (plansite/analysis/coverage.py), drawn as a tile grid in SVG at build time,
with the same facts as a table and as a CSV file of the open data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from plansite.analysis.coverage import LINES, STATE_LABELS, STATES, Cell, Coverage, Row, View, build_coverage
from plansite.corpus.model import LINE_LABELS
from plansite.render import opendata
from plansite.render.context import RenderContext
from plansite.render.urls import Paths, page_url

TILES = Path(__file__).resolve().parent.parent / "data" / "coverage_tiles.yaml"
LAYOUT_KEY = {"63": "former", "34": "current"}
TILE, STEP, MARGIN = 44, 48, 2  # SVG units: a tile, a tile and its gap, the map's margin
LINE_LETTERS = {"party": "Đ", "state": "N"}  # printed in each half of a tile, so no reader needs the legend's colours


@cache
def layout() -> dict[str, dict[str, tuple[int, int, str]]]:
    data = yaml.safe_load(TILES.read_text(encoding="utf-8"))
    return {view: {unit: (col, row, str(label)) for unit, (col, row, label) in tiles.items()} for view, tiles in data.items()}


@dataclass(frozen=True)
class Tile:
    row: Row
    x: int
    y: int
    label: str

    @property
    def name(self) -> str:
        return self.row.province.full_name

    def title(self) -> str:
        """What the tile says in words (its <title> and its link's name)."""
        merged = f" (gồm {', '.join(old.name for old in self.row.predecessors)})" if self.row.predecessors else ""
        states = "; ".join(f"{LINE_LABELS[line]}: {self.row.cell(line).label.lower()}" for line in LINES)
        return f"{self.name}{merged}. {states}"

    @property
    def partial(self) -> bool:
        return any(cell.partial for cell in self.row.cells)

    def halves(self) -> list[tuple[str, Cell, int]]:
        """Each line's half of the tile: its letter, its cell, its x."""
        return [(LINE_LETTERS[line], self.row.cell(line), self.x + 3 + index * 20) for index, line in enumerate(LINES)]


@dataclass(frozen=True)
class Map:
    view: View
    tiles: tuple[Tile, ...]
    width: int
    height: int
    unplaced: int  # provinces the layout file does not place, drawn in rows below the map


def draw(view: View) -> Map:
    """The tiles at their places; a province the layout does not know goes in a row under the map, so that
    every province of the registry is on it (tests check that the real registry needs none)."""
    places = layout()[LAYOUT_KEY[view.key]]
    placed = [(row, places[row.province.id]) for row in view.rows if row.province.id in places]
    columns = max((col for _, (col, _, _) in placed), default=-1) + 1
    rows = max((line for _, (_, line, _) in placed), default=-1) + 1
    others = [row for row in view.rows if row.province.id not in places]
    columns = max(columns, min(len(others), 7))
    for index, row in enumerate(others):
        placed.append((row, (index % 7, rows + 1 + index // 7, row.province.name[:3])))
    tiles = tuple(Tile(row, MARGIN + col * STEP, MARGIN + line * STEP, label) for row, (col, line, label) in placed)
    height_rows = max((line for _, (_, line, _) in placed), default=-1) + 1
    return Map(view, tiles, 2 * MARGIN + columns * STEP - (STEP - TILE), 2 * MARGIN + height_rows * STEP - (STEP - TILE), len(others))


def csv_rows(coverage: Coverage) -> list[dict]:
    """One row per view, province and line: the same facts as the map's tiles and the table's cells."""
    newest = coverage.as_of
    as_of = newest.marked("date", newest.date.isoformat()) if newest else ""
    rows = []
    for view in coverage.views:
        for row in view.rows:
            unit = row.province
            for line in LINES:
                cell = row.cell(line)
                documents = [item for item in cell.evidence if item.document]
                cited = [item for item in cell.evidence if item.cited]
                rows.append({
                    "view": view.key, "province_id": unit.id, "province": unit.full_name, "code": unit.code_text,
                    "line": line, "state": cell.state, "state_label": cell.label, "partial": "có" if cell.partial else "",
                    "document_ids": "; ".join(item.document.id for item in documents),
                    "documents": "; ".join(f"{item.document.short_title} ({item.document.issuer_names}; {item.document.content_label.lower()})" for item in documents),
                    "cited": "; ".join(f"{item.cited.label} (viện dẫn trong {item.citing.short_title}, {item.citing.issuer_names})" for item in cited),
                    "through": "; ".join(dict.fromkeys(item.province.id for item in cell.evidence if item.province.id != unit.id)),
                    "not_known": "; ".join(old.id for old in cell.uncovered),
                    "page": page_url(Paths.locality(unit.id)), "as_of": as_of,
                })
    return rows


# The documents a cell names: a province issues a plan or two on each line a year, so a cell would grow with
# the years; past this many it names the best and newest and counts the others, all on the province's page.
EVIDENCE_SHOWN = 3


def pages(context: RenderContext):
    coverage = build_coverage(context.corpus, context.graph, context.directive, context.directive_tree)
    maps = [draw(view) for view in coverage.views]
    # Every province has a page (analysis/localities.py), so every tile links to one.
    yield context.html_page(Paths.coverage, "coverage.html.j2", "Bản đồ: tỉnh nào đã có kế hoạch", search=False,
                            coverage=coverage, maps=maps, directive=context.directive, lines=LINES, states=STATES, state_labels=STATE_LABELS,
                            line_letters=LINE_LETTERS, tile=TILE, evidence_shown=EVIDENCE_SHOWN)
    yield context.download(Paths.coverage_csv, lambda: opendata.csv_text(opendata.COVERAGE_COLUMNS, csv_rows(coverage)))
