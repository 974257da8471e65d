// Keyboard shortcuts: one table drives both the key handling and the help overlay.

export const SHORTCUTS = [
  ["s", "sunburst view", "sunburst"],
  ["i", "icicle view", "icicle"],
  ["f", "flame graph view", "flame"],
  ["u", "zoom out one level (also Backspace)", "zoomOut"],
  ["r", "reset the zoom", "resetZoom"],
  ["x", "clear the time range", "clearRange"],
  ["/", "search functions", "focusSearch"],
  ["t", "theme: system, light, dark", "cycleTheme"],
  ["c", "colour by module or by serial time (with --diff: by change first)", "colorMode"],
  ["d", "with --diff: draw the frames only BASE has (gone)", "goneFrames"],
  ["p", "frames: mixed, Python, native", "frameView"],
  ["g", "timeline: show when each thread held the GIL", "gilBand"],
  ["?", "this help", "toggleHelp"],
  ["Esc", "close the help, leave a text box", "escape"],
];

const KEY_ALIASES = { Backspace: "u", Escape: "Esc" };

export class Help {
  constructor({ overlay, list, close }) {
    this.overlay = overlay;
    list.innerHTML = SHORTCUTS.map(([key, what]) => `<dt>${key}</dt><dd>${what}</dd>`).join("");
    close.addEventListener("click", () => this.show(false));
    overlay.addEventListener("click", (e) => { if (e.target === overlay) this.show(false); });
  }

  get open() { return !this.overlay.hidden; }
  show(open) { this.overlay.hidden = !open; }
}

// Calls actions[name] for the shortcut of each key press outside text boxes (Esc works anywhere).
export function installShortcuts(actions) {
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = KEY_ALIASES[e.key] || e.key;
    const typing = e.target.matches && e.target.matches("input:not([type=checkbox]), select, textarea");
    if (typing && key !== "Esc") return;
    const shortcut = SHORTCUTS.find(([k]) => k === key);
    if (!shortcut) return;
    e.preventDefault();
    actions[shortcut[2]](e);
  });
}
