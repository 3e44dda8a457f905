"""Phone and desktop screenshots of a built site, for the README.

    .venv/bin/mkdocs build -q -d /tmp/site
    .venv/bin/python scripts/screenshots.py /tmp/site

Builds nothing: it serves the site directory given (default `site/`) on 127.0.0.1, opens the main kinds of
page in Chromium at the size of a phone (390×844 CSS pixels, one device pixel each, which keeps the files
small), then a plan and the home page at a desktop's (1280×900), and writes one PNG per page into
`.github/screenshots/` (or `--out`). The document, locality, agency and
query shown can be changed by option; each page must exist in the built site.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import urllib.parse
from pathlib import Path

from plansite.runtime.localserver import CHROMIUM_FLAGS, serve_directory

REPO = Path(__file__).resolve().parent.parent
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pages(args) -> list[tuple[str, str, str | None, str | None]]:
    """(file name, path in the site, a selector to wait for, a selector to scroll to, below the header) for
    each page shown. On a phone the search page's filters come before its results: its shot starts at them."""
    search = "tim-kiem/?" + urllib.parse.urlencode({"q": args.query})
    return [
        ("phone-home.png", "", None, None),
        ("phone-document.png", f"van-ban/{args.document}/", None, None),
        ("phone-locality.png", f"dia-phuong/{args.locality}/", None, None),
        ("phone-agency.png", f"co-quan/{args.agency}/", None, None),
        ("phone-search.png", search, ".pagefind-ui__result", ".pagefind-ui__message"),
        ("phone-targets.png", "chi-tieu/", None, None),
        ("phone-coverage.png", "ban-do/", None, "#ban-do-63"),
    ]


def desktop_pages(args) -> list[tuple[str, str, str | None, str | None]]:
    """The README's two wide shots: a plan, with the table of contents beside its text, and the home page."""
    return [("screenshot-plan.png", f"van-ban/{args.document}/", None, None), ("screenshot-home.png", "", None, None)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "site", help="a built site (default: site/)")
    parser.add_argument("--out", type=Path, default=REPO / ".github" / "screenshots", help="where the PNGs go (default: .github/screenshots/)")
    parser.add_argument("--document", default="hai-phong-188-kh-ubnd-2024", help="id of the document shown")
    parser.add_argument("--locality", default="hai-phong", help="id of the locality shown")
    parser.add_argument("--agency", default="so-y-te", help="id of the agency kind shown")
    parser.add_argument("--query", default="trẻ em khuyết tật", help="the query shown on the search page")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"),
                        help="the Chromium to drive (default: chromium on PATH, else Playwright's own)")
    args = parser.parse_args(argv)

    site = args.site.resolve()
    shots = pages(args)
    missing = [path for _, path, _, _ in shots if not (site / path.split("?")[0] / "index.html").is_file()]
    if missing:
        print(f"{site}: not a built site, or these pages are missing: {', '.join('/' + path for path in missing)}"
              " (build it with `mkdocs build -d DIR`; choose other pages with --document, --locality, --agency)", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with serve_directory(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_FLAGS)
        for viewport, mobile, each in ((PHONE, True, shots), (DESKTOP, False, desktop_pages(args))):
            context = browser.new_context(viewport=viewport, device_scale_factor=1, is_mobile=mobile, has_touch=mobile,
                                          color_scheme="light", reduced_motion="reduce", locale="vi-VN")
            shoot(context.new_page(), base, each, args.out)
            context.close()
        browser.close()
    return 0


def shoot(page, base: str, shots, out: Path) -> None:
    """One PNG a page, as the viewport shows it once the page (and what `ready` names) has loaded."""
    for name, path, ready, scroll_to in shots:
        page.goto(base + path, wait_until="networkidle")
        if ready:
            page.wait_for_selector(ready, timeout=15_000)
            page.wait_for_load_state("networkidle")
        if scroll_to:
            page.evaluate("""(selector) => {
                const top = document.querySelector(selector).getBoundingClientRect().top;
                const header = document.querySelector(".md-header").getBoundingClientRect().height;
                window.scrollTo(0, window.scrollY + top - header - 8);
            }""", scroll_to)
            page.wait_for_timeout(300)
        target = out / name
        page.screenshot(path=str(target))
        print(f"{target} ({target.stat().st_size // 1024} KB): /{path}")


if __name__ == "__main__":
    sys.exit(main())
