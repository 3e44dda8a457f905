"""The agency kinds index, and a page per kind with every task given to it, by province: a row per task's words."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import NamedTuple

from markupsafe import Markup

from plansite.analysis.today import agency_successors
from plansite.corpus.model import ROLE_LABELS, When
from plansite.render.context import RenderContext
from plansite.render.paging import Listing, paginate
from plansite.render.urls import Paths
from plansite.text.folding import fold_key
from plansite.text.uncertain import marked_html

ROLE_ORDER = {role: index for index, role in enumerate(ROLE_LABELS)}  # the order the labels are declared in


class TaskRow(NamedTuple):
    """One row of an agency kind's task table: a task's words, role and time, and every plan on the page's
    table that gives the kind that task, in the table's order."""

    role: str
    words: Markup  # escaped, its uncertain readings marked
    when: When
    readings: tuple[str, ...]  # the uncertain readings of the paragraph the task and its time quote
    tasks: list


def task_rows(tasks) -> list[TaskRow]:
    """A table's rows: one per task's words, role and time, lead before support, each with every plan that
    gives it. Plans copy their parent's tasks word for word: at 10,000 plans, 82 of the agency pages' 217 MB
    were rows repeating, by a link and their opening words, a task a row above showed whole (measured on the
    built site)."""
    rows: dict[tuple, TaskRow] = {}
    for task in tasks:
        given = task.responsibility
        readings = task.document.readings_at(given.node)
        words = marked_html(given.task, readings)
        key = (words, given.role, given.when, marked_html(given.when.text, readings) if readings else None)  # the time as shown
        row = rows.get(key)
        if row is None:
            row = rows[key] = TaskRow(given.role, words, given.when, readings, [])
        row.tasks.append(task)
    return sorted(rows.values(), key=lambda row: ROLE_ORDER[row.role])  # stable: the table's order within a role


class AgencyView:
    def __init__(self, context: RenderContext, agency) -> None:
        self.agency = agency
        self.node_label = context.node_label
        self._context = context
        self.tasks = context.graph.tasks_by_agency.get(agency.id, [])
        self._provinces: dict[str, object] = {}  # a listing's key -> its province (listing())

    task_rows = staticmethod(task_rows)

    @property
    def successors(self):
        """Who carries a dissolved kind's functions now, each with its record."""
        return agency_successors(self._context.corpus, self.agency)

    @property
    def predecessors(self):
        """The dissolved kinds whose functions (part of them) this kind took over."""
        return [(kind, s) for kind in self._context.corpus.agencies.values() for s in kind.successors if s.id == self.agency.id]

    def inherited(self):
        """The tasks this kind inherited, by former kind: those the plans gave a kind whose tasks passed to it,
        each former kind's a listing of its own (split by province like the kind's own tasks), and how many were
        left out: a paragraph that gives this kind the same part of its own, or the lead, is listed once, among
        its own tasks; one where the former kind led and this kind only supports keeps the inherited lead."""
        own: dict[tuple[str, str], set[str]] = {}
        for task in self.tasks:
            own.setdefault((task.document.id, task.responsibility.anchor), set()).add(task.responsibility.role)

        def held(task) -> bool:
            roles = own.get((task.document.id, task.responsibility.anchor), set())
            return task.responsibility.role in roles or "lead" in roles

        found = []
        for kind, succession in self.predecessors:
            given = self._context.graph.tasks_by_agency.get(kind.id, [])
            tasks = [task for task in given if not held(task)]
            if succession.inherits_tasks and tasks:
                found.append((kind, succession, len(tasks), self.groups(tasks), self.listing(tasks, kind), len(given) - len(tasks)))
        return found

    def listing(self, tasks=None, former=None) -> Listing:
        """The tasks as a bounded listing (plansite/render/paging.py): by province, a row a task; inherited
        tasks under keys of their own (`ke-thua-<former kind>-<province>`)."""
        groups = []
        for province, rows in self.groups(tasks):
            key = province.id if province else "trung-uong"
            label = province.name if province else "Trung ương"
            if former is not None:
                key, label = f"ke-thua-{former.id}-{key}", f"{label} (kế thừa từ {former.name})"
            groups.append((key, label, rows))
            self._provinces[key] = province
        return paginate(Paths.agency(self.agency.id), groups, self._context.rows_per_page)

    def shared(self):
        """The general addresses that take this kind in ("Các sở, ban, ngành liên quan"), each with how many tasks
        they are given in plans of this kind's level issued while it existed: duties that name no kind, this
        one's among them (a district's "tất cả các cơ quan" is not a provincial department's)."""
        agency = self.agency
        if agency.addresses is not None:
            return []

        def applies(task) -> bool:
            document = task.document
            return ((agency.level == "any" or document.issuer.level == agency.level)
                    and (document.date is None or agency.may_exist_on(document.date)))

        given = self._context.graph.tasks_by_agency
        found = []
        for kind in self._context.corpus.agencies.values():
            if kind.addresses is not None and kind.addresses.takes_in(agency):
                count = sum(1 for task in given.get(kind.id, ()) if applies(task))
                if count:
                    found.append((kind, count))
        return found

    def province(self, key: str):
        """The province of a key of the listings made so far (None for the central level)."""
        return self._provinces.get(key)

    def groups(self, tasks=None):
        """Tasks by province: (province, its tasks), the province's own plans' first, then each locality's
        (by id), lead before support within each."""
        graph, localities = self._context.graph, self._context.corpus.localities
        groups: dict[str, list] = defaultdict(list)
        for task in self.tasks if tasks is None else tasks:
            province = graph.locality_chain(task.locality)[0] if task.locality else None
            groups[province.id if province else ""].append(task)

        def order(task, province_id: str):
            locality_id = task.locality.id if task.locality else ""
            return locality_id != province_id, locality_id, ROLE_ORDER[task.responsibility.role], task.document.date or dt.date.max

        return [(localities.get(province_id), sorted(tasks, key=lambda task: order(task, province_id)))
                for province_id, tasks in sorted(groups.items(), key=lambda item: fold_key(localities[item[0]].name) if item[0] else "")]


def pages(context: RenderContext):
    for agency in context.corpus.agencies.values():
        view = AgencyView(context, agency)
        listing = view.listing()
        yield context.html_page(Paths.agency(agency.id), "agency.html.j2", agency.page_title, view=view, listing=listing)
        listings = [(listing, None)] + [(former_listing, former) for former, _, _, _, former_listing, _ in view.inherited()]
        for each, former in listings:
            for part in each.own_parts:
                yield context.html_page(part.path, "agency_part.html.j2", part.title(agency.page_title), search=False, view=view, part=part,
                                        former=former)
    yield context.markdown_page(Paths.agencies, "agencies_index.md.j2", "Cơ quan")
