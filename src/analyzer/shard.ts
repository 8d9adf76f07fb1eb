import { partition } from "@detkit/runtime/hash";

export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

/**
 * Whether a file (relative to the project root, `/` separators) belongs to a shard: jump consistent hashing of
 * the path, so every machine splits alike, a new file moves no other, and a new shard count moves few.
 */
export function inShard(relativePath: string, shard: Shard): boolean {
  return partition(relativePath, shard.count) === shard.index - 1;
}
