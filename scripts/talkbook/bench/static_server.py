"""A quiet static file server on a free loopback port, for browser tests and benchmarks of a built site;
with gzip=True it compresses text as a real host would, so page weight is measured as readers get it."""
from __future__ import annotations

import functools
import gzip as gzip_format
import http.server
import threading
from io import BytesIO
from pathlib import Path

# What a host compresses: text, not images or fonts (already compressed).
_TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # one line per request would drown test output
        pass


class _GzipHandler(_QuietHandler):
    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not kind.startswith(_TEXT_TYPES)):
            return super().send_head()
        body = gzip_format.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(body)


def serve(directory: Path, gzip: bool = False) -> http.server.ThreadingHTTPServer:
    """Serve `directory` on 127.0.0.1 in a daemon thread (text gzipped if `gzip` and the client asks);
    call .shutdown() when done."""
    handler = functools.partial(_GzipHandler if gzip else _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
