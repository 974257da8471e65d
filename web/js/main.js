// Start-up and the render cycle. Every user action changes `state`, writes it to the URL and
// calls refresh(), which fetches what the state needs (api.js keeps answers by URL), draws every
// panel and then signals ready. A newer refresh makes an older one's answers moot.
import { cachedJson, getJson, selectionParams } from "./api.js";
import { FRAME_VIEWS, readState, writeState } from "./url_state.js";
import { CallTree } from "./tree.js";
import { FramePalette } from "./colors.js";
import { ChartView } from "./chart_view.js";
import { FunctionTable } from "./function_table.js";
import { Sandwich, SANDWICH_DEPTH } from "./sandwich.js";
import { ThreadsPanel } from "./threads_panel.js";
import { LABEL_WIDTH, Timeline } from "./timeline.js";
import { Help, installShortcuts } from "./help.js";
import { ParallelismPanel, serialColor } from "./parallelism_panel.js";
import { duration, percent } from "./format.js";
import { Comparison } from "./diff.js";

const $ = (id) => document.getElementById(id);
const root = document.documentElement;
let state = readState();
let meta, frames, palette, timelineJson;
let comparison = null;  // diff.js Comparison when pprof-view compares with a BASE (--diff)
let parallelismKey = null;  // the selection (frame view, threads, range) the parallelism panel shows or loads
let threadNames;  // thread id -> "name tid", for the timeline's rows
let tree = null;
let generation = 0;
let renders = 0;

const secondsPerWeight = () => meta.period_ns / 1e9;
// Defaults that depend on the profile: a comparison is coloured by change and sorted by it.
// A shared link's diff-only value on a page without a comparison falls back to the default.
const DIFF_SORT_KEYS = ["base_self", "delta_self", "base_total", "delta_total"];
const colorMode = () => (state.color === "diff" && !comparison ? null : state.color) ?? (comparison ? "diff" : "module");
const sortKey = () =>
  (DIFF_SORT_KEYS.includes(state.sort) && !comparison ? null : state.sort) ?? (comparison ? "delta_total" : "total");

const chart = new ChartView({
  canvas: $("chart"), tooltip: $("tooltip"), breadcrumbs: $("breadcrumbs"),
  onZoom: (node) => {
    const frame = tree.frame[node];
    update({ zoom: tree.pathTo(node), sel: frame >= 0 ? frame : state.sel }, true);
  },
});
const table = new FunctionTable({
  table: $("function-table"), count: $("table-count"),
  onSelect: (frame) => update({ sel: frame === state.sel ? null : frame }, false),
  onZoomTo: (frame) => {
    const node = tree.heaviestOf(frame);
    update(node > 0 ? { zoom: tree.pathTo(node), sel: frame } : { sel: frame }, node > 0);
  },
  onSort: (key) => {
    const dir = sortKey() === key && state.dir === "desc" ? "asc" : "desc";
    // The default column, descending, leaves the URL clean as before.
    const defaultKey = comparison ? "delta_total" : "total";
    update({ sort: key === defaultKey ? null : key, dir }, false);
  },
});
const sandwich = new Sandwich({ element: $("sandwich"), onSelect: (frame) => update({ sel: frame }, false) });
const threadsPanel = new ThreadsPanel({ element: $("threads"), onChange: (threads) => update({ threads }, true) });
const timeline = new Timeline({ canvas: $("timeline"), onRange: (from, to) => update({ from, to }, true) });
const parallelismPanel = new ParallelismPanel({
  summary: $("parallelism-summary"), canvas: $("concurrency"), table: $("candidates"),
  onSelect: (frame) => update({ sel: frame }, false),
});
const help = new Help({ overlay: $("help"), list: $("help-keys"), close: $("help-close") });

function update(changes, push) {
  state = { ...state, ...changes };
  writeState(state, push);
  refresh();
}

function treeParams() {
  return {
    ...selectionParams(state),
    path: state.zoom.length ? state.zoom.join(".") : undefined,
    cutoff: state.cutoff,
    depth: state.depth ? state.zoom.length + state.depth : undefined,
    gone: comparison && state.gone ? 1 : undefined,
  };
}

function focusParams(direction) {
  return { ...selectionParams(state), focus: state.sel, direction, depth: SANDWICH_DEPTH, cutoff: 0.01 };
}

// inputs: also overwrite the text boxes that have focus (Back or Forward changed the state).
async function refresh({ inputs = false } = {}) {
  const current = ++generation;
  root.dataset.state = "loading";
  syncControls(inputs);
  loadParallelism();
  try {
    const selection = selectionParams(state);
    const [viewMeta, treeJson, functions, threads, search, callers, callees] = await Promise.all([
      cachedJson("/api/meta", { frames: selection.frames }),
      cachedJson("/api/tree", treeParams()),
      cachedJson("/api/functions", selection),
      cachedJson("/api/threads", { from: state.from ?? undefined, to: state.to ?? undefined }),
      state.q ? cachedJson("/api/search", { ...selection, q: state.q, regex: state.re ? 1 : undefined }) : null,
      state.sel !== null ? cachedJson("/api/tree", focusParams("callers")) : null,
      state.sel !== null ? cachedJson("/api/tree", focusParams("callees")) : null,
    ]);
    if (current !== generation) return;
    meta = viewMeta;
    describeRun();
    // A cached answer is the same object: keep its tree (and the chart's scroll position).
    if (!tree || tree.json !== treeJson || tree.zoomPath !== state.zoom.join(".")) tree = new CallTree(treeJson, state.zoom);
    palette.setDark(isDark());
    chart.setData({
      tree, frames, palette, view: state.view, depthLimit: state.depth, frameColor: frameColor(),
      nodeColor: nodeColor(), comparison,
      highlight: search ? new Set(search.frames) : null, selected: state.sel,
      weight: functions.weight, secondsPerWeight: secondsPerWeight(), gil: gilOf(functions),
    });
    renderLegend();
    table.setData(functions, frames, secondsPerWeight(), comparison);
    table.render({ ...state, sort: sortKey() });
    $("search-result").textContent = search ? `matched ${percent(search.matched, search.total)}` : "";
    if (state.sel !== null && frames.name[state.sel] !== undefined) {
      sandwich.render(state.sel, callers, callees, frames, secondsPerWeight());
    } else {
      sandwich.clear();
    }
    threadsPanel.render(threads, state.threads, secondsPerWeight());
    timeline.setData({ timeline: timelineJson, names: threadNames, selected: state.threads, from: state.from, to: state.to,
                       regions: meta.regions, gil: state.gil });
    syncGilToggle();
    $("range-label").textContent = state.from !== null
      ? `${duration(state.from / 1e9)} – ${duration(state.to / 1e9)}` : "";
    $("range-clear").hidden = state.from === null;
    if (parallelismPanel.data) parallelismPanel.renderTable(state.sel);
    $("error").hidden = true;
    root.dataset.renders = String(++renders);
    root.dataset.state = "ready";
  } catch (error) {
    if (current !== generation) return;
    showError(error);
  }
}

// frame id -> the function row's GIL share (null when unknown), for the chart's tooltip.
const gilMaps = new WeakMap();
function gilOf(functions) {
  let map = gilMaps.get(functions);
  if (!map) {
    map = new Map();
    if (functions.gil_percent && functions.frame) {
      functions.frame.forEach((frame, i) => { if (functions.gil_percent[i] !== null) map.set(frame, functions.gil_percent[i]); });
    }
    gilMaps.set(functions, map);
  }
  return (frame) => map.get(frame) ?? null;
}

// The timeline's GIL switch: shown for profiles with Python; usable when the server's timeline
// carries per-bin GIL weight (threads[].gil).
function syncGilToggle() {
  const python = Boolean(meta.python);
  const available = timelineJson.threads.some((t) => Array.isArray(t.gil));
  $("gil-toggle").hidden = !python;
  $("timeline-gil").disabled = !available;
  $("timeline-gil").checked = available && state.gil;
  $("gil-toggle").classList.toggle("unavailable", !available);
  $("gil-toggle").title = available
    ? "Colour the part of each thread's CPU time during which it held the GIL (g)"
    : "This pprof-view's /api/timeline has no per-bin GIL data";
}

// The advisor for the current frame view and selection (threads, time range: the same
// parameters as the other panels), fetched when they change, without delaying the render (the
// analysis walks every sample; the server keeps only the whole run's answer per view).
function loadParallelism() {
  const params = selectionParams(state);
  const key = JSON.stringify(params);
  if (key === parallelismKey) return;
  parallelismKey = key;
  root.dataset.parallelism = "loading";
  parallelismPanel.setLoading({
    threads: state.threads, pid: null, from_ns: state.from ?? 0, to_ns: state.to ?? null,
  });
  cachedJson("/api/parallelism", params).then((json) => {
    if (parallelismKey !== key) return;
    parallelismPanel.setData(json);
    parallelismPanel.renderTable(state.sel);
    if (colorMode() === "serial" && tree) redrawForTheme();
    root.dataset.parallelism = "ready";
  }).catch((error) => {
    if (parallelismKey !== key) return;
    $("parallelism-summary").textContent = `Error: ${error.message}`;
    root.dataset.parallelism = "error";
  });
}

// Colour of a frame in the chart: by module, or by how serial its time was.
function frameColor() {
  if (colorMode() !== "serial" || !parallelismPanel.data) return (frame) => palette.color(frame);
  const dark = isDark();
  return (frame) => {
    const share = parallelismPanel.serialShare(frame);
    return share === null ? palette.neutral() : serialColor(share, dark);
  };
}

// With --diff and colour by change: a call path's colour is its change (NEW minus BASE), on a
// scale set by the largest change under the zoomed node.
function nodeColor() {
  if (!comparison || colorMode() !== "diff" || !tree || !tree.compared) return null;
  const scale = comparison.scaleOf(tree);
  const dark = isDark();
  return (node) => Comparison.color(comparison.deltaTotal(tree, node), scale, dark);
}

function renderLegend() {
  const legend = $("diff-legend");
  legend.hidden = !nodeColor();
  if (!legend.hidden) comparison.renderLegend(legend, comparison.scaleOf(tree), isDark());
}

function showError(error) {
  $("error").textContent = `Error: ${error.message}`;
  $("error").hidden = false;
  root.dataset.state = "error";
}

function syncControls(inputs) {
  root.dataset.view = state.view;
  for (const button of document.querySelectorAll("button[data-view]")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === state.view));
  }
  $("depth").value = String(state.depth);
  if ($("depth").value !== String(state.depth)) addOption($("depth"), state.depth);
  $("color-mode").value = colorMode();
  $("color-diff").hidden = !comparison;
  $("gone-toggle").hidden = !comparison;
  $("show-gone").checked = state.gone;
  $("frames").value = state.frames;
  $("cutoff").value = String(state.cutoff);
  if ($("cutoff").value !== String(state.cutoff)) addOption($("cutoff"), state.cutoff);
  if (inputs || document.activeElement !== $("search")) $("search").value = state.q;
  $("search-regex").checked = state.re;
  if (inputs || document.activeElement !== $("table-filter")) $("table-filter").value = state.filter;
}

// A value from a shared link that the menu does not offer.
function addOption(select, value) {
  select.append(new Option(String(value), String(value)));
  select.value = String(value);
}

// --- theme: the system's, unless chosen (kept in localStorage, not in the shared URL) ---
const THEMES = ["auto", "light", "dark"];
function applyTheme(theme) {
  if (theme === "auto") delete root.dataset.theme;
  else root.dataset.theme = theme;
  $("theme").textContent = `Theme: ${theme}`;
}
function isDark() {
  const theme = root.dataset.theme;
  return theme ? theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
}
function redrawForTheme() {
  if (!tree) return;
  palette.setDark(isDark());
  chart.setData({ ...chart.data, frameColor: frameColor(), nodeColor: nodeColor() });
  renderLegend();
  timeline.draw();
  if (parallelismPanel.data) parallelismPanel.draw();
}
function cycleTheme() {
  const next = THEMES[(THEMES.indexOf(localStorage.getItem("pprof-theme") || "auto") + 1) % THEMES.length];
  localStorage.setItem("pprof-theme", next);
  applyTheme(next);
  redrawForTheme();
}

// --- controls ---
let searchTimer = 0;
function wireControls() {
  for (const button of document.querySelectorAll("button[data-view]")) {
    button.addEventListener("click", () => update({ view: button.dataset.view }, true));
  }
  $("depth").addEventListener("change", (e) => update({ depth: Number(e.target.value) }, false));
  $("cutoff").addEventListener("change", (e) => update({ cutoff: Number(e.target.value) }, false));
  // The mode's default stays out of the URL, so a shared link follows the profile it is opened on.
  const defaultColor = () => (comparison ? "diff" : "module");
  $("color-mode").addEventListener("change", (e) => update({ color: e.target.value === defaultColor() ? null : e.target.value }, false));
  $("show-gone").addEventListener("change", (e) => update({ gone: e.target.checked }, false));
  // Zoom paths are stacks of one view: a new view starts unzoomed (frame ids, and so the
  // selection, are the same in every view).
  $("frames").addEventListener("change", (e) => update({ frames: e.target.value, zoom: [] }, true));
  $("timeline-gil").addEventListener("change", (e) => update({ gil: e.target.checked }, false));
  $("search").addEventListener("input", (e) => {
    clearTimeout(searchTimer);
    root.dataset.state = "loading";
    searchTimer = setTimeout(() => update({ q: e.target.value.trim() }, false), 250);
  });
  $("search-regex").addEventListener("change", (e) => update({ re: e.target.checked }, false));
  $("table-filter").addEventListener("input", (e) => {
    state = { ...state, filter: e.target.value };
    writeState(state, false);
    table.render(state);
  });
  $("range-clear").addEventListener("click", () => update({ from: null, to: null }, true));
  $("theme").addEventListener("click", cycleTheme);
  $("help-button").addEventListener("click", () => help.show(!help.open));
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redrawForTheme);
  window.addEventListener("popstate", () => {
    state = readState();
    refresh({ inputs: true });
  });
  const zoomTo = (node) => update({ zoom: tree.pathTo(node) }, true);
  installShortcuts({
    sunburst: () => update({ view: "sunburst" }, true),
    icicle: () => update({ view: "icicle" }, true),
    flame: () => update({ view: "flame" }, true),
    zoomOut: () => { if (tree && tree.zoomNode > 0) zoomTo(tree.parent[tree.zoomNode]); },
    resetZoom: () => { if (state.zoom.length) update({ zoom: [] }, true); },
    clearRange: () => { if (state.from !== null) update({ from: null, to: null }, true); },
    focusSearch: () => $("search").focus(),
    cycleTheme,
    colorMode: () => {
      const modes = comparison ? ["diff", "module", "serial"] : ["module", "serial"];
      const next = modes[(modes.indexOf(colorMode()) + 1) % modes.length];
      update({ color: next === modes[0] ? null : next }, false);
    },
    goneFrames: () => { if (comparison) update({ gone: !state.gone }, false); },
    frameView: () => meta && (meta.python || state.frames !== "mixed") && update({ frames: FRAME_VIEWS[(FRAME_VIEWS.indexOf(state.frames) + 1) % FRAME_VIEWS.length], zoom: [] }, true),
    gilBand: () => { if (!$("timeline-gil").disabled && !$("gil-toggle").hidden) update({ gil: !state.gil }, false); },
    toggleHelp: () => help.show(!help.open),
    escape: (e) => {
      if (help.open) help.show(false);
      else if (e.target.blur) e.target.blur();
    },
  });
}

function describeRun() {
  const command = (meta.command || []).join(" ");
  const wall = meta.duration_ns / 1e9;
  const python = meta.python;
  const pythonText = python
    ? ` · Python ${python.versions.join(", ") || "?"}` +
      (python.merge_failures ? ` · ${python.merge_failures} stacks not merged` : "")
    : "";
  const base = meta.base;
  const baseText = base
    ? ` · compared with ${base.files.join(", ")} (${base.samples} samples · ${duration(base.duration_ns / 1e9)})` : "";
  $("run-info").textContent = `${command || meta.files.join(", ")} · ${meta.mode} · ${meta.samples} samples · ${duration(wall)}${pythonText}${baseText}`;
  $("run-info").title = `${meta.files.join(", ")}\n${command}` +
    (python && python.notes && python.notes.length ? `\n${python.notes.join("\n")}` : "");
  $("frames").disabled = !python && state.frames === "mixed";
  $("frames").title = python ? "" : "No Python frames in this profile: the three views are the same";
  document.title = `pprof-view: ${meta.files.join(", ")}${base ? ` vs ${base.files.join(", ")}` : ""}`;
}

async function start() {
  applyTheme(localStorage.getItem("pprof-theme") || "auto");
  wireControls();
  root.dataset.state = "loading";
  try {
    const bins = Math.max(50, Math.min(2000, Math.floor(($("timeline").clientWidth - LABEL_WIDTH) / 2)));
    let runThreads;
    [meta, frames, runThreads, timelineJson] = await Promise.all([
      cachedJson("/api/meta", { frames: selectionParams(state).frames }), getJson("/api/frames"),
      getJson("/api/threads"), getJson("/api/timeline", { bins }),
    ]);
    threadNames = new Map(runThreads.threads.map((t) => [t.id, `${t.name || "thread"} ${t.tid}`]));
  } catch (error) {
    showError(error);
    return;
  }
  palette = new FramePalette(frames);
  comparison = meta.base ? new Comparison(meta) : null;
  describeRun();
  parallelismPanel.setContext({ names: threadNames, axis: { start_ns: timelineJson.start_ns, end_ns: timelineJson.end_ns } });
  window.pprofView = {
    locate: (text) => chart.locate(text), state: () => structuredClone(state),
    // The chart's fill colour of a frame id (by group; before search and selection).
    colorOf: (frame) => palette.color(frame), groupOf: (frame) => palette.groupOf(frame),
  };
  await refresh();
}

start();
