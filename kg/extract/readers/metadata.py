"""A web page's metadata: what the page declares (JSON-LD, OpenGraph, meta tags) first, then
the main-content library's heuristics. A page that declares nothing gets nothing, not a guess."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from kg.extract.readers.text import parse_date

__all__ = ["PageMetadata", "declared_metadata"]

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
                  "techarticle", "scholarlyarticle", "report", "posting", "socialmediaposting", "webpage"}
_URL = re.compile(r"^\s*(?:https?:)?//|^\s*www\.|^\s*/", re.I)
_BY = re.compile(r"^\s*(?:by|written by|posted by)\s*:?\s+", re.I)
# Bylines that are not names: staff credits and the like.
_NOT_A_NAME = re.compile(r"^(?:staff|admin|administrator|editor|editors|newsroom|web desk|news desk|\W*)$", re.I)
# Words of a job title, not of a name: "ROBERT BURNS, AP National Security Writer" is Robert Burns.
_ROLE = re.compile(r"\b(?:writer|correspondent|editor|reporter|contributor|columnist|staff|producer|"
                   r"journalist|analyst|bureau|chief|desk)s?\b", re.I)
_MAX_NAME = 80
_AUTHOR_TAGS = ("author", "article:author", "parsely-author", "dc.creator", "byl", "sailthru.author")


@dataclass
class PageMetadata:
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None


def declared_metadata(tree: Any) -> PageMetadata:
    """Metadata the page states about itself, read from an lxml tree (before any cleaning)."""
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
    ld_publisher = ld.get("publisher")
    if isinstance(ld_publisher, list):
        ld_publisher = ld_publisher[0] if ld_publisher else None
    site = _first(meta, "og:site_name", "application-name")
    page_lang = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()
    return PageMetadata(
        title=without_site_suffix(
            _text(ld.get("headline")) or _first(meta, "og:title", "twitter:title", "dc.title", "headline"), site),
        author=authors(ld.get("author")) or next(
            (name for key in _AUTHOR_TAGS if (name := authors(meta.get(key)))), None),
        published=_date(_text(ld.get("datePublished"))) or _date(_first(
            meta, "article:published_time", "datepublished", "publishdate", "pubdate", "date", "dc.date.issued",
            "dc.date", "og:published_time", "sailthru.date", "parsely-pub-date")),
        # The site's own name first: a page of the Houston Chronicle carrying an AP story is
        # published by the Chronicle. "The Jerusalem Post | JPost.com" is one name twice.
        publisher=_one_name(site) or _one_name(
            _text(ld_publisher.get("name") if isinstance(ld_publisher, dict) else ld_publisher)
            or _first(meta, "dc.publisher", "publisher")),
        url=_first(meta, "canonical", "og:url", "twitter:url") or _ld_url(ld),
        language=_language_code(
            _text(ld.get("inLanguage")) or page_lang or _first(meta, "og:locale", "content-language")),
    )


def authors(value: Any) -> str | None:
    """Author names from JSON-LD or a meta tag: names only, joined by ', ' (no URLs, no 'By')."""
    names: list[str] = []
    items = value if isinstance(value, list) else [value]
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = ", ".join(str(n) for n in name if isinstance(n, str))
        if not isinstance(name, str):
            continue
        for part in re.split(r"\s*(?:,|;|\band\b|&)\s*", _BY.sub("", " ".join(name.split()))):
            part = part.strip(" ,;|")
            if (not part or _URL.match(part) or "@" in part or len(part) > _MAX_NAME or _NOT_A_NAME.match(part)
                    or _ROLE.search(part)):
                continue
            if part.isupper():  # "ROBERT BURNS" -> "Robert Burns"
                part = part.title()
            if part not in names:
                names.append(part)
    return ", ".join(names) or None


def without_site_suffix(title: str | None, site: str | None) -> str | None:
    """'Story | TheHill' -> 'Story' when the part after the last separator names the site."""
    if not title or not site:
        return title
    match = re.match(r"^(?P<story>.+?)\s+[|–—-]\s+(?P<site>[^|–—-]{1,60})$", title)
    squeeze = lambda value: re.sub(r"\W+", "", value).lower()  # noqa: E731
    if match and squeeze(match["site"]) in {squeeze(part) for part in re.split(r"\s+\|\s+", site)}:
        return match["story"]
    return title


def _meta_tags(tree: Any) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in tree.iter("meta", "link"):
        if element.tag == "link":
            if "canonical" in (element.get("rel") or "").lower() and element.get("href"):
                meta.setdefault("canonical", element.get("href").strip())
            continue
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        content = " ".join((element.get("content") or "").split())
        if key and content and key not in meta:
            meta[key] = content
    return meta


def _json_ld_article(tree: Any) -> dict[str, Any]:
    """The first JSON-LD object of an article type (looking inside @graph and lists)."""
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # pages ship broken JSON-LD; it says nothing then
        stack = [data]
        while stack and len(found) < 50:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                types = item.get("@type")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                    found.append(item)
    # A news article type beats a generic WebPage describing the same page.
    found.sort(key=lambda item: "webpage" in str(item.get("@type")).lower())
    return found[0] if found else {}


def _ld_url(ld: dict[str, Any]) -> str | None:
    for key in ("url", "mainEntityOfPage"):
        value = ld.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return value.strip()
    return None


def _one_name(value: str | None) -> str | None:
    return re.split(r"\s+\|\s+", value)[0].strip() or None if value else None


def _first(meta: dict[str, str], *keys: str) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    return None


def _date(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


def _language_code(value: str | None) -> str | None:
    """'en-US', 'en_GB', 'EN' -> 'en'."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
