// The comparison with BASE (`pprof-view --diff BASE NEW`, /api/meta's `base`): both sides'
// values in one unit, the colour of a change, and the legend that shows the colour scale.
//
// Each side's weights are periods of its own profile, so values are seconds when both profiles
// have a period, else sample counts (collapsed stacks have none). A change is NEW minus BASE:
// grown is red, shrunk is blue, the saturation is the change over the largest change of any
// frame under the zoomed node (the zoomed node's own change, usually the run's, would wash out
// every other), so the legend's ends are that largest change.
import { seconds } from "./format.js";

export class Comparison {
  constructor(meta) {
    const perNew = meta.period_ns / 1e9, perBase = meta.base.period_ns / 1e9;
    this.timed = perNew > 0 && perBase > 0;
    this.perNew = this.timed ? perNew : 1;
    this.perBase = this.timed ? perBase : 1;
    this.baseFiles = meta.base.files;
    this.baseMeta = meta.base;
  }

  next(weight) { return weight * this.perNew; }
  base(weight) { return weight * this.perBase; }

  text(value) {
    if (!this.timed) return `${+value.toPrecision(6)} samples`;
    return `${seconds(value)} s`;
  }

  // "+0.400 s", "−12 samples", "0 s".
  signedText(value) {
    const sign = value > 0 ? "+" : value < 0 ? "−" : "";
    return sign + this.text(Math.abs(value));
  }

  // The change relative to BASE: "+25%", "new" when BASE had none.
  relativeText(before, after) {
    if (before === 0) return after === 0 ? "0%" : "new";
    const change = (100 * (after - before)) / before;
    const sign = change > 0 ? "+" : change < 0 ? "−" : "";
    return `${sign}${Math.abs(change) >= 10 ? Math.abs(change).toFixed(0) : Math.abs(change).toPrecision(2)}%`;
  }

  // Largest |change of total| among the nodes below the zoomed one (at least the smallest
  // positive value, so a profile compared with itself still has a scale).
  scaleOf(tree) {
    let max = 0;
    const stack = [...tree.children(tree.zoomNode)];
    while (stack.length) {
      const node = stack.pop();
      if (tree.frame[node] >= 0) {
        max = Math.max(max, Math.abs(this.deltaTotal(tree, node)));
      }
      for (const child of tree.children(node)) stack.push(child);
    }
    return max || Number.MIN_VALUE;
  }

  deltaTotal(tree, node) { return this.next(tree.total[node]) - this.base(tree.baseTotal[node]); }
  deltaSelf(tree, node) { return this.next(tree.self[node]) - this.base(tree.baseSelf[node]); }

  // Red for grown, blue for shrunk, pale grey for unchanged.
  static color(delta, scale, dark) {
    const strength = Math.min(1, Math.abs(delta) / scale);
    if (strength < 0.005) return dark ? "hsl(210 8% 34%)" : "hsl(210 10% 88%)";
    const hue = delta > 0 ? 0 : 218;
    const sat = Math.round(35 + 50 * strength);
    const light = dark ? Math.round(30 + 16 * strength) : Math.round(88 - 36 * strength);
    return `hsl(${hue} ${sat}% ${light}%)`;
  }

  // The legend under the chart: the two ends of the scale and what the colours mean. Built as
  // DOM with the gradient set through CSSOM (the page's CSP forbids inline style attributes).
  renderLegend(element, scale, dark) {
    const end = scale === Number.MIN_VALUE ? 0 : scale;
    const span = (text, testid, className) => {
      const el = document.createElement("span");
      el.textContent = text;
      if (testid) el.dataset.testid = testid;
      if (className) el.className = className;
      return el;
    };
    const gradient = span("", null, "diff-scale");
    // Nothing changed: one flat grey, as the frames are drawn.
    const stops = [-1, -0.5, -0.25, 0, 0.25, 0.5, 1].map((f) => Comparison.color(f * end, scale, dark));
    gradient.style.background = `linear-gradient(to right, ${stops.join(", ")})`;
    element.replaceChildren(
      span(`shrank ${this.signedText(-end)}`, "legend-shrunk"), gradient,
      span(`grew ${this.signedText(end)}`, "legend-grown"),
      span(`NEW minus BASE (${this.baseFiles.join(", ")}); widths are NEW's`, null, "muted"));
  }
}
