// The JSON API of pprof-view (viewer/server/README.md). The token comes from the page's own URL
// and travels as a header; the server's cookie would work too, but a header keeps every request
// independent of cookie settings.

const token = new URLSearchParams(location.search).get("token") || "";

export class ApiError extends Error {}

// The request URL; parameters without a value are left out.
function apiUrl(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  return query.toString() ? `${path}?${query}` : path;
}

export async function getJson(path, params = {}) {
  const url = apiUrl(path, params);
  const response = await fetch(url, { headers: { "X-PPROF-Token": token } });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`${path}: HTTP ${response.status}, not JSON`);
  }
  if (!response.ok) throw new ApiError(`${path}: ${body.error || response.statusText}`);
  return body;
}

// getJson with the last answers kept by URL: a selection or a search change reuses the tree, a
// zoom the table. A failed request is forgotten so that it is asked again.
const cache = new Map();
const CACHE_SIZE = 48;
export function cachedJson(path, params = {}) {
  const url = apiUrl(path, params);
  if (!cache.has(url)) {
    cache.set(url, getJson(path, params).catch((e) => { cache.delete(url); throw e; }));
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  }
  return cache.get(url);
}

// The selection parameters every aggregate endpoint takes, from the view state, with the frame
// view (mixed is the server's default and left out, so native-only profiles ask what they did).
export function selectionParams(state) {
  return {
    frames: state.frames !== "mixed" ? state.frames : undefined,
    threads: state.threads ? state.threads.join(",") : undefined,
    from: state.from ?? undefined,
    to: state.to ?? undefined,
  };
}
