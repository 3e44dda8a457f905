"""The theme's navigation, rendered once for all the pages that share it.

Material renders the site's navigation twice on every page, as tabs and as the sidebar (the drawer on a
phone), through macros that test every item against the page. A page the navigation does not list marks no
item, and the partials read nothing else of it but the links they write, each through MkDocs' `url` filter:
so two such pages whose links come out the same (every page of a folder, most often) get the same HTML.
`SharedPartials` renders a partial once for each such set of links and gives that HTML to every page with the
same set; a page the navigation lists gets the partial rendered for it, as the theme would. The overrides
(`overrides/partials/nav.html`, `tabs.html`) call it in place of the theme's partials, which stay the
theme's, under `THEME/`.

Measured at 2,000 plans (profiled): the two partials were 26% of the theme's time on a page, 6% of the
build process; the key of a page, a dozen relative URLs, costs a fraction of one rendering.
"""

from __future__ import annotations

import re

import jinja2
from markupsafe import Markup
from mkdocs.utils import normalize_url

from plansite.render.compact import compact

THEME = "theme/"  # the prefix under which the theme's own templates stay reachable from an override

# The shared partials are lists of links, each item a block and each link a flex box: the whitespace between
# their tags shows nothing, and a title of plain text needs no `md-ellipsis` span (the theme's script only
# gives a title cut short a tooltip; these are short and wrap). With the table of contents' own entries
# (overrides/partials/toc-item.html), the frames of the 2,000-plan site went from 63.7 to 57.9 MB (2^20 bytes).
# Only ASCII whitespace: another space (U+00A0) may be meant.
_BETWEEN_TAGS = re.compile(r">[ \t\r\n]+<")
_PLAIN_TITLE = re.compile(r'<span class="md-ellipsis">[ \t\r\n]*([^<>]*?)[ \t\r\n]*</span>')


def tight(html: str) -> str:
    """A list of links of the theme's navigation, without what does not show. Only for a page the navigation
    does not list: on one it lists, the drawer holds that page's table of contents, whose titles may hold tags
    side by side."""
    return compact(_BETWEEN_TAGS.sub("><", _PLAIN_TITLE.sub(r"\1", html)))  # and blank lines, as in the templates


def with_theme_templates(loader: jinja2.BaseLoader, theme_dirs: list[str]) -> jinja2.BaseLoader:
    """`loader`, and under THEME the templates of `theme_dirs` (the theme without the site's overrides)."""
    return jinja2.ChoiceLoader([jinja2.PrefixLoader({THEME.rstrip("/"): jinja2.FileSystemLoader(theme_dirs)}), loader])


# The drawer's list on a page the navigation does not list, when every section is one link (as the tabs show
# them): written once, as the tabs, and built again in the drawer by docs/assets/frame.js, before the theme's
# script starts. The drawer shows only on a narrow screen, the tabs only on a wide one; without scripts a narrow
# screen shows the tabs (docs/assets/site.css). At 10,000 plans the drawer's links were 20 of the site's
# 1,059 MB (2^20 bytes, measured on the built site).
_DRAWER_LIST = re.compile(r'(<ul class="md-nav__list" data-md-scrollfix)>.*</ul>(</nav>\s*)$', re.S)


def drawer_from_tabs(html: str) -> str:
    """The drawer's navigation (partials/nav.html, `tight`) with its list left for the script to fill."""
    built, count = _DRAWER_LIST.subn(r"\1 data-nav-from-tabs></ul>\2", html)
    if count != 1:
        raise ValueError("the theme's navigation no longer ends with its list of sections: see frame.py, drawer_from_tabs")
    return built


def tabs_show_all(nav, features) -> bool:
    """Whether the tabs show the whole navigation: they are on, and every item is a single link."""
    return "navigation.tabs" in features and not any(getattr(item, "children", None) for item in nav.items)


def nav_targets(nav) -> list[str]:
    """Every URL the navigation links to (its pages and links, at any depth)."""
    found: list[str] = []

    def walk(items) -> None:
        for item in items:
            url = getattr(item, "url", None)
            if url is not None:
                found.append(url)
            walk(getattr(item, "children", None) or ())

    walk(nav.items)
    return found


class SharedPartials:
    """The rendered partials of one build, by (partial, the links as written on the page), for the pages the
    navigation does not list."""

    def __init__(self, env: jinja2.Environment, listed: set[str], targets: list[str], drawer_from_tabs: bool = False) -> None:
        self.env = env
        self.listed = listed  # the URLs of the pages the navigation lists
        self.targets = targets  # what the partials link to: the navigation's URLs, the home page, the logo
        self.drawer_from_tabs = drawer_from_tabs  # the tabs show every section: see `drawer_from_tabs`
        self.made: dict[tuple, Markup] = {}
        self._links: tuple = (None, None, ())  # (page, base URL, its links): both partials of a page ask

    def _links_of(self, page, base: str) -> tuple:
        if self._links[0] is not page or self._links[1] != base:
            self._links = (page, base, tuple(normalize_url(target, page=page, base=base) for target in self.targets))
        return self._links[2]

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context, name: str) -> Markup:
        page = context.get("page")
        key = None
        if page is not None and page.url not in self.listed:
            base = context.get("base_url")
            key = (name, base, *self._links_of(page, base))
        if key is None:
            return Markup(self.env.get_template(THEME + name).render(context.get_all()))
        made = self.made.get(key)
        if made is None:
            html = tight(self.env.get_template(THEME + name).render(context.get_all()))
            if name == "partials/nav.html" and self.drawer_from_tabs:
                html = drawer_from_tabs(html)
            made = self.made[key] = Markup(html)
        return made
