// Samples over time, one row per thread (CPU samples as bars, idle time faint; with the GIL switch
// on, the part of each bar during which the thread held the GIL in its own colour, from the
// timeline's per-thread gil[] where the server sends it), with drag to
// select a time range; the selected range is shaded and drives every other panel. Regions the
// program marked with the profiler API are drawn as labelled bars under the threads; a click on
// one selects its time range.
import { duration } from "./format.js";
import { prepareCanvas, themeColors } from "./canvas.js";

// The thread-name column; the parallelism panel's plot starts here too, on the same time axis.
export const LABEL_WIDTH = 120;
const MIN_ROW = 3, MAX_ROW = 16, LANE = 13, MAX_LANES = 3;

// Regions in lanes so that overlapping (nested) ones do not hide each other.
function laneRegions(regions) {
  const ends = [];
  return regions.slice().sort((a, b) => a.start_ns - b.start_ns).map((region) => {
    let lane = ends.findIndex((end) => end <= region.start_ns);
    if (lane < 0) lane = ends.length;
    ends[lane] = region.end_ns;
    return { ...region, lane };
  }).filter((region) => region.lane < MAX_LANES);
}

export class Timeline {
  constructor({ canvas, onRange }) {
    Object.assign(this, { canvas, onRange });
    this.data = null;
    this.drag = null;
    canvas.addEventListener("mousedown", (e) => {
      if (!this.data) return;
      const region = this.regionAt(e);
      if (region) {
        this.onRange(region.start_ns, Math.max(region.end_ns, region.start_ns + 1));
        return;
      }
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

  // data: {timeline, names (Map id -> name), selected thread ids|null, from, to, regions, gil}
  setData(data) {
    this.data = data;
    this.lanes = laneRegions(data.regions || []);
    this.draw();
  }

  laneCount() { return this.lanes.length ? Math.max(...this.lanes.map((r) => r.lane)) + 1 : 0; }

  // The region under the pointer, if the pointer is on the regions' strip.
  regionAt(e) {
    const r = this.canvas.getBoundingClientRect();
    const y = e.clientY - r.top, stripTop = this.canvas.clientHeight - 14 - this.laneCount() * LANE;
    if (y < stripTop || y >= stripTop + this.laneCount() * LANE) return null;
    const lane = Math.floor((y - stripTop) / LANE), x = e.clientX - r.left - LABEL_WIDTH;
    return this.lanes.find((region) => region.lane === lane && x >= this.xOf(region.start_ns) - 2 &&
                                        x <= this.xOf(region.end_ns) + 2) || null;
  }

  draw() {
    const { data } = this;
    const { ctx, height } = prepareCanvas(this.canvas);
    const color = themeColors();
    const { timeline, names, selected } = data;
    const rows = timeline.threads;
    const showGil = Boolean(data.gil) && rows.some((row) => Array.isArray(row.gil));
    this.gilDrawn = showGil;
    const axis = 14 + this.laneCount() * LANE;
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
        // The GIL held: the bottom part of the CPU bar, in its own colour.
        const gil = showGil && row.gil ? Math.min(row.gil[b], row.cpu[b]) / peak : 0;
        if (gil > 0) {
          ctx.fillStyle = color("--gil");
          ctx.fillRect(LABEL_WIDTH + b * binW, y + (rowH - 1) * (1 - gil), Math.max(binW, 1), (rowH - 1) * gil);
        }
      }
    });
    ctx.globalAlpha = 1;
    const stripTop = height - axis;
    if (this.lanes.length) {
      ctx.fillStyle = color("--muted");
      ctx.fillText("regions", 2, stripTop + LANE / 2);
    }
    for (const region of this.lanes) {
      const x0 = LABEL_WIDTH + this.xOf(region.start_ns), x1 = LABEL_WIDTH + this.xOf(region.end_ns);
      const y = stripTop + region.lane * LANE;
      ctx.fillStyle = color("--accent");
      ctx.globalAlpha = 0.35;
      ctx.fillRect(x0, y + 1, Math.max(2, x1 - x0), LANE - 2);
      ctx.globalAlpha = 1;
      ctx.fillStyle = color("--fg");
      if (x1 - x0 > 30) ctx.fillText(region.name.slice(0, Math.floor((x1 - x0 - 4) / 6)), x0 + 2, y + LANE / 2);
    }
    ctx.fillStyle = color("--muted");
    const seconds = (timeline.end_ns - timeline.start_ns) / 1e9;
    ctx.fillText("0", LABEL_WIDTH, height - 7);
    const end = duration(seconds);
    ctx.fillText(end, LABEL_WIDTH + plot - ctx.measureText(end).width - 2, height - 7);
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
