// Threads and processes with their CPU time; all merged (no selection) or a chosen subset.
// A job merged from several hosts lists its processes by host, each named by its role
// (/api/threads: `host`, `role`: "dask-worker", "spawn worker", the script, ...).
import { escapeHtml, weightText, basename } from "./format.js";

export class ThreadsPanel {
  constructor({ element, onChange }) {
    Object.assign(this, { element, onChange });
    this.threads = [];
    element.addEventListener("change", (e) => {
      if (e.target.dataset.testid === "threads-all") {
        this.onChange(null);
        return;
      }
      const checked = [...element.querySelectorAll('input[data-testid="thread-toggle"]')]
        .filter((box) => box.checked).map((box) => Number(box.dataset.thread));
      this.onChange(checked.length === this.threads.length ? null : checked);
    });
  }

  // json: /api/threads for the whole run (names, pids); selected: ids or null for all.
  render(json, selected, secondsPerWeight) {
    this.threads = json.threads;
    const byProcess = new Map();
    for (const t of json.threads) {
      if (!byProcess.has(t.process)) byProcess.set(t.process, []);
      byProcess.get(t.process).push(t);
    }
    const isOn = (t) => selected === null || selected.includes(t.id);
    const hostOf = (process) => (json.processes[process] && json.processes[process].host) || "";
    const hosts = new Set(json.processes.map((p) => p.host || ""));
    const groups = [...byProcess].sort((a, b) => hostOf(a[0]).localeCompare(hostOf(b[0])));
    const label = (p) => {
      const exe = basename(p.executable || "");
      const role = p.role && p.role !== exe ? ` [${escapeHtml(p.role)}]` : "";
      const host = hosts.size > 1 ? `<span class="host">${escapeHtml(p.host || "?")}</span> ` : "";
      return `${host}pid ${p.pid} ${escapeHtml(exe)}${role}`;
    };
    let html = `<label><input type="checkbox" data-testid="threads-all"${selected === null ? " checked disabled" : ""}> all threads merged</label>`;
    for (const [process, threads] of groups) {
      const p = json.processes[process];
      if (byProcess.size > 1 || json.processes.length > 1) {
        html += `<div class="process" data-testid="process-row">${p ? label(p) : "unknown process"}</div>`;
      }
      for (const t of threads) {
        html += `<label data-testid="thread-row"><input type="checkbox" data-testid="thread-toggle" data-thread="${t.id}"${isOn(t) ? " checked" : ""}>` +
                `<span class="share">${weightText(t.cpu_weight, secondsPerWeight)}</span>` +
                `${escapeHtml(t.name || "(unnamed)")} <span class="muted">tid ${t.tid}</span></label>`;
      }
    }
    this.element.innerHTML = html;
  }
}
