// Canvas set-up shared by the panels: a backing store of the element's CSS size times the
// device pixel ratio (sharp on HiDPI screens), drawn in CSS pixels; and the theme's colours,
// read from the CSS variables in style.css so canvases and HTML agree.

export function prepareCanvas(canvas) {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

// color("--fg"): the current value of a CSS variable.
export function themeColors() {
  const css = getComputedStyle(document.documentElement);
  return (name) => css.getPropertyValue(name).trim();
}

// `text` cut with an ellipsis to about `pixels` wide in the charts' 12px font, estimated from an
// average character width rather than measureText, which would cost too much per frame box.
const CHAR_WIDTH = 6.6;
export function elide(text, pixels) {
  const max = Math.floor(pixels / CHAR_WIDTH);
  return text.length > max ? text.slice(0, Math.max(0, max - 1)) + "…" : text;
}
