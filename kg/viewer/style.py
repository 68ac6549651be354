"""How the viewer draws each label and relationship type: colours, shapes,
sizes, and what is hidden when the page opens. Adding a label's or a
type's colour is an edit of this file only."""
from __future__ import annotations

DEFAULT_TITLE = "知识图谱 · Knowledge graph"

# label -> (colour, vis shape, base size)
NODE_STYLE: dict[str, tuple[str, str, int]] = {
    "Agency": ("#3b6fb6", "dot", 14),
    "Enterprise": ("#f28e2b", "diamond", 13),
    "Organization": ("#2e9e48", "triangle", 13),
    "Project": ("#a05cc2", "star", 14),
    "Place": ("#8c6d31", "square", 11),
    "Task": ("#9aa3ad", "dot", 7),
    "Document": ("#4aa3a0", "box", 10),
}
_OTHER_NODE_STYLE = ("#777777", "dot", 10)

EDGE_COLORS: dict[str, str] = {
    "LEADS": "#d62728",
    "SUPPORTS": "#ff9f1c",
    "INVOLVES": "#2ca02c",
    "LOCATED_IN": "#8c564b",
    "PART_OF": "#7b4ea3",
    "COOPERATES_WITH": "#17becf",
    "MENTIONED_IN": "#bdbdbd",
    "FROM": "#8a8a8a",
}
_OTHER_EDGE_COLOR = "#999999"

DEFAULT_HIDDEN_LABELS = ("Document",)
DEFAULT_HIDDEN_TYPES = ("MENTIONED_IN", "FROM")
# Edges left out of the layout (they would pull everything onto document hubs).
_LAYOUT_IGNORED_TYPES = frozenset(("MENTIONED_IN", "FROM"))

_SEED = 20240601
_FR_MAX_NODES = 12000
_SPREAD_MAX_NODES = 4000
_TASK_LABEL_CHARS = 16
_TOOLTIP_TEXT_CHARS = 400
