"""The theme's icons and colour-scheme script in the page frame, in two files the browser keeps, not in every page.

Material writes each icon's SVG into the page where it stands (the logo twice, in the header and the drawer;
the menu; the two colour-scheme toggles; the search button) and its colour-scheme script inline in the
header: 3.0 KB of every page. Here each icon is a reference to a symbol of one sprite (`SPRITE`, made from the
theme's own icon files), and the script is the theme's, in a file of its own (`PALETTE_SCRIPT`), still run
where it stood, before the page is shown. At 2,000 plans the site went from 437.3 to 424.6 MB, 1.8 KB less on
each of its 7,049 pages (measured on the built site).
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape

SPRITE = "assets/icons.svg"
PALETTE_SCRIPT = "assets/palette.js"
_SVG = re.compile(r"<svg\b[^>]*?\bviewBox=\"([^\"]+)\"[^>]*>(.*)</svg>", re.S)
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def frame_icons(theme) -> list[str]:
    """The icons the frame shows (overrides/partials: logo.html, header.html, palette.html, top.html), as the
    theme's configuration names them."""
    icon = theme.get("icon") or {}
    palette = theme.get("palette") or []
    options = [palette] if isinstance(palette, dict) else palette
    names = [icon.get("logo") or "material/library", icon.get("menu") or "material/menu", "material/magnify",
             icon.get("top") or "material/arrow-up"]
    names += [option["toggle"]["icon"] for option in options if option.get("toggle")]
    return list(dict.fromkeys(names))


def _theme_file(theme_dirs: list[str], name: str) -> Path:
    for folder in theme_dirs:
        path = Path(folder) / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"the theme has no {name}")


class FrameIcons:
    """The sprite of the frame's icons, and the markup that draws one of them from it."""

    def __init__(self, theme_dirs: list[str], names: list[str]) -> None:
        self.boxes: dict[str, str] = {}
        symbols = []
        for name in names:
            match = _SVG.search(_theme_file(theme_dirs, f".icons/{name}.svg").read_text(encoding="utf-8"))
            if match is None:
                raise ValueError(f"the theme's icon {name} is not an SVG with a viewBox")
            self.boxes[name] = match.group(1)
            symbols.append(f'<symbol id="{symbol_id(name)}" viewBox="{match.group(1)}">{match.group(2)}</symbol>')
        self.sprite = '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"
        script = _SCRIPT.search(_theme_file(theme_dirs, "partials/javascripts/palette.html").read_text(encoding="utf-8"))
        if script is None:
            raise ValueError("the theme's partials/javascripts/palette.html holds no inline script to publish as a file")
        # And the theme's swap of `no-js` for `js` on the root element, which its bundle makes at the end of the
        # page: made here, before the page is shown, so that what the site shows without scripts (the tabs on a
        # phone, a plan's own contents beside its text: docs/assets/site.css) never shows for a moment with them.
        self.palette_script = script.group(1) + '\ndocument.documentElement.classList.replace("no-js", "js")\n'

    def __call__(self, name: str, sprite_url: str) -> Markup:
        """The icon `name` (one of frame_icons), drawn from the sprite at `sprite_url` (relative to the page)."""
        if name not in self.boxes:
            raise KeyError(f"icon {name} is not in the frame's sprite: add it to plansite/mkdocs_plugin/icons.py, frame_icons")
        # No `xmlns`: an `svg` element in HTML is in the SVG namespace without it (35 bytes an icon, 4.1 of the
        # site's MB at 10,000 plans). The viewBox stays: a logo's width is `auto`, from its proportions.
        return Markup('<svg viewBox="%s" aria-hidden="true"><use href="%s#%s"></use></svg>') % (
            self.boxes[name], sprite_url, symbol_id(name))


def symbol_id(name: str) -> str:
    return str(escape(name.replace("/", "-")))
