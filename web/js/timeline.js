// Samples over time, one row per thread (CPU samples as bars, idle time faint), with drag to
// select a time range; the selected range is shaded and drives every other panel.
import { duration } from "./format.js";

const MIN_ROW = 3, MAX_ROW = 16, LABEL_WIDTH = 120;

export class Timeline {
  constructor({ canvas, onRange }) {
    Object.assign(this, { canvas, onRange });
    this.data = null;
    this.drag = null;
    canvas.addEventListener("mousedown", (e) => {
      if (!this.data) return;
      this.drag = { from: this.xAt(e), to: this.xAt(e) };
    });
    window.addEventListener("mousemove", (e) => {
      if (!this.drag) return;
      this.drag.to = this.xAt(e);
      this.draw();
    });
    window.addEventListener("mouseup", () => {
      if (!this.drag) return;
      const { from, to } = this.drag;
      this.drag = null;
      const lo = Math.min(from, to), hi = Math.max(from, to);
      if (hi - lo < 2) { this.draw(); return; }  // a click, not a drag
      this.onRange(Math.floor(this.nsAt(lo)), Math.ceil(this.nsAt(hi)));
    });
    new ResizeObserver(() => { if (this.data) this.draw(); }).observe(canvas);
  }

  plotWidth() { return Math.max(1, this.canvas.clientWidth - LABEL_WIDTH); }

  xAt(e) {
    const r = this.canvas.getBoundingClientRect();
    return Math.min(this.plotWidth(), Math.max(0, e.clientX - r.left - LABEL_WIDTH));
  }

  nsAt(x) {
    const { start_ns, end_ns } = this.data.timeline;
    return start_ns + (x / this.plotWidth()) * (end_ns - start_ns);
  }

  xOf(ns) {
    const { start_ns, end_ns } = this.data.timeline;
    return ((ns - start_ns) / Math.max(1, end_ns - start_ns)) * this.plotWidth();
  }

  // data: {timeline, threads (names), selected thread ids|null, from, to}
  setData(data) {
    this.data = data;
    this.draw();
  }

  draw() {
    const { canvas, data } = this;
    const dpr = window.devicePixelRatio || 1;
    const width = canvas.clientWidth, height = canvas.clientHeight;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const css = getComputedStyle(document.documentElement);
    const color = (name) => css.getPropertyValue(name).trim();
    const { timeline, names, selected } = data;
    const rows = timeline.threads;
    const axis = 14;
    const rowH = Math.max(MIN_ROW, Math.min(MAX_ROW, Math.floor((height - axis) / Math.max(1, rows.length))));
    const plot = this.plotWidth();
    const binW = plot / Math.max(1, timeline.bins);
    let peak = 1;
    for (const row of rows) for (let b = 0; b < timeline.bins; ++b) peak = Math.max(peak, row.cpu[b] + row.idle[b]);
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "middle";
    rows.forEach((row, i) => {
      const y = i * rowH;
      if (y + rowH > height - axis) return;
      const on = selected === null || selected.includes(row.id);
      ctx.globalAlpha = on ? 1 : 0.3;
      if (rowH >= 10) {
        ctx.fillStyle = color("--fg");
        ctx.fillText((names.get(row.id) || `thread ${row.id}`).slice(0, 18), 2, y + rowH / 2);
      }
      for (let b = 0; b < timeline.bins; ++b) {
        const cpu = row.cpu[b] / peak, idle = row.idle[b] / peak;
        if (idle > 0) {
          ctx.fillStyle = color("--bar-idle");
          ctx.fillRect(LABEL_WIDTH + b * binW, y + (rowH - 1) * (1 - cpu - idle), Math.max(binW, 1), (rowH - 1) * idle);
        }
        if (cpu > 0) {
          ctx.fillStyle = color("--bar");
          ctx.fillRect(LABEL_WIDTH + b * binW, y + (rowH - 1) * (1 - cpu), Math.max(binW, 1), (rowH - 1) * cpu);
        }
      }
    });
    ctx.globalAlpha = 1;
    ctx.fillStyle = color("--muted");
    const seconds = (timeline.end_ns - timeline.start_ns) / 1e9;
    ctx.fillText("0", LABEL_WIDTH, height - axis / 2);
    const end = duration(seconds);
    ctx.fillText(end, LABEL_WIDTH + plot - ctx.measureText(end).width - 2, height - axis / 2);
    // The selected range: what lies outside it is faded, its edges marked.
    const shade = (x0, x1) => {
      const top = height - axis;
      ctx.globalAlpha = 0.65;
      ctx.fillStyle = color("--bg");
      ctx.fillRect(LABEL_WIDTH, 0, x0, top);
      ctx.fillRect(LABEL_WIDTH + x1, 0, plot - x1, top);
      ctx.globalAlpha = 1;
      ctx.fillStyle = color("--range");
      ctx.fillRect(LABEL_WIDTH + x0, 0, Math.max(1, x1 - x0), top);
      ctx.fillStyle = color("--accent");
      ctx.fillRect(LABEL_WIDTH + x0, 0, 1, top);
      ctx.fillRect(LABEL_WIDTH + x1 - 1, 0, 1, top);
    };
    if (this.drag) shade(Math.min(this.drag.from, this.drag.to), Math.max(this.drag.from, this.drag.to));
    else if (data.from !== null) shade(this.xOf(data.from), this.xOf(data.to));
  }
}
