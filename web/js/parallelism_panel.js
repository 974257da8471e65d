// The parallelism panel: the advisor's answer for the page's selection (time range and threads,
// the same parameters as every other panel): its summary (what it covers, wall, CPU, average
// parallelism, serial fraction, the speedup ceiling, the GIL), threads busy over time in idle /
// serial / parallel bands on the timeline's time axis, and the ranked candidates with their call
// path, GIL share, predictions with threads and with processes, and where their serial time went;
// a click on a candidate selects its function.
import { escapeHtml, basename, duration, seconds } from "./format.js";
import { prepareCanvas, themeColors } from "./canvas.js";
import { LABEL_WIDTH } from "./timeline.js";

const SERIAL_BELOW = 1.5; // as the server's analysis (viewer/analysis/parallelism.h)
const CONTEXT_HEAD = 1, CONTEXT_TAIL = 2;  // call-path entries kept around the elided middle
const NAME_CHARS = 48;

const KIND_LABEL = {
  cpu: "CPU: processes / threads",
  waiting: "waiting: threads / async",
  gil: "holds the GIL: use processes",
};

// "ns::f(std::vector<...> const&, int)" -> "ns::f(...)", and at most NAME_CHARS characters.
export function shortName(name) {
  let out = String(name);
  if (out.endsWith(")")) {
    let depth = 0;
    for (let i = out.length - 1; i >= 0; --i) {
      if (out[i] === ")") ++depth;
      if (out[i] === "(" && --depth === 0) { if (i < out.length - 2) out = out.slice(0, i) + "(...)"; break; }
    }
  }
  return out.length > NAME_CHARS ? out.slice(0, NAME_CHARS - 1) + "…" : out;
}

// The callers of a candidate, root first, as a breadcrumb with the middle of a long path elided.
export function contextCrumbs(context) {
  const callers = (context || []).slice(0, -1);
  const kept = callers.length > CONTEXT_HEAD + CONTEXT_TAIL + 1
    ? [...callers.slice(0, CONTEXT_HEAD), "…", ...callers.slice(-CONTEXT_TAIL)] : callers;
  return kept.map((name) => (name === "…" ? name : shortName(name)));
}

const times = (x) => (Number.isFinite(x) ? x.toFixed(2) + "×" : "–");
const pct = (share) => (share === null || share === undefined ? "–" : `${Math.round(100 * share)}%`);

export class ParallelismPanel {
  constructor({ summary, canvas, table, onSelect }) {
    Object.assign(this, { summary, canvas, table, onSelect });
    this.data = null;
    this.names = new Map();        // thread id -> "name tid"
    this.axis = null;              // {start_ns, end_ns}: the timeline's, so the plots line up
    table.tBodies[0].addEventListener("click", (e) => {
      const tr = e.target.closest("tr[data-frame]");
      if (tr) this.onSelect(Number(tr.dataset.frame));
    });
    new ResizeObserver(() => { if (this.data) this.draw(); }).observe(canvas);
  }

  // names: Map thread id -> label; axis: the timeline's {start_ns, end_ns}.
  setContext({ names, axis }) {
    if (names) this.names = names;
    if (axis) this.axis = axis;
  }

  // A new selection is being analysed: say so, keep the old rows until the answer arrives.
  setLoading(selection) {
    this.summary.dataset.loading = "true";
    this.summary.innerHTML = `<span data-testid="parallelism-scope">${escapeHtml(this.scopeText(selection))}</span> · computing…`;
  }

  setData(json) {
    this.data = json;
    delete this.summary.dataset.loading;
    this.renderSummary();
    this.renderTable(null);
    this.draw();
  }

  // What the answer covers, from the selection it echoes ({threads, pid, from_ns, to_ns}).
  scopeText(selection) {
    const s = selection || {};
    const parts = [];
    parts.push(s.to_ns !== null && s.to_ns !== undefined
      ? `${duration((s.from_ns || 0) / 1e9)} – ${duration(s.to_ns / 1e9)}`
      : s.from_ns ? `from ${duration(s.from_ns / 1e9)}` : "whole run");
    if (s.threads === null || s.threads === undefined) {
      parts.push("all threads");
    } else if (s.threads.length === 0) {
      parts.push("no thread");
    } else if (s.threads.length <= 3) {
      parts.push((s.threads.length === 1 ? "thread " : "threads ") +
                 s.threads.map((id) => this.names.get(id) || `#${id}`).join(", "));
    } else {
      parts.push(`${s.threads.length} threads`);
    }
    if (s.pid !== null && s.pid !== undefined) parts.push(`pid ${s.pid}`);
    return parts.join(" · ");
  }

  renderSummary() {
    const d = this.data;
    const scope = `<span data-testid="parallelism-scope" title="${escapeHtml(this.threadList(d.selection))}">` +
      `${escapeHtml(this.scopeText(d.selection))}</span>`;
    if (!d.has_time) {
      this.summary.innerHTML = `${scope} · No advice: ${escapeHtml(d.warning || "")}`;
      return;
    }
    const ceiling = Object.entries(d.speedup_ceiling || {}).map(([n, x]) => `${n} cores ${times(x)}`).join(", ");
    const gil = d.gil
      ? ` · <span title="Wall time during which some thread held the GIL">GIL held <b data-testid="parallelism-gil">${pct(d.gil.held_share)}</b> of the wall (${seconds(d.gil.held_seconds)} s)</span>` +
        (d.gil.wait_seconds !== null && d.gil.wait_seconds !== undefined
          ? ` · GIL wait ${seconds(d.gil.wait_seconds)} s` : "")
      : "";
    this.summary.innerHTML =
      `${scope} · wall <b data-testid="parallelism-wall">${d.wall_seconds.toFixed(3)} s</b> · CPU ${d.cpu_seconds.toFixed(3)} s` +
      (d.mode === "wall" ? ` · waiting ${d.waiting_seconds.toFixed(3)} s` : "") +
      ` · average parallelism <b>${d.average_parallelism.toFixed(2)}</b>` +
      ` · serial fraction <b>${d.serial_fraction.toFixed(2)}</b>` +
      (Number.isFinite(d.serial_seconds) ? ` (${seconds(d.serial_seconds)} s)` : "") +
      ` · <span data-testid="parallelism-ceiling" title="The whole program's speedup if every serial second were spread over N cores: no candidate can exceed it">` +
      `ceiling (all serial time on N cores) ${ceiling}</span>` + gil +
      (d.warning ? `<br><span class="muted">${escapeHtml(d.warning)}</span>` : "");
  }

  threadList(selection) {
    if (!selection || !selection.threads) return "";
    return selection.threads.map((id) => this.names.get(id) || `#${id}`).join("\n");
  }

  // Core counts shown: 2 and this machine's.
  coreColumns() {
    const cores = Math.max(1, Number(this.data.cores) || 1);
    return cores > 2 ? ["2", String(cores)] : ["2"];
  }

  renderHead() {
    const cols = this.coreColumns();
    const pred = cols.map((n) =>
      `<th data-testid="pred-threads-${n}" title="The whole program's speedup if this function's serial work ran on ${n} threads (GIL-holding time stays serial)">${n} cores<br>threads</th>` +
      `<th data-testid="pred-processes-${n}" title="The whole program's speedup if this function's serial work ran in ${n} processes">${n} cores<br>processes</th>`).join("");
    const html = `<tr><th>#</th><th data-col="name">function</th><th>serial s</th><th>total s</th>` +
      `<th title="Share of the function's CPU time with the GIL held (Python threads only)">GIL %</th>${pred}<th class="kind">kind</th></tr>`;
    if (this.table.tHead.innerHTML !== html) this.table.tHead.innerHTML = html;
  }

  renderTable(selected) {
    if (!this.data) return;
    this.renderHead();
    const cols = this.coreColumns();
    const rows = this.data.has_time ? this.data.candidates : [];
    const span = 6 + 2 * cols.length;
    this.table.tBodies[0].innerHTML = rows.length ? rows.map((c, i) => {
      const speed = (table, n) => times(table && table[n]);
      const where = c.file ? `${basename(c.file)}:${c.line}` : "";
      const crumbs = contextCrumbs(c.context);
      const path = (c.context && c.context.length ? c.context : [c.name]).join(" › ");
      const callees = c.callees || [];
      const calleeText = (e) => `${shortName(e.name)}${e.inlined ? " (inlined)" : ""} ${e.serial_seconds.toFixed(3)} s`;
      const calleeLine = callees.length
        ? `<div class="callees muted" data-testid="candidate-callees" title="${escapeHtml(callees.map(calleeText).join("\n"))}">` +
          `mostly in ${escapeHtml(calleeText(callees[0]))}` +
          (callees.length > 1 ? `, then ${escapeHtml(calleeText(callees[1]))}` : "") + `</div>` : "";
      const nameTitle = `${path}${where ? `\n${c.file}:${c.line}` : ""}\nseen on ${c.threads} thread${c.threads === 1 ? "" : "s"}` +
        (callees.length ? `\nserial time in: ${callees.map(calleeText).join(", ")}` : "");
      return `<tr data-testid="candidate-row" data-frame="${c.frame}" data-kind="${escapeHtml(c.kind)}" aria-selected="${c.frame === selected}">` +
        `<td>${i + 1}</td>` +
        `<td class="candidate-name" title="${escapeHtml(nameTitle)}">` +
        (crumbs.length ? `<span class="context muted" data-testid="candidate-context">${crumbs.map(escapeHtml).join(" › ")} › </span>` : "") +
        `<span class="name">${escapeHtml(shortName(c.name))}</span> <span class="muted">${escapeHtml(where)}</span>${calleeLine}</td>` +
        `<td>${c.serial_seconds.toFixed(3)}</td><td>${c.total_seconds.toFixed(3)}</td>` +
        `<td data-testid="candidate-gil">${pct(c.gil_share)}</td>` +
        cols.map((n) => `<td>${speed(c.predicted_speedup_threads, n)}</td><td>${speed(c.predicted_speedup, n)}</td>`).join("") +
        `<td class="kind" data-testid="candidate-kind" title="${escapeHtml(c.advice || "")}">${escapeHtml(KIND_LABEL[c.kind] || c.kind)}</td></tr>`;
    }).join("") : `<tr><td colspan="${span}" class="muted empty">no candidate: no function outside the threads' entry points has serial time` +
      `${this.data.has_time ? " in this selection" : ""}</td></tr>`;
  }

  // Share of a frame's time that was serial, or null when unknown.
  serialShare(frame) {
    const share = this.data && this.data.frame_serial_share ? this.data.frame_serial_share[frame] : undefined;
    return share === undefined || share < 0 ? null : share;
  }

  draw() {
    const d = this.data;
    const { ctx, width, height } = prepareCanvas(this.canvas);
    if (!d || !d.has_time || !d.concurrency) return;
    const color = themeColors();
    const { running, waiting, bin_ns: binNs } = d.concurrency;
    const bins = running.length;
    let peak = Math.max(2, d.cores);
    for (let b = 0; b < bins; ++b) peak = Math.max(peak, running[b] + waiting[b]);
    const plot = Math.max(1, width - LABEL_WIDTH);
    const scale = (height - 2) / peak;
    // The bins start at the window's start; the x axis is the timeline's (the whole run), so a
    // range's bands sit under the range.
    const origin = (d.selection && d.selection.from_ns) || 0;
    const start = this.axis ? this.axis.start_ns : 0;
    const end = this.axis ? this.axis.end_ns : origin + bins * binNs;
    const nsPerPixel = Math.max(1, end - start) / plot;
    const binAt = (ns) => (ns - origin) / Math.max(1, binNs);
    // Many bins share a pixel on long runs: each pixel column shows its busiest bin.
    for (let x = 0; x < plot; ++x) {
      const lo = binAt(start + x * nsPerPixel), hi = binAt(start + (x + 1) * nsPerPixel);
      if (hi <= 0 || lo >= bins) continue;
      const b0 = Math.max(0, Math.floor(lo)), b1 = Math.min(bins, Math.max(b0 + 1, Math.ceil(hi)));
      let run = 0, wait = 0;
      for (let b = b0; b < b1; ++b) {
        if (running[b] + waiting[b] > run + wait) { run = running[b]; wait = waiting[b]; }
      }
      const active = run + wait;
      ctx.fillStyle = color(active < 0.05 ? "--idle" : active < SERIAL_BELOW ? "--serial" : "--parallel");
      const h = Math.max(2, active * scale);
      ctx.fillRect(LABEL_WIDTH + x, height - h, 1, h);
      if (wait > 0) {
        ctx.globalAlpha = 0.45;
        ctx.fillStyle = color("--bg");
        ctx.fillRect(LABEL_WIDTH + x, height - active * scale, 1, wait * scale);
        ctx.globalAlpha = 1;
      }
    }
    ctx.fillStyle = color("--muted");
    ctx.fillRect(LABEL_WIDTH, height - scale, plot, 1);  // one thread busy
    ctx.font = "11px system-ui, sans-serif";
    ctx.textBaseline = "top";
    ctx.fillText("threads busy", 2, 2);
    ctx.fillText(`idle · serial · parallel`, 2, 16);
    ctx.textBaseline = "bottom";
    ctx.fillText(`peak ${peak.toFixed(1)}`, 2, height - 2);
  }
}

// Red for frames whose time was all serial, green for all parallel.
export function serialColor(share, dark) {
  return `hsl(${Math.round(120 * (1 - share))} 65% ${dark ? 38 : 60}%)`;
}
