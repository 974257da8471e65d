// Frame colours: one hue per module (the ELF object, or a name's package when there is no
// module, as in collapsed stacks), a shade per function, so the same function has the same colour
// in every view. Search and selection are painted on top by the charts.
import { basename } from "./format.js";

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; ++i) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

// "ns::Class::method(int)" -> "ns", "pkg.mod.func" -> "pkg", "dir/file.py:f" -> "dir".
export function packageOf(name) {
  const match = /^[A-Za-z_][\w$]*?(?=::|\.|\/)/.exec(name.replace(/^[~*&(]+/, ""));
  return match ? match[0] : name;
}

export class FramePalette {
  constructor(frames) {
    this.frames = frames;
    this.cache = new Map();
    this.dark = false;
  }

  // Group key of a frame: its module basename, else its package.
  groupOf(frame) {
    const module = this.frames.module[frame];
    if (module >= 0 && this.frames.modules[module]) return basename(this.frames.modules[module]);
    return packageOf(this.frames.name[frame]);
  }

  setDark(dark) {
    if (dark !== this.dark) this.cache.clear();
    this.dark = dark;
  }

  color(frame) {
    let color = this.cache.get(frame);
    if (color) return color;
    const hue = (hash(this.groupOf(frame)) % 360);
    const shade = hash(this.frames.name[frame]) % 16;
    const light = this.dark ? 30 + shade : 62 + shade;
    const sat = this.dark ? 45 : 65;
    color = `hsl(${hue} ${sat}% ${light}%)`;
    this.cache.set(frame, color);
    return color;
  }

  // Unmatched frames while a search is active.
  dimmed() { return this.dark ? "#2a3038" : "#dde1e6"; }
  // Synthetic nodes: the root ("all") and merged small frames.
  neutral() { return this.dark ? "#4a525c" : "#b8c0c9"; }
  text() { return this.dark ? "#e8edf2" : "#111820"; }
  selected() { return "#ffd33d"; }
}
