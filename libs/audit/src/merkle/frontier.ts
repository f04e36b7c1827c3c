/**
 * The right edge of an append-only Merkle tree: one perfect-subtree root per set bit of the
 * tree size, so O(log n) state. Appending a leaf merges equal-sized subtrees like a binary
 * counter and reports every perfect node it completed, so a caller can persist them and later
 * serve proofs from them (see `PerfectNodeSource`).
 */
import { EMPTY_ROOT, hashChildren } from './hash';

export interface PerfectNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

export interface FrontierState {
  readonly size: number;
  /** Left to right: the largest subtree first. */
  readonly nodes: readonly PerfectNode[];
}

export class MerkleFrontier {
  private nodes: PerfectNode[];
  private count: number;

  constructor(state: FrontierState = { size: 0, nodes: [] }) {
    this.count = state.size;
    this.nodes = [...state.nodes];
  }

  get size(): number {
    return this.count;
  }

  /** Appends a leaf hash; returns the perfect nodes completed by it (the leaf itself first). */
  append(leafHash: Buffer): PerfectNode[] {
    const created: PerfectNode[] = [];
    let node: PerfectNode = { level: 0, index: this.count, hash: leafHash };
    created.push(node);
    let top = this.nodes[this.nodes.length - 1];
    while (top !== undefined && top.level === node.level) {
      this.nodes.pop();
      node = { level: node.level + 1, index: top.index / 2, hash: hashChildren(top.hash, node.hash) };
      created.push(node);
      top = this.nodes[this.nodes.length - 1];
    }
    this.nodes.push(node);
    this.count += 1;
    return created;
  }

  /** MTH of every leaf appended so far. */
  root(): Buffer {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let r = this.nodes[this.nodes.length - 1].hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) r = hashChildren(this.nodes[i].hash, r);
    return r;
  }

  state(): FrontierState {
    return { size: this.count, nodes: [...this.nodes] };
  }
}
