// The stats table: pstats' columns (ncalls, tottime, percall, cumtime, percall, function) plus
// self % and total %, and for profiles with Python the GIL share (percent of the function's
// on-CPU time in Python threads during which the GIL was held, as the API gives it; the column is
// hidden when no row has one), sortable by any column, filterable by text. With --diff: BASE's
// tottime and cumtime and the changes (NEW minus BASE; sorted by size, largest first when
// descending), rows only one side has marked new or gone. At most MAX_ROWS rows are put
// in the DOM; the filter narrows the rest.
import { escapeHtml, percent, seconds, basename } from "./format.js";

const MAX_ROWS = 300;

const TEXT_KEYS = new Set(["name", "location"]);
const MAGNITUDE_KEYS = new Set(["delta_self", "delta_total"]);

// The API's gil_percent as the table and the tooltip show it; "–" when unknown.
export function gilText(value) {
  return value === null || value === undefined ? "–" : percent(value, 100);
}

export class FunctionTable {
  constructor({ table, count, onSelect, onZoomTo, onSort }) {
    Object.assign(this, { table, count, onSelect, onZoomTo, onSort });
    this.rows = [];
    this.tbody = table.tBodies[0];
    table.tHead.addEventListener("click", (e) => {
      const th = e.target.closest("th[data-sort]");
      if (th) this.onSort(th.dataset.sort);
    });
    this.tbody.addEventListener("click", (e) => {
      const tr = e.target.closest("tr[data-frame]");
      if (tr) this.onSelect(Number(tr.dataset.frame));
    });
    this.tbody.addEventListener("dblclick", (e) => {
      const tr = e.target.closest("tr[data-frame]");
      if (tr) this.onZoomTo(Number(tr.dataset.frame));
    });
  }

  // comparison: diff.js Comparison, with --diff (json then has the base_* columns), else null.
  setData(json, frames, secondsPerWeight, comparison = null) {
    if (json === this.json) return;  // a cached answer: the rows are already built
    this.json = json;
    const compared = Boolean(comparison && json.base_total);
    const weight = json.weight || 0;
    this.rows = json.frame.map((frame, i) => {
      const file = frames.file[frame] >= 0 ? frames.files[frames.file[frame]] : "";
      const module = frames.module[frame] >= 0 ? basename(frames.modules[frames.module[frame]]) : "";
      // Sampled profiles have no call counts: like pprof-stats, ncalls shows the samples.
      const calls = json.calls[i] ?? json.total[i], primitive = json.primitive_calls[i] ?? json.total[i];
      // Times in seconds, or in samples when the profile has no period (collapsed stacks);
      // the order is the same either way.
      const self = secondsPerWeight ? json.self_seconds[i] : json.self[i];
      const total = secondsPerWeight ? json.total_seconds[i] : json.total[i];
      return {
        frame,
        name: frames.name[frame],
        location: file ? `${file}:${frames.line[frame]}` : module,
        calls,
        callsText: calls === primitive ? String(calls) : `${calls}/${primitive}`,
        self, total,
        self_percall: calls ? self / calls : null,
        total_percall: primitive ? total / primitive : null,
        self_pct: weight ? (100 * json.self[i]) / weight : 0,
        total_pct: weight ? (100 * json.total[i]) / weight : 0,
        selfWeight: json.self[i], totalWeight: json.total[i],
        gil: json.gil_percent ? json.gil_percent[i] ?? null : null,
        language: json.language ? json.language[i] : "native",
        ...(compared ? this.compare(json, i, comparison) : {}),
      };
    });
    this.comparison = compared ? comparison : null;
    this.table.classList.toggle("compared", compared);
    this.hasGil = this.rows.some((r) => r.gil !== null);
    this.table.classList.toggle("no-gil", !this.hasGil);
    this.weight = weight;
    this.secondsPerWeight = secondsPerWeight;
  }

  // Both sides in the comparison's unit (seconds, or samples without a period).
  compare(json, i, c) {
    const timed = c.timed;
    const self = timed ? json.self_seconds[i] : json.self[i], total = timed ? json.total_seconds[i] : json.total[i];
    const baseSelf = timed ? json.base_self_seconds[i] : json.base_self[i];
    const baseTotal = timed ? json.base_total_seconds[i] : json.base_total[i];
    return {
      base_self: baseSelf, base_total: baseTotal,
      delta_self: self - baseSelf, delta_total: total - baseTotal,
      status: json.base_total[i] === 0 ? "new" : json.total[i] === 0 ? "gone" : "both",
    };
  }

  render({ sort, dir, filter, selected }) {
    const needle = filter.toLowerCase();
    let rows = needle ? this.rows.filter((r) => r.name.toLowerCase().includes(needle) || r.location.toLowerCase().includes(needle)) : this.rows.slice();
    const sign = dir === "asc" ? 1 : -1;
    const text = TEXT_KEYS.has(sort);
    const size = MAGNITUDE_KEYS.has(sort) ? Math.abs : (v) => v;
    rows.sort((a, b) => {
      const x = a[sort] === undefined || a[sort] === null ? null : size(a[sort]);
      const y = b[sort] === undefined || b[sort] === null ? null : size(b[sort]);
      if (x === y) return a.frame - b.frame;
      if (x === null) return 1;  // unknown values last in either direction
      if (y === null) return -1;
      return sign * (text ? x.localeCompare(y) : x - y);
    });
    for (const th of this.table.tHead.querySelectorAll("th[data-sort]")) {
      th.setAttribute("aria-sort", th.dataset.sort === sort ? (dir === "asc" ? "ascending" : "descending") : "none");
    }
    const shown = rows.slice(0, MAX_ROWS);
    if (selected !== null && !shown.some((r) => r.frame === selected)) {
      const row = rows.find((r) => r.frame === selected);
      if (row) shown.push(row);
    }
    const cell = (value) => (value === null ? "–" : this.secondsPerWeight ? seconds(value) : String(+value.toPrecision(4)));
    const c = this.comparison;
    // The comparison's own formats without the unit: the header says seconds or samples.
    const unit = (value) => c.text(value).replace(/ (s|samples)$/, "");
    const change = (value) =>
      `<td class="diff ${value > 0 ? "grew" : value < 0 ? "shrank" : ""}">${c.signedText(value).replace(/ (s|samples)$/, "")}</td>`;
    const diffCells = (r) => (c
      ? `<td class="diff">${unit(r.base_self)}</td>${change(r.delta_self)}<td class="diff">${unit(r.base_total)}</td>${change(r.delta_total)}`
      : `<td class="diff"></td>`.repeat(4));  // one cell per header, hidden without --diff
    const status = (r) => (c && r.status !== "both" ? ` <span class="status ${r.status}">${r.status}</span>` : "");
    this.tbody.innerHTML = shown.map((r) =>
      `<tr data-testid="function-row" data-frame="${r.frame}" data-language="${r.language}"` +
      `${c ? ` data-status="${r.status}"` : ""} aria-selected="${r.frame === selected}">` +
      `<td>${r.callsText}</td><td>${cell(r.self)}</td><td>${cell(r.self_percall)}</td>` +
      `<td>${cell(r.total)}</td><td>${cell(r.total_percall)}</td>` +
      `<td>${percent(r.selfWeight, this.weight)}</td><td>${percent(r.totalWeight, this.weight)}</td>` +
      diffCells(r) +
      `<td class="gil">${gilText(r.gil)}</td>` +
      `<td class="name" title="${escapeHtml(r.name)}">${escapeHtml(r.name)}${status(r)}</td>` +
      `<td class="location" title="${escapeHtml(r.location)}">${escapeHtml(r.location)}</td></tr>`).join("");
    this.count.textContent = rows.length > MAX_ROWS
      ? `${MAX_ROWS} of ${rows.length} rows shown; filter to narrow`
      : `${rows.length} of ${this.rows.length} functions`;
  }
}
