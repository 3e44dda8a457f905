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
    def log_message(self, *args):
        pass


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
