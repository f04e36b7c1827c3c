import { MerkleFrontier } from './frontier';
import { hashLeaf } from './hash';
import { consistencyProof, inclusionProof, treeRoot, type PerfectNodeSource } from './merkle';

/** A whole tree in memory (every perfect node kept): for tests, the CLI's verify and offline tools. */
export class MemoryMerkleTree implements PerfectNodeSource {
  private readonly levels: Buffer[][] = [];
  private readonly frontier = new MerkleFrontier();

  static fromLeafData(leaves: readonly Uint8Array[]): MemoryMerkleTree {
    const tree = new MemoryMerkleTree();
    for (const leaf of leaves) tree.append(hashLeaf(leaf));
    return tree;
  }

  get size(): number {
    return this.frontier.size;
  }

  append(leafHash: Buffer): void {
    for (const n of this.frontier.append(leafHash)) (this.levels[n.level] ??= [])[n.index] = n.hash;
  }

  node(level: number, index: number): Buffer {
    const hash = this.levels[level]?.[index];
    if (hash === undefined) throw new RangeError(`no perfect node at level ${level} index ${index}`);
    return hash;
  }

  leafHash(index: number): Buffer {
    return this.node(0, index);
  }

  root(treeSize = this.size): Buffer {
    return treeSize === this.size ? this.frontier.root() : treeRoot(this, treeSize);
  }

  inclusionProof(leafIndex: number, treeSize = this.size): Buffer[] {
    return inclusionProof(this, leafIndex, treeSize);
  }

  consistencyProof(fromSize: number, toSize = this.size): Buffer[] {
    return consistencyProof(this, fromSize, toSize);
  }
}
