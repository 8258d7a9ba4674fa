"""Indices over an article's clusters, so linking stays near-linear in the number of actors.

Without them every mention compared itself with every cluster (sorting all clusters by their
last mention, recomputing every name key) and a long article of many distinct names took
time quadratic in the names (issue 14.5). The indices are exact replacements of those scans:

- `ClusterList` is the article's list of clusters (a list: append, iterate, index) that also
  knows each cluster's position and finds, by dictionary look-up, the clusters that have a
  given name key, name word, acronym or country. The look-ups return a superset of the
  clusters a rule can match (entries are never removed, e.g. when a cluster's longest form
  changes); callers keep their exact conditions and only stop scanning the others.
- `Tracked` lists (a cluster's forms and mentions) tell their cluster when they change, so
  its cached name keys, sorted mention starts and the list's timeline stay true whoever
  appends to them.
- The timeline (every mention start with its cluster's position, sorted) gives the clusters
  in order of their last mention before an offset, as the old per-call sort did (ties in list
  order), reading only as far back as the caller needs.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any, SupportsIndex

from kg.extract.actors.lexicon import acronym, name_key, name_words

if TYPE_CHECKING:
    from kg.extract.actors.clusters import Cluster

__all__ = ["ClusterList", "Tracked", "cached_name_key", "cached_name_words"]

_MUTATORS = ("extend", "insert", "remove", "pop", "clear", "sort", "reverse", "__setitem__", "__delitem__")


class Tracked(list):  # type: ignore[type-arg]
    """A list that calls `changed(item)` after `append(item)` and `changed(None)` after any
    other change (the owner then recomputes what it derived from the list)."""

    def __init__(self, items: Iterable[Any], changed: Callable[[Any], None]) -> None:
        super().__init__(items)
        self.changed = changed

    def append(self, item: Any) -> None:
        super().append(item)
        self.changed(item)

    def __iadd__(self, items: Iterable[Any]) -> Tracked:  # type: ignore[override,misc]
        super().__iadd__(items)
        self.changed(None)
        return self

    def __imul__(self, n: SupportsIndex) -> Tracked:  # type: ignore[override,misc]
        super().__imul__(n)
        self.changed(None)
        return self

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return list, (list(self),)  # a copy or pickle is a plain list


def _notifying(name: str):  # type: ignore[no-untyped-def]
    base = getattr(list, name)

    def method(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = base(self, *args, **kwargs)
        self.changed(None)
        return result

    method.__name__ = name
    return method


for _name in _MUTATORS:
    setattr(Tracked, _name, _notifying(_name))

# Name keys and words are pure functions of the string; an article asks for the same few
# thousand names over and over.
cached_name_key = lru_cache(maxsize=65536)(name_key)
_acronym = lru_cache(maxsize=65536)(acronym)


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    return tuple(name_words(name))


def cached_name_words(name: str) -> list[str]:
    """name_words(name), a new list each time (callers may change it)."""
    return list(_name_words(name))


class ClusterList(list):  # type: ignore[type-arg]
    """The clusters of one article, in order of creation, with look-ups by name."""

    def __init__(self, clusters: Iterable[Cluster] = ()) -> None:
        super().__init__()
        self._dirty = False
        self._reset()
        for cluster in clusters:
            self.append(cluster)

    def _reset(self) -> None:
        self._position: dict[int, int] = {}
        self._by: dict[str, dict[str, dict[int, Cluster]]] = {
            kind: {} for kind in ("key", "squashed", "canonical", "word", "end_word", "acronym", "text")
        }
        self._timeline: list[tuple[int, int]] = []  # (mention start, cluster position), sorted
        self._by_count: dict[int, dict[int, Cluster]] = {}  # number of mentions -> clusters

    # -- keeping the indices true
    def append(self, cluster: Cluster) -> None:
        self._fresh()
        position = len(self)
        super().append(cluster)
        self._position[id(cluster)] = position
        cluster.watch(self)
        self.index_names(cluster)
        for start, _ in cluster.mentions:
            insort(self._timeline, (start, position))
        self._by_count.setdefault(len(cluster.mentions), {})[position] = cluster

    def index_names(self, cluster: Cluster, texts: Iterable[str] | None = None) -> None:
        """Index `texts` (default: all of the cluster's forms and its canonical name)."""
        position = self._position.get(id(cluster))
        if self._dirty or position is None:  # a rebuild will index it / no longer in the list
            return
        if texts is None:
            texts = [*cluster.forms, *([cluster.canonical] if cluster.canonical else [])]
        for text in texts:
            key = cached_name_key(text)
            words = _name_words(text)
            entries = [("key", key), ("squashed", key.replace(" ", "")), ("acronym", _acronym(text)), ("text", text)]
            entries += [("end_word", w) for w in {words[0], words[-1]}] if words else []
            entries += [("word", w) for w in set(words)]
            for kind, value in entries:
                self._by[kind].setdefault(value, {})[position] = cluster
        if cluster.canonical:
            self._by["canonical"].setdefault(cluster.canonical, {})[position] = cluster

    def mention_added(self, cluster: Cluster, start: int | None) -> None:
        position = self._position.get(id(cluster))
        if self._dirty or position is None:
            return
        if start is None:  # mentions changed other than by append: rebuild when next asked
            self._dirty = True
        else:
            insort(self._timeline, (start, position))
            count = len(cluster.mentions)
            self._by_count.get(count - 1, {}).pop(position, None)
            self._by_count.setdefault(count, {})[position] = cluster

    def _fresh(self) -> None:
        if self._dirty:
            self._dirty = False
            clusters = list(self)
            super().clear()
            self._reset()
            for cluster in clusters:
                self.append(cluster)

    # -- look-ups
    def position(self, cluster: Cluster) -> int:
        return self._position[id(cluster)]

    def having(self, kind: str, *values: str | None) -> list[Cluster]:
        """The clusters with one of `values` as `kind` ("key": a name key, "squashed": a name
        key without spaces, "canonical", "word": a name word of a form, "end_word": its first or last one,
        "acronym": the acronym of a form, "text": a form as written), in list order."""
        self._fresh()
        found: dict[int, Cluster] = {}
        for value in values:
            if value is not None:
                found.update(self._by[kind].get(value, {}))
        return [found[p] for p in sorted(found)]

    def by_recency(self, clusters: Iterable[Cluster], offset: int) -> list[Cluster]:
        """`clusters` ordered by their last mention before `offset`, latest first, ties in
        list order (those never mentioned before it last): the order of the old sort."""
        return sorted(clusters, key=lambda c: (-c.last_before(offset), self.position(c)))

    def mentioned_before(self, offset: int) -> Iterator[tuple[int, Cluster]]:
        """(last mention start, cluster) for every cluster mentioned before `offset` (at 0 or
        later), latest first, ties in list order; lazily, so a caller that needs the first few
        reads only the end."""
        self._fresh()
        timeline, seen = self._timeline, set()
        i = bisect_left(timeline, (offset, -1)) - 1
        while i >= 0 and timeline[i][0] >= 0:
            start, j = timeline[i][0], i
            while j >= 0 and timeline[j][0] == start:
                j -= 1
            for _, position in timeline[j + 1 : i + 1]:  # one start: list order
                if position not in seen:
                    seen.add(position)
                    yield start, self[position]
            i = j

    def most_mentioned(self) -> Iterator[tuple[int, list[Cluster]]]:
        """(n, the clusters with n mentions in list order), most mentions first."""
        self._fresh()
        for count in sorted(self._by_count, reverse=True):
            yield count, [c for _, c in sorted(self._by_count[count].items())]

    # any other change to the list itself: rebuild when next asked
    def _changed(self) -> None:
        self._dirty = True


def _list_notifying(name: str):  # type: ignore[no-untyped-def]
    base = getattr(list, name)

    def method(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = base(self, *args, **kwargs)
        self._changed()
        return result

    method.__name__ = name
    return method


for _name in (*_MUTATORS, "__iadd__", "__imul__"):
    setattr(ClusterList, _name, _list_notifying(_name))
