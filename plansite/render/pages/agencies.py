"""The agency kinds index, and a page per kind with every task given to it, by province and locality."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from markupsafe import Markup

from plansite.corpus.model import ROLE_LABELS
from plansite.render.context import RenderContext
from plansite.render.paging import Listing, paginate
from plansite.render.urls import Paths
from plansite.text.folding import fold_key
from plansite.text.uncertain import marked_html, opening_html

ROLE_ORDER = {role: index for index, role in enumerate(ROLE_LABELS)}  # the order the labels are declared in


class ShownTasks:
    """The task cells of one page, in the order the page shows them. A task whose words (with their uncertain
    readings marked) are already whole in a row higher on the page is shown by its opening words and a link to
    that row: plans copy their parent's tasks word for word, and at 2,000 plans 22.8 of the agency pages'
    28.3 MB of task text repeated a row above on the same page."""

    def __init__(self) -> None:
        self._rows: dict[str, str] = {}  # a task's words as shown -> the id of the row showing them whole

    def cell(self, task) -> tuple[str | None, Markup]:
        """(the row's id if it shows the words whole, else None; the cell's HTML)."""
        text, readings = task.responsibility.task, task.document.readings_at(task.responsibility.node)
        whole = marked_html(text, readings)
        earlier = self._rows.get(whole)
        if earlier is None:
            # "_": no locality or agency id (the page's other anchors) can have one (corpus/schema).
            row_id = self._rows[whole] = f"nv_{len(self._rows) + 1}"
            return row_id, whole
        return None, Markup('<span class="same-task">Cùng lời với <a href="#%s">nhiệm vụ ở trên</a>:</span> %s') % (
            earlier, opening_html(text, readings))


class AgencyView:
    def __init__(self, context: RenderContext, agency) -> None:
        self.agency = agency
        self.node_label = context.node_label
        self._context = context
        self.tasks = context.graph.tasks_by_agency.get(agency.id, [])

    @staticmethod
    def shown_tasks() -> ShownTasks:
        """What one page has shown of the tasks so far: a new one for each page."""
        return ShownTasks()

    @property
    def successors(self):
        """Who carries a dissolved kind's functions now, each with its record."""
        agencies = self._context.corpus.agencies
        return [(agencies[s.id], s) for s in self.agency.successors if s.id in agencies]

    @property
    def predecessors(self):
        """The dissolved kinds whose functions (part of them) this kind took over."""
        return [(kind, s) for kind in self._context.corpus.agencies.values() for s in kind.successors if s.id == self.agency.id]

    def inherited(self):
        """The tasks this kind inherited, by former kind: those the plans gave a kind whose tasks passed to it,
        each former kind's a listing of its own (split by province like the kind's own tasks)."""
        found = []
        for kind, succession in self.predecessors:
            tasks = self._context.graph.tasks_by_agency.get(kind.id, [])
            if succession.inherits_tasks and tasks:
                found.append((kind, succession, len(tasks), self.groups(tasks), self.listing(tasks, kind)))
        return found

    def listing(self, tasks=None, former=None) -> Listing:
        """The tasks as a bounded listing (plansite/render/paging.py): by province, each row (province,
        locality, task); inherited tasks under keys of their own (`ke-thua-<former kind>-<province>`)."""
        groups = []
        for province, members in self.groups(tasks):
            key = province.id if province else "trung-uong"
            label = province.name if province else "Trung ương"
            if former is not None:
                key, label = f"ke-thua-{former.id}-{key}", f"{label} (kế thừa từ {former.name})"
            groups.append((key, label, [(province, locality, task) for locality, rows in members for task in rows]))
        return paginate(Paths.agency(self.agency.id), groups, self._context.rows_per_page)

    def groups(self, tasks=None):
        """Tasks grouped by province, then by locality (the province itself first), lead before support."""
        graph, localities = self._context.graph, self._context.corpus.localities
        groups: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for task in self.tasks if tasks is None else tasks:
            locality = task.locality
            province = graph.locality_chain(locality)[0] if locality else None
            groups[province.id if province else ""][locality.id if locality else ""].append(task)
        ordered = []
        for province_id in sorted(groups, key=lambda i: fold_key(localities[i].name) if i else ""):
            members = [
                (localities.get(lid), sorted(tasks, key=lambda t: (ROLE_ORDER[t.responsibility.role], t.document.date or dt.date.max)))
                for lid, tasks in sorted(groups[province_id].items(), key=lambda item: (item[0] != province_id, item[0]))
            ]
            ordered.append((localities.get(province_id), members))
        return ordered


def pages(context: RenderContext):
    for agency in context.corpus.agencies.values():
        view = AgencyView(context, agency)
        listing = view.listing()
        yield context.html_page(Paths.agency(agency.id), "agency.html.j2", agency.name, view=view, listing=listing)
        listings = [(listing, None)] + [(former_listing, former) for former, _, _, _, former_listing in view.inherited()]
        for each, former in listings:
            for part in each.own_parts:
                yield context.html_page(part.path, "agency_part.html.j2", part.title(agency.name), search=False, view=view, part=part,
                                        former=former)
    yield context.markdown_page(Paths.agencies, "agencies_index.md.j2", "Cơ quan")
