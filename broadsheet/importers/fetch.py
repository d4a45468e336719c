"""Fetching a picture from the web without letting an archive reach into the server's network.

An import file may name any address. Fetched naively, ``http://169.254.169.254/`` or
``http://localhost:6379/`` would have the server read from its own network and store
the answer where the importer can see it. So every address, and every address a
redirect leads to, is resolved first and refused unless each of its IPs is public;
the request then goes to the IP that was checked, since a second DNS lookup could
answer differently (DNS rebinding). Answers are capped in time and size, and only
pictures are taken.
"""

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import urllib3

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

TIMEOUT_SECONDS = 10.0
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_DEFAULT_PORTS = {"http": 80, "https": 443}
_CHUNK_BYTES = 64 * 1024
# IPv6 addresses that carry an IPv4 one: NAT64 (RFC 6052) relays to it.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(Exception):
    """The picture could not be fetched, or the importer will not fetch it; says why."""


@dataclass(frozen=True)
class FetchedImage:
    url: str
    content_type: str
    content: bytes


def address_is_public(address: IPAddress) -> bool:
    """Whether ``address`` is on the public internet, and so safe for the server to reach.

    Refuses loopback, private, link-local, multicast, reserved, unspecified and other
    special-purpose addresses, including IPv4 ones wrapped in IPv6.
    """
    if isinstance(address, ipaddress.IPv6Address):
        if address.teredo is not None:
            return False
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return address_is_public(embedded)
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def resolve_host(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot find the host {host}") from error
    # A scope ("%eth0") belongs to link-local addresses, which are refused anyway.
    addresses = (ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in infos)
    return list(dict.fromkeys(addresses))


@dataclass(frozen=True)
class ImageFetcher:
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    # Which addresses may be reached. Injectable so that tests can let a fetcher reach
    # their own server on 127.0.0.1, which the real check rightly refuses.
    address_allowed: Callable[[IPAddress], bool] = address_is_public
    resolve: Callable[[str, int], list[IPAddress]] = resolve_host

    def fetch(self, url: str) -> FetchedImage:
        """The picture at ``url``, following up to ``max_redirects`` redirects."""
        deadline = time.monotonic() + self.timeout
        for _ in range(self.max_redirects + 1):
            response = self._request(url)
            try:
                if response.status in _REDIRECT_STATUSES:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"{url} redirects without saying where")
                    url = urljoin(url, location)
                    continue
                return self._image(url, response, deadline)
            finally:
                response.release_conn()
                response.close()
        raise FetchError(f"more than {self.max_redirects} redirects")

    def _request(self, url: str) -> urllib3.BaseHTTPResponse:
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise FetchError(f"{url!r} is not an http or https address")
        try:
            port = parts.port or _DEFAULT_PORTS[parts.scheme]
        except ValueError as error:
            raise FetchError(f"{url!r} has a bad port") from error
        addresses = self.resolve(parts.hostname, port)
        refused = [address for address in addresses if not self.address_allowed(address)]
        if refused or not addresses:
            shown = refused[0] if refused else "no address"
            raise FetchError(f"{parts.hostname} is at {shown}, which is not a public address")
        timeout = urllib3.Timeout(connect=self.timeout, read=self.timeout)
        pool: urllib3.HTTPConnectionPool
        if parts.scheme == "https":
            # Connected by IP, the certificate is still checked against the name.
            pool = urllib3.HTTPSConnectionPool(
                str(addresses[0]),
                port,
                timeout=timeout,
                retries=False,
                maxsize=1,
                server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
            )
        else:
            pool = urllib3.HTTPConnectionPool(
                str(addresses[0]), port, timeout=timeout, retries=False, maxsize=1
            )
        path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        headers = {
            # The address's host and port, without any user:password@ it carried.
            "Host": parts.netloc.rpartition("@")[2],
            "User-Agent": "Broadsheet importer",
            "Accept": "image/*",
        }
        try:
            return pool.urlopen(
                "GET",
                path,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                assert_same_host=False,
            )
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(f"{url} did not answer: {error}") from error

    def _image(self, url: str, response: urllib3.BaseHTTPResponse, deadline: float) -> FetchedImage:
        if response.status != 200:
            raise FetchError(f"{url} answered {response.status}")
        content_type = response.headers.get("Content-Type", "").partition(";")[0].strip().lower()
        if not content_type.startswith("image/"):
            raise FetchError(
                f"{url} is not a picture (it is {content_type or 'of no stated type'})"
            )
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"{url} is larger than {self.max_bytes} bytes")
        chunks, size = [], 0
        try:
            # read1 returns whatever has arrived, so a server that sends a byte at a time
            # meets the deadline instead of holding a read open.
            while chunk := response.read1(_CHUNK_BYTES):
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"{url} is larger than {self.max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url} took more than {self.timeout:g} seconds")
                chunks.append(chunk)
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(f"{url} broke off: {error}") from error
        return FetchedImage(url=url, content_type=content_type, content=b"".join(chunks))
