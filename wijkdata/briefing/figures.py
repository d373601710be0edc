"""Static pictures for a printed briefing: the area on a map of its gemeente, trends with breaks, positions.

Drawn with matplotlib's object API (no pyplot, no global state, safe in a Streamlit thread) and
returned as PNG bytes at :data:`DPI`, crisp in print; geometry comes in EPSG:28992 (metres), so
the map keeps its true proportions.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence

import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter

from wijkdata.analysis.profile import trend
from wijkdata.cbs.kerncijfers import Kerncijfers
from wijkdata.text import nl_number, nl_unit

__all__ = ["DPI", "area_map", "position_charts", "theme_map", "trend_charts"]

#: Resolution of every picture (dots per inch).
DPI = 200
MM = 1 / 25.4
AREA = "#d9480f"  # the area itself
OTHERS = "#9ec5ea"  # the rest of the gemeente
GEMEENTE = "#495057"
NEDERLAND = "#adb5bd"
MISSING = "#e9ecef"


def _png(fig: MplFigure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.04, facecolor="white")
    return buf.getvalue()


def _axis_label(unit: str) -> str:
    shown = nl_unit(unit)
    return shown if shown else "aantal"


def _nl_ticks(ax, decimals: int) -> None:
    """Dutch tick labels with as many decimals as the tick spacing needs (at least ``decimals``)."""
    import math

    def fmt(v: float, _pos: object) -> str:
        locs = ax.yaxis.get_majorticklocs()
        step = min((abs(b - a) for a, b in zip(locs, locs[1:], strict=False) if b != a), default=1.0)
        needed = max(0, -math.floor(math.log10(step))) if 0 < step < 1 else 0
        return nl_number(v, max(decimals, needed))

    ax.yaxis.set_major_formatter(FuncFormatter(fmt))


def area_map(shapes, code: str, label: str, outlines=None, width_mm: float = 80.0) -> bytes:
    """The gemeente's wijken or buurten in pale blue with ``code`` in orange, named; ``outlines`` (wijken) drawn on top.

    ``shapes`` and ``outlines`` are GeoDataFrames in EPSG:28992 with a ``code`` column.
    """
    minx, miny, maxx, maxy = shapes.total_bounds
    aspect = (maxy - miny) / max(maxx - minx, 1.0)
    fig = MplFigure(figsize=(width_mm * MM, min(max(width_mm * aspect, 50.0), 110.0) * MM))
    ax = fig.add_axes((0, 0, 1, 1))
    own = shapes[shapes["code"] == code]
    if (shapes["code"] != code).any():
        shapes[shapes["code"] != code].plot(ax=ax, color=OTHERS, edgecolor="white", linewidth=0.6)
    if outlines is not None:
        outlines.boundary.plot(ax=ax, color="#1c3d5a", linewidth=0.9)
    own.plot(ax=ax, color=AREA, edgecolor="#7f2704", linewidth=0.9)
    if not own.empty:
        point = own.geometry.iloc[0].representative_point()
        ax.annotate(
            label,
            (point.x, point.y),
            xytext=(0, 0),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=7.5,
            fontweight="bold",
            color="white",
            bbox={"boxstyle": "round,pad=0.2", "fc": "#7f2704", "ec": "none", "alpha": 0.85},
        )
    _scale_bar(ax, minx, miny, maxx)
    ax.set_axis_off()
    ax.set_aspect("equal")
    return _png(fig)


def _scale_bar(ax, minx: float, miny: float, maxx: float) -> None:
    span = maxx - minx
    length = next((m for m in (500, 1000, 2000, 5000, 10000, 20000) if m >= span / 6), 50000)
    ax.plot([minx, minx + length], [miny, miny], color="#212529", linewidth=2, solid_capstyle="butt")
    ax.text(minx, miny, f" {length / 1000:g} km".replace(".", ","), fontsize=6.5, va="bottom", ha="left", color="#212529")


def theme_map(shapes, values: Mapping[str, float], title: str, unit: str, decimals: int, width_mm: float = 90.0) -> bytes:
    """A choropleth of ``values`` (code → number) over ``shapes``; areas without a figure grey and hatched."""
    minx, miny, maxx, maxy = shapes.total_bounds
    aspect = (maxy - miny) / max(maxx - minx, 1.0)
    fig = MplFigure(figsize=(width_mm * MM, min(max(width_mm * aspect, 50.0), 110.0) * MM + 0.5))
    ax = fig.add_axes((0, 0.1, 1, 0.9))
    frame = shapes.assign(_v=shapes["code"].map(values).astype(float))
    have = frame[frame["_v"].notna()]
    if frame["_v"].isna().any():
        frame[frame["_v"].isna()].plot(ax=ax, color=MISSING, edgecolor="white", hatch="///", linewidth=0.5)
    if not have.empty:
        norm = Normalize(vmin=float(have["_v"].min()), vmax=float(have["_v"].max()))
        have.plot(ax=ax, column="_v", cmap="YlOrRd", norm=norm, edgecolor="white", linewidth=0.6)
        cax = fig.add_axes((0.15, 0.05, 0.7, 0.03))
        bar = fig.colorbar(ScalarMappable(norm=norm, cmap="YlOrRd"), cax=cax, orientation="horizontal")
        bar.ax.tick_params(labelsize=6.5)
        bar.ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: nl_number(v, decimals)))
        bar.set_label(f"{title} ({_axis_label(unit)}); grijs: geen cijfer", fontsize=7)
    _scale_bar(ax, minx, miny, maxx)
    ax.set_axis_off()
    ax.set_aspect("equal")
    return _png(fig)


def trend_charts(k: Kerncijfers, code: str, keys: Sequence[str], width_mm: float = 170.0) -> bytes:
    """Small multiples: per indicator the area, its gemeente and Nederland over the cached years.

    Lines stop at every break of the series (:func:`wijkdata.analysis.profile.trend`), and a
    dashed vertical line with "breuk" marks where.
    """
    fig = MplFigure(figsize=(width_mm * MM, 52 * MM))
    axes = fig.subplots(1, len(keys), squeeze=False)[0]
    for ax, key in zip(axes, keys, strict=True):
        ind = k.catalogue[key]
        series = trend(k, code, key)
        lines = {code: (AREA, "-", 2.0), "NL00": (NEDERLAND, ":", 1.2)}
        if code != k.gemeente:
            lines[k.gemeente] = (GEMEENTE, "--", 1.2)
        for name, (colour, style, width) in lines.items():
            part = series[series["code"] == name]
            for _, seg in part.groupby("segment"):
                seg = seg[seg["waarde"].notna()]
                ax.plot(
                    seg["jaar"], seg["waarde"].astype(float), style, color=colour, linewidth=width, marker="o", markersize=2.5
                )
        for year in sorted(set(series.loc[(series["code"] == code) & (series["breuk"] != ""), "jaar"])):
            ax.axvline(year - 0.5, color="#868e96", linestyle=(0, (2, 2)), linewidth=0.8)
            ax.text(year - 0.45, 1, "breuk", transform=ax.get_xaxis_transform(), fontsize=6, va="top", color="#495057")
        ax.set_title(textwrap.fill(k.catalogue.label(key), 30), fontsize=7.5, loc="left")
        ax.set_ylabel(_axis_label(ind.eenheid), fontsize=6.5)
        ax.tick_params(labelsize=6.5)
        years = sorted(series["jaar"].unique())
        ax.set_xticks(years, [str(y) for y in years])
        _nl_ticks(ax, 0)
        ax.spines[["top", "right"]].set_visible(False)
    from matplotlib.lines import Line2D

    styles = [(k.name_of(code), AREA, "-", 2.0)]
    if code != k.gemeente:
        styles.append((k.naam, GEMEENTE, "--", 1.2))
    styles.append(("Nederland", NEDERLAND, ":", 1.2))
    handles = [Line2D([], [], color=c, linestyle=s, linewidth=w) for _, c, s, w in styles]
    fig.legend(
        handles, [name for name, *_ in styles], loc="lower center", ncol=3, fontsize=7, frameon=False, bbox_to_anchor=(0.5, -0.06)
    )
    fig.subplots_adjust(wspace=0.45, bottom=0.2)
    return _png(fig)


def position_charts(profile: pd.DataFrame, peers: pd.DataFrame, code: str, keys: Sequence[str], width_mm: float = 170.0) -> bytes:
    """Per indicator every peer area as a dot, the area itself in orange and the gemeente as a line.

    ``profile`` is :func:`~wijkdata.analysis.profile.area_profile` indexed by indicator; ``peers``
    the year's rows of the same level (``code`` and one column per key). For a single year, where
    no trend can be drawn.
    """
    fig = MplFigure(figsize=(width_mm * MM, (10 + 19 * len(keys)) * MM))
    axes = fig.subplots(len(keys), 1, squeeze=False)[:, 0]
    for ax, key in zip(axes, keys, strict=True):
        p = profile.loc[key]
        values = pd.to_numeric(peers[key], errors="coerce").astype(float)
        ax.scatter(values, [0] * len(values), s=14, color=OTHERS, edgecolor="#1c7ed6", linewidth=0.4, zorder=2)
        own = values[peers["code"] == code]
        if not own.dropna().empty:
            ax.scatter(own, [0] * len(own), s=55, color=AREA, edgecolor="#7f2704", zorder=3)
        if pd.notna(p["gemeente"]):
            ax.axvline(float(p["gemeente"]), color=GEMEENTE, linestyle="--", linewidth=1)
        ax.set_yticks([])
        ax.set_ylim(-1, 1)
        ax.set_title(f"{p['titel']} ({_axis_label(p['eenheid'])})", fontsize=7.5, loc="left", pad=3)
        ax.tick_params(labelsize=6.5)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _, d=int(p["decimalen"]): nl_number(v, d)))
        ax.spines[["top", "right", "left"]].set_visible(False)
    fig.subplots_adjust(hspace=1.6, bottom=0.16)
    fig.text(0.01, 0.01, "oranje: dit gebied · blauw: de andere gebieden van dit niveau · streep: de gemeente", fontsize=6.5)
    return _png(fig)
