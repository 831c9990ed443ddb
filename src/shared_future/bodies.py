"""Who makes and who voices China's foreign policy: the `bodies` table drawn as a small tree.

Notebook 03 shows the Party and state bodies behind the two texts and how they answer to one
another. The table keeps each body's parent (`parent_id`) with the cited relation; this module
turns those links into levels and a matplotlib diagram, so the notebook can show the picture
in one call and the tests can pin the layout rule.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

KIND_COLOURS = {"party_organ": "#b2182b", "state_body": "#2166ac", "peoples_organisation": "#5aae61",
                "party_media": "#8c6bb1"}


def levels(bodies: pd.DataFrame) -> pd.Series:
    """How many steps each body stands below a body with no parent (0 for the roots), by body_id."""
    parent = bodies.set_index("body_id")["parent_id"].dropna().to_dict()

    def depth(body_id: str) -> int:
        return 0 if body_id not in parent else 1 + depth(parent[body_id])

    return pd.Series({b: depth(b) for b in bodies["body_id"]}, name="level")


def diagram(bodies: pd.DataFrame, width: float = 11, height: float = 5):
    """Draw the bodies as boxes, one row per level, with an arrow from each body to its parent
    labelled with the relation. Colours mark the kind of body (Party organ, state body, ...)."""
    level = levels(bodies)
    pos = {}
    for lvl, ids in level.groupby(level).groups.items():
        for i, body_id in enumerate(ids):
            pos[body_id] = ((i + 1) / (len(ids) + 1), 1 - (lvl + 0.5) / (level.max() + 1))
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    ax.set_axis_off()
    for body in bodies.itertuples():
        x, y = pos[body.body_id]
        if isinstance(body.parent_id, str):
            px, py = pos[body.parent_id]
            ax.annotate("", xy=(px, py - 0.05), xytext=(x, y + 0.05),
                        arrowprops={"arrowstyle": "->", "color": "grey"})
            ax.text((x + px) / 2, (y + py) / 2, body.relation, fontsize=8, color="dimgrey", ha="center")
        ax.text(x, y, body.name.replace(" of the ", "\nof the "), ha="center", va="center", fontsize=8,
                bbox={"boxstyle": "round", "facecolor": "white", "edgecolor": KIND_COLOURS[body.kind]})
    handles = [plt.Line2D([], [], color=c, lw=4, label=k.replace("_", " ")) for k, c in KIND_COLOURS.items()]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    ax.set_title("Who makes and who voices China's foreign policy (arrows point to the body answered to)")
    return fig
