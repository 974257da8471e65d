// Icicle (root on top) and flame graph (root at the bottom): one drawing, two orientations.
// Rows are tree depths; the zoomed node and its ancestors span the full width; a node's children
// share its width in proportion to their totals. Only what is visible is drawn: subtrees narrower
// than a pixel or below the last visible row are skipped, and a parent's sub-pixel children
// (the lightest, last in order) are drawn as one neutral box.

import { elide } from "./canvas.js";

export const ROW_HEIGHT = 18;
const MIN_WIDTH = 1;

class BoxHits {
  constructor() { this.items = []; }
  add(node, x, y, w, h) { this.items.push({ node, x, y, w, h }); }
  at(x, y) {
    for (const b of this.items) if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h) return b.node;
    return -1;
  }
  centerOf(b) { return { x: b.x + b.w / 2, y: b.y + b.h / 2, w: b.w }; }
}

export function rowsVisible(height) { return Math.max(1, Math.floor(height / ROW_HEIGHT)); }

export function paintFlame(ctx, scene) {
  const { tree, width, height, flip, scroll } = scene;
  const hits = new BoxHits();
  const zoom = tree.zoomNode;
  const zoomTotal = tree.width[zoom] || 1;
  const lastRow = scroll + rowsVisible(height);
  const rowY = (depth) => (flip ? height - (depth - scroll + 1) * ROW_HEIGHT : (depth - scroll) * ROW_HEIGHT);
  ctx.font = "12px system-ui, sans-serif";
  ctx.textBaseline = "middle";

  const box = (node, x, w, depth) => {
    if (depth < scroll || depth >= lastRow) return;
    const y = rowY(depth);
    ctx.fillStyle = scene.fill(node);
    ctx.fillRect(x, y, Math.max(w - 1, 0.5), ROW_HEIGHT - 1);
    if (scene.isSelected(node)) {
      ctx.strokeStyle = scene.palette.selected();
      ctx.lineWidth = 2;
      ctx.strokeRect(x + 1, y + 1, Math.max(w - 3, 0.5), ROW_HEIGHT - 3);
    }
    if (w > 24) {
      ctx.fillStyle = scene.palette.text();
      ctx.fillText(elide(scene.label(node), w - 6), x + 3, y + ROW_HEIGHT / 2);
    }
    hits.add(node, x, y, w, ROW_HEIGHT);
  };

  for (const node of tree.ancestry(zoom)) box(node, 0, width, tree.depth[node]);
  const stack = [[zoom, 0]];
  while (stack.length) {
    const [node, x0] = stack.pop();
    const depth = tree.depth[node] + 1;
    if (depth >= lastRow) continue;
    let x = x0;
    let mergedFrom = -1;
    for (const child of tree.children(node)) {
      const w = (tree.width[child] / zoomTotal) * width;
      if (w < MIN_WIDTH) {
        if (mergedFrom < 0) mergedFrom = x;
      } else {
        box(child, x, w, depth);
        stack.push([child, x]);
      }
      x += w;
    }
    if (mergedFrom >= 0 && x - mergedFrom >= 0.5 && depth >= scroll) {
      ctx.fillStyle = scene.palette.neutral();
      ctx.fillRect(mergedFrom, rowY(depth), x - mergedFrom, ROW_HEIGHT - 1);
    }
  }
  return hits;
}
