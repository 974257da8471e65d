// The view state and its place in the URL (web/README.md lists every parameter). The token stays
// in the query so that a reload or a shared link keeps working.

export const VIEWS = ["sunburst", "icicle", "flame"];
export const FRAME_VIEWS = ["mixed", "python", "native"];
export const SORT_KEYS = ["calls", "self", "self_percall", "total", "total_percall", "self_pct", "total_pct", "gil", "name", "location",
  "base_self", "delta_self", "base_total", "delta_total"];
export const COLOR_MODES = ["module", "serial", "diff"];
const DEFAULT_CUTOFF = 0.0005;

function idList(text, separator) {
  if (text === null || text === "") return null;
  const ids = text.split(separator).map(Number);
  return ids.every((id) => Number.isInteger(id) && id >= 0) ? ids : null;
}

function nonNegative(text) {
  if (text === null) return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

export function readState(search = location.search) {
  const q = new URLSearchParams(search);
  const view = q.get("view");
  const frames = q.get("frames");
  const sort = q.get("sort");
  const depth = nonNegative(q.get("depth"));
  const cutoff = nonNegative(q.get("cutoff"));
  let from = nonNegative(q.get("from")), to = nonNegative(q.get("to"));
  if (from === null || to === null || to <= from) from = to = null;
  return {
    token: q.get("token") || "",
    view: VIEWS.includes(view) ? view : "icicle",
    zoom: idList(q.get("zoom"), ".") || [],
    sel: nonNegative(q.get("sel")),
    threads: q.has("threads") ? idList(q.get("threads"), ",") || [] : null,
    from, to,
    q: q.get("q") || "",
    re: q.get("re") === "1",
    depth: depth === null ? 0 : Math.floor(depth),
    cutoff: cutoff === null || cutoff > 1 ? DEFAULT_CUTOFF : cutoff,
    // null: the page's default (total, or the change of total when comparing with --diff).
    sort: SORT_KEYS.includes(sort) ? sort : null,
    dir: q.get("dir") === "asc" ? "asc" : "desc",
    filter: q.get("filter") || "",
    // null: the page's default (by module, or by change when comparing with --diff).
    color: COLOR_MODES.includes(q.get("color")) ? q.get("color") : null,
    frames: FRAME_VIEWS.includes(frames) ? frames : "mixed",
    gil: q.get("gil") === "1",
    gone: q.get("gone") === "1",
  };
}

export function stateQuery(state) {
  const q = new URLSearchParams();
  if (state.token) q.set("token", state.token);
  q.set("view", state.view);
  if (state.zoom.length) q.set("zoom", state.zoom.join("."));
  if (state.sel !== null) q.set("sel", String(state.sel));
  if (state.threads) q.set("threads", state.threads.join(","));
  if (state.from !== null) q.set("from", String(state.from));
  if (state.to !== null) q.set("to", String(state.to));
  if (state.q) q.set("q", state.q);
  if (state.re) q.set("re", "1");
  if (state.depth) q.set("depth", String(state.depth));
  if (state.cutoff !== DEFAULT_CUTOFF) q.set("cutoff", String(state.cutoff));
  if (state.sort !== null) q.set("sort", state.sort);
  if (state.dir !== "desc") q.set("dir", state.dir);
  if (state.filter) q.set("filter", state.filter);
  if (state.color !== null) q.set("color", state.color);
  if (state.frames !== "mixed") q.set("frames", state.frames);
  if (state.gil) q.set("gil", "1");
  if (state.gone) q.set("gone", "1");
  return "?" + q.toString();
}

// push: a step Back should undo (zoom, view, selection of threads or time); else replace.
export function writeState(state, push) {
  const url = location.pathname + stateQuery(state);
  if (url === location.pathname + location.search) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}
