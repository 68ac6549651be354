"""Self-contained interactive HTML viewer for the knowledge graph.

``write_viewer(G, path, title)`` writes one HTML file that opens offline in any
recent browser: the vis-network library that pyvis ships (JS and CSS) is
inlined, and the page references no URL at all (no CDN, no bootstrap, no
tom-select).  The nodes, edges and network options are assembled with
:class:`pyvis.network.Network` (``network.py``); the page itself comes from
the template ``page.html`` rather than pyvis's own template, because that one pulls bootstrap from
a CDN and its select/filter menus break on non-ASCII labels.

What the page offers
--------------------
* Node colour and shape by label (Agency, Enterprise, Organization, Project,
  Place, Task, Document); edge colour by relationship type.  The side panel is
  both the legend and the filter: one checkbox per node label and per
  relationship type, with counts, hides or shows those nodes/edges (through a
  ``vis.DataSet`` update, so the layout stays put).  An edge is shown only
  when its type and both its end nodes are shown.
* **Default visibility**: ``Document`` nodes and the ``MENTIONED_IN`` and
  ``FROM`` edges are hidden when the page opens (they connect almost every
  node to a handful of document hubs and drown the actor–task structure).
  A Task's tooltip still names its document and sentence; tick the boxes to
  show them.  See ``DEFAULT_HIDDEN_LABELS`` / ``DEFAULT_HIDDEN_TYPES``.
* A search box: case-insensitive substring match on a node's ``name`` and
  ``aliases`` (works for Chinese; IME composition is waited for).  Matching
  visible nodes are selected and the view zooms to them; matches that are
  hidden by a filter are counted but not selected.  A list of matches lets
  one jump to each.
* Tooltips (and a details panel on click) give the canonical name, label,
  aliases, adcode and, for a Task, its document, section, sentence and
  offsets; an edge gives its type, rule, confidence, document and sentence.
  Tooltips are plain strings, which vis-network renders as text, and every
  piece of the UI built from graph data uses ``textContent``; the JSON
  embedded in the page escapes ``<``, ``>`` and ``&`` so no name can close the
  ``<script>`` element.

Layout and size
---------------
The layout is computed here, in Python, and the page runs with physics
disabled, so a graph of several thousand nodes opens at once.  The layout is
a Fruchterman–Reingold force layout (numpy, fixed seed) of the structural
graph -- every edge except ``MENTIONED_IN``/``FROM`` -- done per connected
component; the components are then packed in rows, largest first, with
singletons (Documents included) in a grid after them; a last pass pushes
apart nodes that would sit on each other's labels.  Its cost grows with
the square of the largest component, so the number of iterations drops for
large components (a few seconds for a 2,500-node graph on one core; quality
degrades gracefully), and a component of more than ``_FR_MAX_NODES`` nodes
is placed on a sunflower spiral by degree instead (hubs in the middle): the
page stays usable, the picture is less informative.

Output is deterministic: nodes and edges are sorted, the seed is fixed,
coordinates are rounded to whole pixels and nothing time-dependent is
written, so the same graph gives a byte-identical file.

The page exposes ``window.kgNetwork`` (the ``vis.Network``), ``window.kgNodes``
and ``window.kgEdges`` (the DataSets), ``window.kgSearch(query)`` (returns the
selected ids) and ``window.kgDrawCount`` (incremented on every
``afterDrawing`` event) for tests and for scripting from the console.

Modules: ``style`` (colours, shapes, defaults), ``layout`` (positions),
``network`` (vis-network data and tooltips), ``render`` (the page), and the
template ``page.html``.
"""
from __future__ import annotations

from kg.viewer.render import render_viewer, write_viewer
from kg.viewer.style import DEFAULT_HIDDEN_LABELS, DEFAULT_HIDDEN_TYPES, EDGE_COLORS, NODE_STYLE

__all__ = ["write_viewer", "render_viewer", "NODE_STYLE", "EDGE_COLORS",
           "DEFAULT_HIDDEN_LABELS", "DEFAULT_HIDDEN_TYPES"]
