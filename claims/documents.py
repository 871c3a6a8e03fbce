"""Fetch the documents evidence links to, carefully.

A small client on urllib3: connect and read timeouts plus a total deadline,
a size cap (the body is cut, not refused), conditional GET (ETag,
Last-Modified), and redirects followed hop by hop. Every hop's host is
resolved and refused if any address is loopback, private, link-local,
multicast, reserved or otherwise not global, and the address actually
connected to is checked again (so DNS rebinding cannot slip past), unless
the host is in the allowed list (``CLAIMS_FETCH_ALLOWED_HOSTS``).
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import re
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError

from claims.extraction.inputs import html_to_text, looks_like_html

USER_AGENT = "claimtrack/0.1 (claim re-check; +https://github.com/claimtrack)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHARSET = re.compile(r"charset=([\w.:-]+)", re.IGNORECASE)

_allowed_hosts: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar(
    "claims_fetch_allowed_hosts", default=frozenset()
)
_deadline: contextvars.ContextVar[_Deadline | None] = contextvars.ContextVar(
    "claims_fetch_deadline", default=None
)


class _Deadline:
    """One time limit over a whole fetch: connecting, sending, waiting for
    the headers, every redirect and the body. urllib3's timeouts bound each
    socket operation, so a server sending its headers one byte every few
    seconds could hold a fetch for ever; at the deadline this watchdog shuts
    down every socket the fetch opened, which ends whatever read is
    blocked."""

    def __init__(self, seconds: float):
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                sock.close()
                raise FetchFailed("the server is too slow: total time limit reached")
            self._sockets.append(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                with contextlib.suppress(OSError):  # already closed
                    sock.shutdown(socket.SHUT_RDWR)


class FetchRefused(Exception):
    """The URL may not be fetched (scheme, destination address, redirects)."""


class FetchFailed(Exception):
    """A network failure worth retrying later: timeout, refused connection,
    DNS failure, broken response."""


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    truncated: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def text(self) -> str:
        """The readable text: decoded by the declared charset (UTF-8 by
        default), HTML converted to text."""
        match = _CHARSET.search(self.content_type)
        charset = match.group(1) if match else "utf-8"
        try:
            text = self.body.decode(charset, errors="replace")
        except LookupError:
            text = self.body.decode("utf-8", errors="replace")
        if "html" in self.content_type.lower() or looks_like_html(text):
            text, _offsets = html_to_text(text)
        return text


def _address_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_destination(host: str, port: int) -> None:
    """Refuse a host that resolves to any non-public address."""
    if host.lower() in _allowed_hosts.get():
        return
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchFailed(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        address = info[4][0]
        if not _address_allowed(address):
            raise FetchRefused(f"{host} resolves to a non-public address ({address})")


def _check_peer(conn: HTTPConnection, sock: socket.socket) -> None:
    if conn.host.lower() in _allowed_hosts.get():
        return
    address = sock.getpeername()[0]
    if not _address_allowed(address):
        sock.close()
        raise FetchRefused(f"{conn.host} connected to a non-public address ({address})")


def _guard(conn: HTTPConnection, sock: socket.socket) -> socket.socket:
    _check_peer(conn, sock)
    deadline = _deadline.get()
    if deadline is not None:
        deadline.watch(sock)
    return sock


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        return _guard(self, super()._new_conn())


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        return _guard(self, super()._new_conn())


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


def _pool_manager() -> urllib3.PoolManager:
    manager = urllib3.PoolManager(num_pools=20, headers={"User-Agent": USER_AGENT})
    manager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}
    return manager


def fetch_document(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    connect_timeout: float = 5.0,
    read_timeout: float = 10.0,
    total_timeout: float = 30.0,
    max_bytes: int = 5 * 1024 * 1024,
    max_redirects: int = 5,
    allowed_hosts: frozenset[str] | set[str] = frozenset(),
) -> FetchResult:
    """GET ``url`` (conditionally, when ``etag``/``last_modified`` are known).

    Returns the final response, whatever its status. Raises FetchRefused when
    a hop is not allowed and FetchFailed on network errors. Bodies over
    ``max_bytes`` are cut at the cap (``truncated``).
    """
    token = _allowed_hosts.set(frozenset(h.lower() for h in allowed_hosts))
    deadline = _Deadline(total_timeout)
    deadline_token = _deadline.set(deadline)
    # A pool of its own: every socket of this fetch is new, so the deadline
    # watches all of them (no kept-alive socket from an earlier fetch).
    manager = _pool_manager()
    try:
        with deadline:
            return _fetch(
                manager,
                url,
                etag=etag,
                last_modified=last_modified,
                timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
                deadline=time.monotonic() + total_timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
            )
    except FetchFailed:
        if deadline.expired:
            raise FetchFailed("the server is too slow: total time limit reached") from None
        raise
    finally:
        manager.clear()
        _deadline.reset(deadline_token)
        _allowed_hosts.reset(token)


def _fetch(
    manager, url, *, etag, last_modified, timeout, deadline, max_bytes, max_redirects
) -> FetchResult:
    current = url
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _hop in range(max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchRefused(f"not an http(s) URL: {current}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        check_destination(parts.hostname, port)
        try:
            response = manager.request(
                "GET",
                current,
                headers=headers,
                redirect=False,
                retries=False,
                timeout=timeout,
                preload_content=False,
            )
        except (HTTPError, OSError) as exc:
            raise FetchFailed(f"{current}: {exc}") from exc
        try:
            if response.status in REDIRECT_STATUSES and response.headers.get("Location"):
                current = urljoin(current, response.headers["Location"])
                continue
            body, truncated = _read_capped(response, max_bytes, deadline)
            return FetchResult(
                url=url,
                final_url=current,
                status=response.status,
                body=body,
                content_type=response.headers.get("Content-Type", ""),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                truncated=truncated,
            )
        finally:
            response.release_conn()
    raise FetchRefused(f"more than {max_redirects} redirects from {url}")


def _read_capped(response, max_bytes: int, deadline: float) -> tuple[bytes, bool]:
    """Read at most ``max_bytes``, giving up at ``deadline``. ``read1``
    returns whatever has arrived, so a server dripping bytes slowly cannot
    hold the read past the deadline."""
    chunks, size = [], 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchFailed("the server is too slow: total time limit reached")
            chunk = response.read1(64 * 1024)
            if not chunk:
                return b"".join(chunks), False
            room = max_bytes - size
            if len(chunk) > room:
                chunks.append(chunk[:room])
                response.close()  # stop reading: the rest is not wanted
                return b"".join(chunks), True
            chunks.append(chunk)
            size += len(chunk)
    except (HTTPError, OSError) as exc:
        raise FetchFailed(f"reading the response failed: {exc}") from exc


def post_json(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str],
    timeout: float = 10.0,
    allowed_hosts: frozenset[str] | set[str] = frozenset(),
) -> int:
    """POST ``body`` (JSON) to ``url`` through the same guard as fetching (a
    public address only, checked again on the connected socket; no
    redirects followed) within ``timeout`` seconds in all. Returns the
    response's status; raises FetchRefused or FetchFailed."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchRefused(f"not an http(s) URL: {url}")
    token = _allowed_hosts.set(frozenset(h.lower() for h in allowed_hosts))
    deadline = _Deadline(timeout)
    deadline_token = _deadline.set(deadline)
    manager = _pool_manager()
    try:
        check_destination(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        with deadline:
            response = manager.request(
                "POST",
                url,
                body=body,
                headers={"Content-Type": "application/json", **headers},
                redirect=False,
                retries=False,
                timeout=urllib3.Timeout(connect=min(5.0, timeout), read=timeout),
                preload_content=False,
            )
            try:
                _read_capped(response, 64 * 1024, time.monotonic() + timeout)
            finally:
                response.release_conn()
            return response.status
    except (HTTPError, OSError) as exc:
        if deadline.expired:
            raise FetchFailed("the receiver is too slow: time limit reached") from None
        raise FetchFailed(f"{url}: {exc}") from exc
    finally:
        manager.clear()
        _deadline.reset(deadline_token)
        _allowed_hosts.reset(token)
