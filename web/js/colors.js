// Frame colours: one hue per group, a shade per function, so the same function has the same
// colour in every view. A native frame's group is its module (the ELF object, or a name's package
// when there is no module, as in collapsed stacks); a Python frame's group is its package (the
// top directory under site-packages or the standard library) or else its file. When the profile
// has Python frames the two languages get separate hue bands, warm for native code and cool for
// Python, so a Python frame is never mistaken for a native one; Python groups are spread over
// their band by the golden angle in name order, so two files never share a hue. Search and
// selection are painted on top by the charts.
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

// A Python file's group: "…/site-packages/numpy/core/x.py" -> "numpy",
// "…/lib/python3.11/concurrent/futures/thread.py" -> "concurrent", "…/lib/python3.11/threading.py"
// -> "threading.py", "<frozen importlib._bootstrap>" -> "importlib", "/home/me/app.py" -> "app.py".
export function pythonGroupOf(file) {
  if (!file) return "(python)";
  const frozen = /^<frozen ([\w]+)/.exec(file);
  if (frozen) return frozen[1];
  const lib = /\/(?:site-packages|dist-packages|lib\/python\d+(?:\.\d+)*t?)\/([^/]+)/.exec(file);
  if (lib) return lib[1];
  return basename(file);
}

// Hue bands (degrees) when both languages are present: native red..yellow-green, Python
// cyan..violet.
const NATIVE_BAND = [330, 150], PYTHON_BAND = [180, 110];
const GOLDEN = 0.6180339887498949;

export class FramePalette {
  constructor(frames) {
    this.frames = frames;
    this.cache = new Map();
    this.dark = false;
    const language = frames.language || [];
    this.hasPython = language.includes("python");
    // Python groups in name order -> hue.
    this.pythonHue = new Map();
    if (this.hasPython) {
      const groups = new Set();
      language.forEach((lang, frame) => { if (lang === "python") groups.add(this.groupOf(frame)); });
      [...groups].sort().forEach((group, i) => {
        this.pythonHue.set(group, PYTHON_BAND[0] + ((i * GOLDEN) % 1) * PYTHON_BAND[1]);
      });
    }
  }

  isPython(frame) { return this.frames.language ? this.frames.language[frame] === "python" : false; }

  // Group key of a frame: a Python frame's package or file; a native frame's module basename,
  // else its package.
  groupOf(frame) {
    if (this.isPython(frame)) {
      const file = this.frames.file[frame];
      return pythonGroupOf(file >= 0 ? this.frames.files[file] : "");
    }
    const module = this.frames.module[frame];
    if (module >= 0 && this.frames.modules[module]) return basename(this.frames.modules[module]);
    return packageOf(this.frames.name[frame]);
  }

  setDark(dark) {
    if (dark !== this.dark) this.cache.clear();
    this.dark = dark;
  }

  hueOf(frame) {
    const group = this.groupOf(frame);
    if (this.isPython(frame)) return this.pythonHue.get(group) ?? PYTHON_BAND[0];
    if (!this.hasPython) return hash(group) % 360;
    return (NATIVE_BAND[0] + (hash(group) % NATIVE_BAND[1])) % 360;
  }

  color(frame) {
    let color = this.cache.get(frame);
    if (color) return color;
    const hue = Math.round(this.hueOf(frame));
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
