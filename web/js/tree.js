// The call tree as the server sends it (pre-order parallel arrays, see viewer/server/api_json.h)
// turned into typed arrays with child lists, plus the zoomed node that the charts draw at full
// width. Parents precede children, so one pass over the parent column builds everything.
//
// With pprof-view --diff the tree also carries BASE's weight per call path (baseSelf,
// baseTotal), and with gone paths shown some nodes have NEW weight 0: they are drawn at their
// BASE width, so `width` (what the charts lay out by) is the NEW total plus the BASE total of
// the gone paths below; without gone paths it is the total itself.

export const ROOT_FRAME = -1;
export const MERGED_FRAME = -2;

export class CallTree {
  constructor(json, zoomPath) {
    this.json = json;
    this.zoomPath = zoomPath.join(".");
    const n = json.parent.length;
    this.size = n;
    this.frame = Int32Array.from(json.frame);
    this.parent = Int32Array.from(json.parent);
    this.self = Float64Array.from(json.self);
    this.total = Float64Array.from(json.total);
    this.compared = Array.isArray(json.base_total);
    this.baseSelf = this.compared ? Float64Array.from(json.base_self) : null;
    this.baseTotal = this.compared ? Float64Array.from(json.base_total) : null;
    this.baseWeight = this.compared ? json.base_weight : 0;
    this.width = this.compared ? this.layoutWidths(n) : this.total;
    this.depth = new Int32Array(n);
    this.fullSize = json.full_size;
    this.depthTruncated = json.depth_truncated;
    // Children in the server's order (heaviest first) as ranges of one array.
    const count = new Int32Array(n + 1);
    let maxDepth = 0;
    for (let i = 1; i < n; ++i) {
      this.depth[i] = this.depth[this.parent[i]] + 1;
      if (this.depth[i] > maxDepth) maxDepth = this.depth[i];
      ++count[this.parent[i] + 1];
    }
    this.maxDepth = maxDepth;
    for (let i = 1; i <= n; ++i) count[i] += count[i - 1];
    this.childBegin = count;
    this.childIds = new Int32Array(Math.max(0, n - 1));
    const fill = count.slice(0, n);
    for (let i = 1; i < n; ++i) this.childIds[fill[this.parent[i]]++] = i;
    this.zoomNode = this.followPath(zoomPath);
  }

  // Pre-order, so children come after their parent: one backward pass sums what gone paths add.
  layoutWidths(n) {
    const width = new Float64Array(n);
    const extra = new Float64Array(n);
    for (let i = n - 1; i >= 0; --i) {
      const gone = this.isGone(i);
      width[i] = gone ? this.baseTotal[i] : this.total[i] + extra[i];
      if (i > 0) extra[this.parent[i]] += gone ? this.baseTotal[i] : extra[i];
    }
    return width;
  }

  // A call path only BASE has (gone=1 on the server).
  isGone(node) { return this.compared && this.total[node] === 0 && this.baseTotal[node] > 0; }

  children(node) {
    return this.childIds.subarray(this.childBegin[node], this.childBegin[node + 1]);
  }

  // The node reached by following frame ids from the root; stops where the path leaves the tree
  // (a stale link or a selection without those stacks), so a zoom never fails outright.
  followPath(path) {
    let node = 0;
    for (const frame of path) {
      const next = this.children(node).find((child) => this.frame[child] === frame);
      if (next === undefined) break;
      node = next;
    }
    return node;
  }

  // Frame ids from the root down to `node` (the root excluded): its zoom path.
  pathTo(node) {
    const path = [];
    for (let n = node; n > 0; n = this.parent[n]) path.push(this.frame[n]);
    return path.reverse();
  }

  // Nodes from the root to `node`, both included.
  ancestry(node) {
    const chain = [];
    for (let n = node; n >= 0; n = n > 0 ? this.parent[n] : -1) chain.push(n);
    return chain.reverse();
  }

  // The heaviest node of `frame`, or -1.
  heaviestOf(frame) {
    let best = -1;
    for (let i = 1; i < this.size; ++i) {
      if (this.frame[i] === frame && (best < 0 || this.total[i] > this.total[best])) best = i;
    }
    return best;
  }
}
