// Sunburst (snakeviz's default view): the zoomed node is the centre disc, each depth below it a
// ring, angles proportional to totals. Arcs thinner than a pixel at their outer edge are merged
// into one neutral arc per parent, as the flame chart does with boxes.
import { elide } from "./canvas.js";

const TAU = 2 * Math.PI;
const MIN_ARC_PX = 1;
const MIN_RING_PX = 16;
const MIN_CENTRE_PX = 28;

class ArcHits {
  constructor(cx, cy, inner, ring) {
    Object.assign(this, { cx, cy, inner, ring, items: [] });
  }
  add(node, level, a0, a1) { this.items.push({ node, level, a0, a1 }); }
  at(x, y) {
    const dx = x - this.cx, dy = y - this.cy;
    const r = Math.hypot(dx, dy);
    if (r < this.inner) return this.items.length ? this.items[0].node : -1;
    const level = Math.floor((r - this.inner) / this.ring) + 1;
    let a = Math.atan2(dy, dx) + Math.PI / 2;
    if (a < 0) a += TAU;
    for (const arc of this.items) if (arc.level === level && a >= arc.a0 && a < arc.a1) return arc.node;
    return -1;
  }
  // Where a drawn arc's middle is, and how wide it is there.
  centerOf(arc) {
    if (arc.level === 0) return { x: this.cx, y: this.cy, w: 2 * this.inner };
    const r = this.inner + (arc.level - 0.5) * this.ring;
    const a = (arc.a0 + arc.a1) / 2 - Math.PI / 2;
    return { x: this.cx + r * Math.cos(a), y: this.cy + r * Math.sin(a), w: (arc.a1 - arc.a0) * r };
  }
}

export function paintSunburst(ctx, scene) {
  const { tree, width, height, depthLimit } = scene;
  const zoom = tree.zoomNode;
  const zoomTotal = tree.width[zoom] || 1;
  const cx = width / 2, cy = height / 2;
  const radius = Math.max(10, Math.min(width, height) / 2 - 4);
  const deepest = tree.maxDepth - tree.depth[zoom];
  // As many rings as fit at a readable width; the depth control or a zoom shows deeper levels.
  const fit = Math.max(1, Math.floor((radius - MIN_CENTRE_PX) / MIN_RING_PX));
  const rings = Math.max(1, Math.min(fit, depthLimit || fit, deepest));
  const inner = Math.max(MIN_CENTRE_PX, radius / (rings + 1));
  const ring = (radius - inner) / rings;
  const hits = new ArcHits(cx, cy, inner, ring);

  ctx.beginPath();
  ctx.arc(cx, cy, inner - 1, 0, TAU);
  ctx.fillStyle = scene.fill(zoom);
  ctx.fill();
  hits.add(zoom, 0, 0, TAU);
  ctx.fillStyle = scene.palette.text();
  ctx.font = "12px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(elide(scene.label(zoom), 2 * inner - 8), cx, cy);
  ctx.textAlign = "start";

  const arc = (node, level, a0, a1, fill) => {
    const r0 = inner + (level - 1) * ring, r1 = r0 + ring - 1;
    ctx.beginPath();
    ctx.arc(cx, cy, r1, a0 - Math.PI / 2, a1 - Math.PI / 2);
    ctx.arc(cx, cy, r0, a1 - Math.PI / 2, a0 - Math.PI / 2, true);
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
    if (node >= 0 && scene.isSelected(node)) {
      ctx.strokeStyle = scene.palette.selected();
      ctx.lineWidth = 2;
      ctx.stroke();
    }
  };

  const stack = [[zoom, 0, 0]];
  while (stack.length) {
    const [node, level, start] = stack.pop();
    const next = level + 1;
    if (next > rings) continue;
    const outer = inner + next * ring;
    let a = start;
    let mergedFrom = -1;
    for (const child of tree.children(node)) {
      const span = (tree.width[child] / zoomTotal) * TAU;
      if (span * outer < MIN_ARC_PX) {
        if (mergedFrom < 0) mergedFrom = a;
      } else {
        arc(child, next, a, a + span, scene.fill(child));
        hits.add(child, next, a, a + span);
        stack.push([child, next, a]);
      }
      a += span;
    }
    if (mergedFrom >= 0 && (a - mergedFrom) * outer >= 0.5) arc(-1, next, mergedFrom, a, scene.palette.neutral());
  }
  return hits;
}
