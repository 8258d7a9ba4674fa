"""Fetch one web page over HTTP(S) with httpx: timeouts, a size limit, bounded redirects and
a polite User-Agent. Only the page itself is fetched, never what it links to (images,
scripts, styles)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from kg.errors import InputError

__all__ = ["FetchError", "FetchedPage", "fetch_page", "is_url"]

MAX_PAGE_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
# Seconds to connect and between bytes read; KG_FETCH_TIMEOUT overrides both. The whole
# download is also bounded, so a server trickling a byte a second cannot hold a run.
DEFAULT_TIMEOUT = 20.0
_TOTAL_TIMEOUTS = 3
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "text/markdown")


class FetchError(InputError):
    """A URL could not be fetched as a page."""


@dataclass
class FetchedPage:
    url: str  # after redirects
    content: bytes
    content_type: str  # e.g. "text/html"
    charset: str | None


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _timeout() -> float:
    raw = os.environ.get("KG_FETCH_TIMEOUT")
    if raw is None:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"KG_FETCH_TIMEOUT={raw!r} is not a number of seconds; set e.g. KG_FETCH_TIMEOUT=20"
                         ) from None
    if not value > 0:
        raise InputError(f"KG_FETCH_TIMEOUT={raw!r} must be more than 0 seconds")
    return value


def _user_agent() -> str:
    from kg import __version__

    return f"kg/{__version__} (news claims extractor; fetches only the pages it is given)"


def fetch_page(url: str, limit: int = MAX_PAGE_BYTES) -> FetchedPage:
    """The page at `url`; FetchError with a one-line reason when it cannot be had."""
    import httpx

    timeout = _timeout()
    deadline = time.monotonic() + _TOTAL_TIMEOUTS * timeout
    try:
        with httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers={"User-Agent": _user_agent(), "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"},
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"{url}: the server answered HTTP {response.status_code} "
                                 f"{response.reason_phrase}; check the URL")
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type and content_type not in _PAGE_TYPES:
                raise FetchError(f"{url}: is {content_type}, not a web page or text; give the URL of an article page")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(_too_large(url, limit))
            chunks: list[bytes] = []
            total = 0
            # Decoded chunks are counted (a small gzip answer must not expand past the limit).
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > limit:
                    raise FetchError(_too_large(url, limit))
                if time.monotonic() > deadline:
                    raise FetchError(f"{url}: the page took more than {_TOTAL_TIMEOUTS * timeout:.0f} s to download; "
                                     "try again later")
                chunks.append(chunk)
            return FetchedPage(url=str(response.url), content=b"".join(chunks),
                               content_type=content_type or "text/html", charset=response.charset_encoding)
    except httpx.TooManyRedirects:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects (a redirect loop?); check the URL") from None
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {timeout:g} s; check the URL or set KG_FETCH_TIMEOUT") from None
    except httpx.InvalidURL as exc:
        raise FetchError(f"{url}: is not a valid URL ({exc}); check it") from None
    except httpx.UnsupportedProtocol:
        raise FetchError(f"{url}: only http:// and https:// URLs can be fetched") from None
    except httpx.DecodingError:
        raise FetchError(f"{url}: the server sent a page that cannot be decompressed; try again later"
                         ) from None
    except httpx.HTTPError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchError(f"{url}: cannot be fetched ({reason}); check the URL and the network") from None


def _too_large(url: str, limit: int) -> str:
    return (f"{url}: the page is larger than {limit // 1024 // 1024} MB, too large for one article; "
            "save the article text")
