"""What a request names, read safely: the site file its target means, the name its Host header gives.

Each segment of a request path is percent-decoded exactly once and refused when
it could climb out or hide a separator, so no spelling of a path reaches a file
outside the site; redirects to folders are quoted once and never "//host". Pure:
the preview's HTTP side (httpserve.py) asks, and opens the sockets.
"""
from __future__ import annotations

from urllib.parse import quote, unquote_to_bytes, urlsplit


def request_path(target: str, base_path: str) -> str | None:
    """Map a request target to a site file path ("" or ending in "/" for a folder), or None when unsafe.

    Each segment is percent-decoded exactly once (decode_segment). The base path is decoded the same
    way before it is compared, so a base URL spelt /Zeit%20line/ or /хроника/ matches what a browser
    sends for it.
    """
    raw = target.split("#", 1)[0].split("?", 1)[0]
    if not raw.startswith("/"):
        raw = urlsplit(raw).path  # absolute-form targets: http://host/path
    segments = []
    for encoded in raw.split("/"):
        segment = decode_segment(encoded)
        if segment is None:
            return None
        if segment not in ("", "."):
            segments.append(segment)
    prefix = base_segments(base_path)
    if prefix and segments[:len(prefix)] == prefix:
        segments = segments[len(prefix):]
    path = "/".join(segments)
    return path + "/" if path and raw.endswith("/") else path


def decode_segment(encoded: str) -> str | None:
    """One path segment percent-decoded once, or None when it could climb out or hide a separator:
    it decodes to a slash, backslash, NUL or other control character, invalid UTF-8, or ".."."""
    decoded = unquote_to_bytes(encoded)
    if b"/" in decoded or b"\\" in decoded or any(byte < 0x20 or byte == 0x7f for byte in decoded):
        return None
    try:
        segment = decoded.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if segment == ".." else segment


def base_segments(base_path: str) -> list[str]:
    """The base path's segments, decoded as a request's are; one that a request could not spell is
    kept as written, so it matches only its own encoding."""
    parts = [part for part in base_path.split("/") if part not in ("", ".")]
    return [decode_segment(part) or part for part in parts]


def folder_location(base_path: str, name: str) -> str:
    """Where the folder `name` (a site path without its slash) is served: each segment of the base path
    and the name quoted once, so the header is ASCII and an encoded base path is not encoded twice.
    It starts with one slash, never "//host"."""
    segments = [*base_segments(base_path), *name.split("/")]
    return "/" + "/".join(quote(segment, safe="") for segment in segments) + "/"


def host_name(header: str) -> str | None:
    """The lower-case name in a Host header ("name", "name:port", "[v6]" or "[v6]:port"), or None
    when the header is not one of those with a port of digits from 1 to 65535."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1:]
    else:
        name, colon, port = value.partition(":")
        rest = colon + port
    if not rest:
        return name
    return name if rest.startswith(":") and valid_port(rest[1:]) else None


def valid_port(port: str) -> bool:
    # Five digits at most: int() of a huge digit string is slow, or refused outright.
    return port.isascii() and port.isdigit() and len(port) <= 5 and 1 <= int(port) <= 65535
