"""The viewer's layout, computed in Python so the page opens with physics off:
Fruchterman–Reingold per connected component (numpy, fixed seed), components
packed in rows, singletons in a grid, and a pass that pushes apart nodes that
would sit on each other's labels (see ``kg.viewer``)."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

from kg.viewer.style import _FR_MAX_NODES, _SEED, _SPREAD_MAX_NODES

def _fruchterman_reingold(n: int, edges: np.ndarray, seed: int) -> np.ndarray:
    """Dense FR layout in the unit square; repulsion computed in row blocks."""
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    if n == 1:
        return pos
    k = 1.0 / math.sqrt(n)
    # cost ~ n^2 per iteration: keep n^2 * iterations around 4e8 (a few seconds)
    iterations = int(max(10, min(50, 4e8 / (n * n))))
    temp = 0.1
    cool = temp / (iterations + 1)
    block = max(1, 1_000_000 // n)
    k2 = k * k
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (None, None)
    for _ in range(iterations):
        x = pos[:, 0]
        y = pos[:, 1]
        disp = np.zeros((n, 2))
        for s in range(0, n, block):
            dx = x[s:s + block, None] - x[None, :]
            dy = y[s:s + block, None] - y[None, :]
            d2 = dx * dx
            d2 += dy * dy
            np.maximum(d2, 1e-9, out=d2)
            np.divide(k2, d2, out=d2)
            disp[s:s + block, 0] += (dx * d2).sum(axis=1)
            disp[s:s + block, 1] += (dy * d2).sum(axis=1)
        if src is not None:
            delta = pos[src] - pos[dst]
            dist = np.sqrt((delta * delta).sum(axis=1))
            force = delta * (dist / k)[:, None]
            np.subtract.at(disp, src, force)
            np.add.at(disp, dst, force)
        length = np.sqrt((disp * disp).sum(axis=1))
        np.maximum(length, 1e-9, out=length)
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp -= cool
    return pos


def _spread(coords: np.ndarray, dmin: float, rounds: int = 40) -> np.ndarray:
    """Push apart nodes closer than ``dmin`` (pixels) so labels stay readable."""
    n = len(coords)
    if n < 2 or n > _SPREAD_MAX_NODES:
        return coords
    pos = coords.copy()
    block = max(1, 1_000_000 // n)
    # a fixed tiny offset per node breaks ties between coincident points
    jitter = np.stack([np.cos(np.arange(n) * 2.399963), np.sin(np.arange(n) * 2.399963)], axis=1)
    for _ in range(rounds):
        x = pos[:, 0]
        y = pos[:, 1]
        move = np.zeros_like(pos)
        worst = 0.0
        for s in range(0, n, block):
            dx = x[s:s + block, None] - x[None, :]
            dy = y[s:s + block, None] - y[None, :]
            d = np.sqrt(dx * dx + dy * dy)
            rows = np.arange(s, min(n, s + block))
            d[rows - s, rows] = np.inf
            overlap = np.clip(dmin - d, 0.0, None)
            if not overlap.any():
                continue
            worst = max(worst, float(overlap.max()))
            safe = np.maximum(d, 1e-6)
            push = overlap / safe * 0.5
            move[s:s + block, 0] += (dx * push).sum(axis=1)
            move[s:s + block, 1] += (dy * push).sum(axis=1)
            stuck = (overlap > 0) & (d < 1e-6)
            if stuck.any():
                move[s:s + block] += jitter[rows] * stuck.sum(axis=1)[:, None] * dmin * 0.1
        if worst < 1.0:
            break
        pos += move
    return pos


def _layout(node_ids: list[str], edges: list[tuple[str, str]],
            spacing: float = 110.0) -> dict[str, tuple[int, int]]:
    """Deterministic positions (whole pixels) for every node."""
    if not node_ids:
        return {}
    H = nx.Graph()
    H.add_nodes_from(node_ids)
    H.add_edges_from((u, v) for u, v in edges if u != v)
    comps = [sorted(c) for c in nx.connected_components(H)]
    comps.sort(key=lambda c: (-len(c), c[0]))

    boxes = []  # (ids, local coords array, width, height)
    for ci, comp in enumerate(comps):
        n = len(comp)
        if n == 1:
            coords = np.zeros((1, 2))
        elif n > _FR_MAX_NODES:
            deg = dict(H.degree(comp))
            order = sorted(comp, key=lambda v: (-deg[v], v))
            rank = {v: i for i, v in enumerate(order)}
            idx = np.array([rank[v] for v in comp], dtype=np.float64)
            r = spacing * 0.6 * np.sqrt(idx + 0.5)
            a = idx * (math.pi * (3.0 - math.sqrt(5.0)))
            coords = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
        else:
            index = {v: i for i, v in enumerate(comp)}
            e = sorted({(min(index[u], index[v]), max(index[u], index[v]))
                        for u, v in H.subgraph(comp).edges()})
            raw = _fruchterman_reingold(n, np.array(e, dtype=np.int64).reshape(-1, 2),
                                        _SEED + ci)
            raw -= raw.mean(axis=0)
            radius = float(np.sqrt((raw ** 2).sum(axis=1)).max()) or 1.0
            target = spacing * math.sqrt(n) * 0.6 + spacing * 0.5
            # labels are wide: ask for more room horizontally than vertically
            aspect = np.array([0.6, 1.0])
            coords = _spread(raw * (target / radius) * aspect, spacing * 0.9) / aspect
        lo = coords.min(axis=0)
        coords = coords - lo
        w, h = (coords.max(axis=0) + spacing).tolist()
        boxes.append((comp, coords, w, h))

    total_area = sum(w * h for _, _, w, h in boxes)
    row_width = max(max(w for _, _, w, _ in boxes), math.sqrt(total_area) * 1.4)
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_h = 0.0
    for comp, coords, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for v, (cx, cy) in zip(comp, coords.tolist()):
            pos[v] = (cx + x, cy + y)
        x += w
        row_h = max(row_h, h)
    # centre on the origin, whole pixels
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {v: (int(round(px - mx)), int(round(py - my))) for v, (px, py) in pos.items()}


# --------------------------------------------------------------------------
# building the pyvis network
# --------------------------------------------------------------------------
