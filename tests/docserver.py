"""A local HTTP server standing in for the outside web in re-check tests."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drip: float = 0.0  # seconds between body chunks
    header_drip: float = 0.0  # seconds between the bytes of the status line and headers


class DocServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        self.posts: list[tuple[str, dict, bytes]] = []  # webhook deliveries received
        self.hit = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                server.posts.append((self.path, dict(self.headers), body))
                route = server.routes.get(self.path, Route(status=204))
                if route.delay:
                    time.sleep(route.delay)
                self.send_response(route.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                server.hit.set()
                route = server.routes.get(self.path, Route(status=404, body=b"not found"))
                if route.delay:
                    time.sleep(route.delay)
                if route.header_drip:
                    head = f"HTTP/1.1 {route.status} OK\r\nContent-Length: 0\r\n\r\n".encode()
                    try:
                        for byte in head:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(route.header_drip)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    if route.drip:
                        for i in range(0, len(route.body), 16):
                            self.wfile.write(route.body[i : i + 16])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def page(self, path: str, text: str, **kwargs) -> str:
        headers = {"Content-Type": "text/html; charset=utf-8", **kwargs.pop("headers", {})}
        html = f"<html><body><article><p>{text}</p></article></body></html>"
        self.routes[path] = Route(body=html.encode(), headers=headers, **kwargs)
        return self.url(path)

    def __enter__(self) -> DocServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
