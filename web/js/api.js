// The JSON API of pprof-view (viewer/server/README.md). The token comes from the page's own URL
// and travels as a header; the server's cookie would work too, but a header keeps every request
// independent of cookie settings.

const token = new URLSearchParams(location.search).get("token") || "";

export class ApiError extends Error {}

export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") query.set(key, String(value));
  }
  const url = query.toString() ? `${path}?${query}` : path;
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

// The selection parameters every aggregate endpoint takes, from the view state.
export function selectionParams(state) {
  return {
    threads: state.threads ? state.threads.join(",") : undefined,
    from: state.from ?? undefined,
    to: state.to ?? undefined,
  };
}
