// Number and text formatting shared by every panel.

export function seconds(value) {
  if (!Number.isFinite(value)) return "–";
  if (value === 0) return "0";
  if (value >= 100) return value.toFixed(1);
  if (value >= 1) return value.toFixed(3);
  return value.toPrecision(3);
}

export function percent(part, whole) {
  if (!whole) return "0%";
  const value = (100 * part) / whole;
  return (value >= 10 ? value.toFixed(1) : value.toPrecision(2)) + "%";
}

// A weight (sample periods) as time, "1.23 s"; as a sample count when the profile has no period
// (collapsed stacks and other inputs that only count samples).
export function weightText(weight, secondsPerWeight) {
  if (!secondsPerWeight) return `${weight} samples`;
  return `${seconds(weight * secondsPerWeight)} s`;
}

// "1.23 s" / "45.6 ms": a duration for labels, from seconds.
export function duration(value) {
  if (value >= 1) return value.toFixed(value >= 100 ? 0 : 2) + " s";
  if (value >= 0.001) return (value * 1e3).toFixed(value >= 0.1 ? 0 : 1) + " ms";
  return (value * 1e6).toFixed(0) + " µs";
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// The last path component: "/usr/lib/libc.so.6" -> "libc.so.6".
export function basename(path) {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? path : path.slice(slash + 1);
}
