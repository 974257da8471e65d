// Callers and callees of the selected function (a "sandwich"): the server re-roots every stack at
// the function (/api/tree?focus=), merged over all its call sites, once towards the leaves and
// once, inverted, towards the roots. Shown as short nested lists; a click selects that function.
import { CallTree, MERGED_FRAME } from "./tree.js";
import { escapeHtml, percent, weightText } from "./format.js";

export const SANDWICH_DEPTH = 4;  // the function and three levels either side
const CHILDREN_SHOWN = 8;

export class Sandwich {
  constructor({ element, onSelect }) {
    Object.assign(this, { element, onSelect });
    element.addEventListener("click", (e) => {
      const entry = e.target.closest("[data-frame]");
      if (entry) this.onSelect(Number(entry.dataset.frame));
    });
  }

  clear() {
    this.element.innerHTML = '<p class="muted">Select a function in the chart or the table.</p>';
  }

  render(frame, callersJson, calleesJson, frames, secondsPerWeight) {
    const callers = new CallTree(callersJson, []);
    const callees = new CallTree(calleesJson, []);
    const total = callees.total[0];
    const name = (f) => (f === MERGED_FRAME ? "(others below 1%)" : frames.name[f]);
    const list = (tree, node, level) => {
      const children = Array.from(tree.children(node)).slice(0, CHILDREN_SHOWN);
      if (!children.length || level >= SANDWICH_DEPTH) return "";
      return "<ul>" + children.map((child) => {
        const f = tree.frame[child];
        const attrs = f >= 0 ? ` class="entry" data-frame="${f}"` : "";
        return `<li><span class="share">${percent(tree.total[child], total)}</span>` +
               `<span${attrs} title="${escapeHtml(name(f))}">${escapeHtml(name(f))}</span>` +
               list(tree, child, level + 1) + "</li>";
      }).join("") + "</ul>";
    };
    // Level 1 of each focus tree is the function itself: list what lies beyond it.
    const beyond = (tree) => {
      const self = tree.children(0)[0];
      return self === undefined ? "" : list(tree, self, 1);
    };
    this.element.innerHTML =
      `<div><b>${escapeHtml(frames.name[frame])}</b><br><span class="muted">total ${weightText(total, secondsPerWeight)}` +
      ` · self ${weightText(callees.self[callees.children(0)[0]] || 0, secondsPerWeight)}</span></div>` +
      `<div data-testid="callers"><h3>Called from</h3>${beyond(callers) || '<p class="muted">no callers (a root)</p>'}</div>` +
      `<div data-testid="callees"><h3>Calls</h3>${beyond(callees) || '<p class="muted">calls nothing sampled</p>'}</div>`;
  }
}
