// The chart panel: a canvas sized to its box (never taller than the viewport), the view's painter,
// the hover tooltip, click to zoom, the wheel to scroll deep icicles, and the breadcrumbs.
import { paintFlame, rowsVisible } from "./flame_chart.js";
import { paintSunburst } from "./sunburst_chart.js";
import { ROOT_FRAME, MERGED_FRAME } from "./tree.js";
import { escapeHtml, percent, weightText, basename } from "./format.js";
import { prepareCanvas } from "./canvas.js";
import { gilText } from "./function_table.js";

export class ChartView {
  constructor({ canvas, tooltip, breadcrumbs, onZoom }) {
    Object.assign(this, { canvas, tooltip, breadcrumbs, onZoom });
    this.data = null;
    this.hits = null;
    this.scroll = 0;
    canvas.addEventListener("mousemove", (e) => this.hover(e));
    canvas.addEventListener("mouseleave", () => { this.tooltip.hidden = true; });
    canvas.addEventListener("click", (e) => {
      const node = this.nodeAt(e);
      if (node >= 0 && this.data.tree.frame[node] !== MERGED_FRAME) this.onZoom(node);
    });
    canvas.addEventListener("wheel", (e) => this.wheel(e), { passive: false });
    new ResizeObserver(() => { if (this.data) this.draw(); }).observe(canvas);
  }

  // data: {tree, frames, palette, view, depthLimit, highlight: Set|null, selected, weight, secondsPerWeight,
  //        gil: frame -> the function's GIL percent or null,
  //        comparison: diff.js Comparison with --diff (the tooltip shows both sides) or null,
  //        nodeColor: node -> colour, when colours follow the call path (the change) rather than the frame}
  setData(data) {
    if (!this.data || this.data.tree !== data.tree || this.data.view !== data.view) this.scroll = 0;
    this.data = data;
    this.draw();
    this.renderBreadcrumbs();
  }

  label(node) {
    const frame = this.data.tree.frame[node];
    if (frame === ROOT_FRAME) return "all";
    if (frame === MERGED_FRAME) return "(frames below the cutoff)";
    return this.data.frames.name[frame];
  }

  draw() {
    const { data } = this;
    const { ctx, width, height } = prepareCanvas(this.canvas);
    const { tree, palette, highlight, selected } = data;
    const scene = {
      tree, palette, width, height, scroll: this.scroll, depthLimit: data.depthLimit,
      flip: data.view === "flame",
      label: (node) => this.label(node),
      fill: (node) => {
        const frame = tree.frame[node];
        if (frame < 0) return palette.neutral();
        if (highlight && !highlight.has(frame)) return palette.dimmed();
        return data.nodeColor ? data.nodeColor(node) : data.frameColor(frame);
      },
      isSelected: (node) => selected !== null && tree.frame[node] === selected,
    };
    this.hits = data.view === "sunburst" ? paintSunburst(ctx, scene) : paintFlame(ctx, scene);
  }

  wheel(e) {
    if (!this.data || this.data.view === "sunburst") return;
    const rows = rowsVisible(this.canvas.clientHeight);
    const maxScroll = Math.max(0, this.data.tree.maxDepth + 1 - rows);
    if (maxScroll === 0) return;
    e.preventDefault();
    const step = (e.deltaY > 0 ? 1 : -1) * (this.data.view === "flame" ? -1 : 1) * 3;
    const next = Math.min(maxScroll, Math.max(0, this.scroll + step));
    if (next !== this.scroll) {
      this.scroll = next;
      this.draw();
    }
  }

  nodeAt(e) {
    if (!this.hits) return -1;
    const r = this.canvas.getBoundingClientRect();
    return this.hits.at(e.clientX - r.left, e.clientY - r.top);
  }

  hover(e) {
    const node = this.nodeAt(e);
    const tip = this.tooltip;
    if (node < 0) {
      tip.hidden = true;
      this.canvas.style.cursor = "default";
      return;
    }
    this.canvas.style.cursor = "pointer";
    tip.innerHTML = this.describe(node);
    tip.hidden = false;
    const x = Math.min(e.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    const y = e.clientY + 18 + tip.offsetHeight > window.innerHeight ? e.clientY - tip.offsetHeight - 10 : e.clientY + 18;
    tip.style.left = `${Math.max(4, x)}px`;
    tip.style.top = `${Math.max(4, y)}px`;
  }

  describe(node) {
    const { tree, frames, weight, secondsPerWeight } = this.data;
    const frame = tree.frame[node];
    const parent = tree.parent[node];
    const python = frame >= 0 && frames.language && frames.language[frame] === "python";
    const lines = [`<b>${escapeHtml(this.label(node))}</b>` + (python ? ` <span class="lang">Python</span>` : "")];
    if (frame >= 0) {
      const file = frames.file[frame] >= 0 ? frames.files[frames.file[frame]] : "";
      const module = frames.module[frame] >= 0 ? basename(frames.modules[frames.module[frame]]) : "";
      const where = file ? `${file}:${frames.line[frame]}` : module || "unknown location";
      lines.push(`<span class="muted">${escapeHtml(where)}${file && module ? " · " + escapeHtml(module) : ""}</span>`);
    }
    const total = tree.total[node], self = tree.self[node];
    if (this.data.comparison && tree.compared) {
      lines.push(...this.describeChange(node));
    } else {
      lines.push(`total ${weightText(total, secondsPerWeight)} · ${percent(total, weight)} of all` +
                 (parent >= 0 ? ` · ${percent(total, tree.total[parent])} of parent` : ""));
      lines.push(`self ${weightText(self, secondsPerWeight)} · ${percent(self, weight)} of all`);
    }
    // The function's GIL share over the whole selection (the table's GIL % column), not this
    // call path's: the API gives it per function.
    const gil = frame >= 0 && this.data.gil ? this.data.gil(frame) : null;
    if (gil !== null) lines.push(`<span data-testid="tooltip-gil">GIL held ${gilText(gil)} of its on-CPU time</span>`);
    return lines.join("<br>");
  }

  // Both sides of a compared node and the change, each number in its own element for the tests.
  describeChange(node) {
    const { tree, comparison: c } = this.data;
    const span = (id, text) => `<span data-testid="${id}">${escapeHtml(text)}</span>`;
    const row = (what, after, before) =>
      `${what} ${span(`tooltip-${what}-after`, c.text(after))} · before ${span(`tooltip-${what}-before`, c.text(before))}` +
      ` · change ${span(`tooltip-${what}-change`, c.signedText(after - before))} (${c.relativeText(before, after)})`;
    const lines = [];
    if (tree.isGone(node)) lines.push(`<span class="gone">gone: only in BASE</span>`);
    lines.push(row("total", c.next(tree.total[node]), c.base(tree.baseTotal[node])));
    lines.push(row("self", c.next(tree.self[node]), c.base(tree.baseSelf[node])));
    return lines;
  }

  renderBreadcrumbs() {
    const { tree } = this.data;
    const nav = this.breadcrumbs;
    nav.replaceChildren();
    tree.ancestry(tree.zoomNode).forEach((node, i) => {
      if (i) nav.append(Object.assign(document.createElement("span"), { className: "sep", textContent: "›" }));
      const crumb = document.createElement("button");
      crumb.type = "button";
      crumb.dataset.testid = "crumb";
      crumb.textContent = this.label(node);
      crumb.title = `Zoom to ${crumb.textContent}`;
      crumb.addEventListener("click", () => this.onZoom(node));
      nav.append(crumb);
    });
  }

  // Test hook: page coordinates of the widest drawn node whose name contains `text`.
  locate(text) {
    if (!this.hits) return null;
    const r = this.canvas.getBoundingClientRect();
    let best = null;
    for (const item of this.hits.items) {
      if (item.node < 0 || !this.label(item.node).includes(text)) continue;
      const c = this.hits.centerOf(item);
      if (!best || c.w > best.w) best = c;
    }
    return best && { x: r.left + best.x, y: r.top + best.y };
  }
}
