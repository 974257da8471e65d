// The parallelism panel: the advisor's summary (wall, CPU, average parallelism, serial fraction,
// Amdahl bound), threads busy over time in idle / serial / parallel bands, aligned with the
// timeline below it, and the ranked candidates; a click on a candidate selects its function.
import { escapeHtml, basename } from "./format.js";
import { prepareCanvas, themeColors } from "./canvas.js";
import { LABEL_WIDTH } from "./timeline.js";

const SERIAL_BELOW = 1.5; // as the server's analysis (viewer/analysis/parallelism.h)

export class ParallelismPanel {
  constructor({ summary, canvas, table, onSelect }) {
    Object.assign(this, { summary, canvas, table, onSelect });
    this.data = null;
    table.tBodies[0].addEventListener("click", (e) => {
      const tr = e.target.closest("tr[data-frame]");
      if (tr) this.onSelect(Number(tr.dataset.frame));
    });
    new ResizeObserver(() => { if (this.data) this.draw(); }).observe(canvas);
  }

  setData(json) {
    this.data = json;
    this.renderSummary();
    this.renderTable(null);
    this.draw();
  }

  renderSummary() {
    const d = this.data;
    if (!d.has_time) {
      this.summary.textContent = `No advice: ${d.warning}`;
      return;
    }
    const bound = Object.entries(d.amdahl_bound).map(([n, x]) => `${n} cores ${x.toFixed(2)}×`).join(", ");
    this.summary.innerHTML =
      `wall ${d.wall_seconds.toFixed(3)} s · CPU ${d.cpu_seconds.toFixed(3)} s` +
      (d.mode === "wall" ? ` · waiting ${d.waiting_seconds.toFixed(3)} s` : "") +
      ` · average parallelism <b>${d.average_parallelism.toFixed(2)}</b>` +
      ` · serial fraction <b>${d.serial_fraction.toFixed(2)}</b> · Amdahl bound ${bound}` +
      (d.warning ? `<br><span class="muted">${escapeHtml(d.warning)}</span>` : "");
  }

  renderTable(selected) {
    const rows = this.data.has_time ? this.data.candidates : [];
    this.table.tBodies[0].innerHTML = rows.length ? rows.map((c, i) => {
      const speed = (n) => (c.predicted_speedup[n] ? c.predicted_speedup[n].toFixed(2) + "×" : "–");
      const where = c.file ? `${basename(c.file)}:${c.line}` : "";
      return `<tr data-testid="candidate-row" data-frame="${c.frame}" aria-selected="${c.frame === selected}" title="${escapeHtml(c.advice)}">` +
        `<td>${i + 1}</td><td>${escapeHtml(c.name)} <span class="muted">${escapeHtml(where)}</span></td>` +
        `<td>${c.serial_seconds.toFixed(3)}</td><td>${c.total_seconds.toFixed(3)}</td><td>${c.threads}</td>` +
        `<td>${speed("2")}</td><td>${speed("4")}</td><td>${speed("8")}</td>` +
        `<td>${c.kind === "cpu" ? "CPU: processes / threads" : "waiting: threads / async"}</td></tr>`;
    }).join("") : `<tr><td colspan="9" class="muted">no candidate: no function outside the threads' entry points has serial time</td></tr>`;
  }

  // Share of a frame's time that was serial, or null when unknown.
  serialShare(frame) {
    const share = this.data && this.data.frame_serial_share ? this.data.frame_serial_share[frame] : undefined;
    return share === undefined || share < 0 ? null : share;
  }

  draw() {
    const d = this.data;
    const { ctx, width, height } = prepareCanvas(this.canvas);
    if (!d.has_time) return;
    const color = themeColors();
    const { running, waiting } = d.concurrency;
    const bins = running.length;
    let peak = Math.max(2, d.cores);
    for (let b = 0; b < bins; ++b) peak = Math.max(peak, running[b] + waiting[b]);
    const plot = Math.max(1, width - LABEL_WIDTH);
    const scale = (height - 2) / peak;
    // Many bins share a pixel on long runs: each pixel column shows its busiest bin.
    for (let x = 0; x < plot; ++x) {
      const b0 = Math.floor((x / plot) * bins), b1 = Math.max(b0 + 1, Math.floor(((x + 1) / plot) * bins));
      let run = 0, wait = 0;
      for (let b = b0; b < b1 && b < bins; ++b) {
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

