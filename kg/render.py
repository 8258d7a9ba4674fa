"""A who-said-what picture: speakers on the left, the actors their statements reach on the right.

The layout is two columns rather than a force-directed blob, because the question the picture
answers is directional ("who talks about whom") and two sorted columns keep every label
readable. Lines: what a speaker's statements mention (solid), who they were told to (green)
and which intermediary relayed them (orange, dashed); line width = number of statements.
Speaker dots grow with the number of statements, actor dots with the number of statements
reaching them. Right-hand actors are ordered by the mean height of their speakers, which
keeps lines from crossing more than they must.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from kg.errors import KGError
from kg.output import open_output

__all__ = ["PICTURE_FORMATS", "render_picture", "render_png"]

PICTURE_FORMATS = ("png", "svg")

RELATION_STYLE = {
    "mentions": {"color": "#4c72b0", "linestyle": "-", "label": "mentions"},
    "to": {"color": "#55a868", "linestyle": "-", "label": "said to (audience)"},
    "via": {"color": "#dd8452", "linestyle": "--", "label": "relayed via"},
}
MAX_SPEAKERS = 30
MAX_TARGETS = 40


@dataclass
class _Picture:
    speakers: dict[str, str] = field(default_factory=dict)  # node -> name
    statements: Counter[str] = field(default_factory=Counter)  # speaker node -> statements
    targets: dict[str, str] = field(default_factory=dict)  # node -> name
    links: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (speaker, target, rel)
    total_statements: int = 0
    sample: dict[str, str] = field(default_factory=dict)  # speaker node -> one of its quotes


def _from_who_said_what(G: Any) -> _Picture:
    pic = _Picture()
    first: dict[str, tuple[int, int, str]] = {}
    for speaker, statement, key in G.edges(keys=True):
        if key != "said":
            continue
        data = G.nodes[statement]
        # The sample quote: the speaker's first direct quote, else its first statement.
        rank = (0 if data.get("statement_kind") == "direct" else 1, int(data.get("start", 0)))
        if speaker not in first or rank < first[speaker][:2]:
            text = str(data.get("text", ""))
            # Only a direct quote gets quotation marks; reported speech is the journalist's words.
            first[speaker] = (*rank, f"\u201c{_truncate(text, 50)}\u201d" if rank[0] == 0
                              else f"reported: {_truncate(text, 44)}")
        pic.speakers[speaker] = G.nodes[speaker].get("name", str(speaker))
        pic.statements[speaker] += 1
        pic.total_statements += 1
        seen: set[tuple[str, str]] = set()
        for _, target, rel in G.out_edges(statement, keys=True):
            # A speaker "mentioning" itself (Liu on Liu's ministry) is noise in this picture.
            if rel in RELATION_STYLE and (target, rel) not in seen and target != speaker:
                seen.add((target, rel))
                pic.targets[target] = G.nodes[target].get("name", str(target))
                pic.links[(speaker, target, rel)] += 1
    pic.sample = {speaker: text for speaker, (_, _, text) in first.items() if text}
    return pic


def _from_actor_network(G: Any) -> _Picture:
    pic = _Picture()
    for node, data in G.nodes(data=True):
        if data.get("statements"):
            pic.speakers[node] = data.get("name", str(node))
            pic.statements[node] = int(data["statements"])
            pic.total_statements += int(data["statements"])
    for source, target, data in G.edges(data=True):
        pic.speakers.setdefault(source, G.nodes[source].get("name", str(source)))
        pic.targets[target] = G.nodes[target].get("name", str(target))
        pic.links[(source, target, "mentions")] += int(data.get("weight", 1))
    return pic


def _picture(G: Any) -> _Picture:
    if G.is_multigraph():
        return _from_who_said_what(G)
    return _from_actor_network(G)


def _truncate(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_png(G: Any, path: str | Path, title: str = "Who said what", dpi: int = 150) -> Path:
    """Draw a who-said-what graph (or an actor network) to a PNG file and return its path."""
    return render_picture(G, path, title=title, fmt="png", dpi=dpi)


def render_picture(G: Any, path: str | Path, title: str = "Who said what", fmt: str = "png",
                   dpi: int = 150) -> Path:
    """Draw a who-said-what graph (or an actor network) as PNG or SVG (text stays text in SVG,
    so names can be searched and the picture scales); return the file's path."""
    if fmt not in PICTURE_FORMATS:
        raise KGError(f"unknown picture format '{fmt}'; use {' or '.join(PICTURE_FORMATS)}")
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window; safe without a display
    import matplotlib.pyplot as plt

    pic = _picture(G)
    speakers = sorted(pic.speakers, key=lambda n: (-pic.statements[n], pic.speakers[n]))
    hidden_speakers = max(0, len(speakers) - MAX_SPEAKERS)
    speakers = speakers[:MAX_SPEAKERS]
    rank = {node: i for i, node in enumerate(speakers)}

    reach: Counter[str] = Counter()
    heights: defaultdict[str, list[float]] = defaultdict(list)
    for (speaker, target, _rel), count in pic.links.items():
        if speaker in rank:
            reach[target] += count
            heights[target] += [rank[speaker]] * count
    targets = sorted(reach, key=lambda n: (-reach[n], pic.targets[n]))
    hidden_targets = max(0, len(targets) - MAX_TARGETS)
    targets = targets[:MAX_TARGETS]
    # Barycentre order: each actor sits level with the speakers who talk about it.
    targets.sort(key=lambda n: (sum(heights[n]) / len(heights[n]), -reach[n], pic.targets[n]))

    rows = max(len(speakers), len(targets), 1)
    left_y = _spread(speakers, rows)
    right_y = _spread(targets, rows)
    with_samples = bool(pic.sample) and len(speakers) <= 15
    row_inches = 0.62 if with_samples else 0.42
    height = max(3.0, row_inches * rows + 1.9)

    fig, ax = plt.subplots(figsize=(12, height))
    path = Path(path)
    try:
        ax.set_axis_off()
        ax.set_xlim(-1.0, 2.0)
        ax.set_ylim(-(rows - 1) - 0.8, 0.9)
        fig.suptitle(_truncate(title, 90), fontsize=14, fontweight="bold", y=1.0 - 0.10 / height,
                     va="top")
        if not speakers:
            ax.text(0.5, -(rows - 1) / 2, "No attributed statements in the store.",
                    ha="center", va="center", fontsize=12, color="#555555")
        else:
            _draw(ax, pic, speakers, targets, left_y, right_y, reach, with_samples)
            summary = (
                f"{pic.total_statements} statements by {len(pic.speakers)} speakers; "
                "line width = number of statements"
            )
            if hidden_speakers or hidden_targets:
                summary += f" (not shown: {hidden_speakers} speakers, {hidden_targets} actors)"
            ax.set_title(summary, fontsize=10, color="#444444")
            _legend(ax, pic)
        # Keep a fixed band (in inches) for the title, whatever the picture's height.
        fig.tight_layout(rect=(0.0, 0.0, 1.0, 1.0 - 0.30 / height))
        # A complete picture or none; SVG text stays text, not outlines.
        with open_output(path, binary=True) as handle, matplotlib.rc_context({"svg.fonttype": "none"}):
            fig.savefig(handle, dpi=dpi, facecolor="white", format=fmt)
    except OSError as exc:
        raise KGError(f"{path}: cannot write the picture ({exc.strerror or exc})") from None
    finally:
        plt.close(fig)
    return path


def _spread(nodes: list[str], rows: int) -> dict[str, float]:
    """y positions 0, -1, ... stretched so a shorter column spans the same height."""
    if len(nodes) == 1:
        return {nodes[0]: -(rows - 1) / 2}
    step = (rows - 1) / (len(nodes) - 1) if len(nodes) > 1 else 1.0
    return {node: -i * step for i, node in enumerate(nodes)}


def _legend(ax: Any, pic: _Picture) -> None:
    from matplotlib.lines import Line2D

    used = {rel for (_s, _t, rel) in pic.links}
    handles = [
        Line2D([0], [0], color=style["color"], linestyle=cast(Any, style["linestyle"]), linewidth=2,
               label=style["label"])
        for rel, style in RELATION_STYLE.items()
        if rel in used
    ]
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(handles),
                  frameon=False, fontsize=9)


def _draw(ax: Any, pic: _Picture, speakers: list[str], targets: list[str],
          left_y: dict[str, float], right_y: dict[str, float], reach: Counter[str],
          with_samples: bool) -> None:
    from matplotlib.patches import FancyArrowPatch

    most = max((pic.statements[s] for s in speakers), default=1) or 1
    most_reach = max(reach.values(), default=1) or 1
    most_link = max(pic.links.values(), default=1) or 1
    # Parallel links (same speaker and actor, different relation) bend apart so both show.
    bends = {"mentions": 0.0, "to": 0.12, "via": -0.12}
    for (speaker, target, rel), count in sorted(pic.links.items(), key=lambda kv: kv[1]):
        if speaker not in left_y or target not in right_y:
            continue
        style = RELATION_STYLE[rel]
        arrow = FancyArrowPatch(
            (0.0, left_y[speaker]), (1.0, right_y[target]),
            connectionstyle=f"arc3,rad={bends[rel]}", arrowstyle="-",
            color=style["color"], linestyle=style["linestyle"],
            linewidth=0.8 + 5.2 * count / most_link, alpha=0.55, zorder=1,
        )
        ax.add_patch(arrow)
    for node in speakers:
        n = pic.statements[node]
        ax.scatter([0.0], [left_y[node]], s=60 + 540 * n / most, color="#c44e52", zorder=3,
                   edgecolors="white", linewidths=1)
        label = f"{_truncate(pic.speakers[node])} ({n})"
        sample = pic.sample.get(node) if with_samples else None
        ax.text(-0.06, left_y[node] + (0.14 if sample else 0.0), label, ha="right", va="center",
                fontsize=10, fontweight="bold", zorder=4)
        if sample:
            ax.text(-0.06, left_y[node] - 0.24, sample, ha="right",
                    va="center", fontsize=8, style="italic", color="#555555", zorder=4)
    for node in targets:
        r = reach[node]
        ax.scatter([1.0], [right_y[node]], s=40 + 400 * r / most_reach, color="#8172b3", zorder=3,
                   edgecolors="white", linewidths=1)
        ax.text(1.06, right_y[node], f"{_truncate(pic.targets[node])} ({r})", ha="left",
                va="center", fontsize=10, zorder=4)
    top = max(max(left_y.values()), max(right_y.values(), default=0.0))
    ax.text(-0.06, top + 0.65, "speaker (statements)", ha="right", fontsize=9, color="#444444")
    ax.text(1.06, top + 0.65, "mentioned, addressed or relaying (statements)", ha="left",
            fontsize=9, color="#444444")
