"""A built site served on 127.0.0.1 only, at a free port, and the flags of the headless Chromium that reads it:
for the browser tests and the screenshots script."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

# Without the background-networking flags Chromium tries to reach Google's hosts at every start.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    not_found_page: Path | None = None  # the page for an unknown address; by default the directory's 404.html

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        """An unknown address, at any depth, gets the site's own page for it with the status 404, as a static host
        (GitHub Pages, nginx's `error_page 404`) and `mkdocs serve` serve it."""
        page = self.not_found_page or Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serve_directory(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler):
    """Yields the base URL; the server stops when the block ends."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
