import type { Clock } from "@detkit/runtime/clock";
import { compareStrings } from "@detkit/runtime/collections";
import { seeded } from "@detkit/runtime/random";
import type { Order } from "./orders.js";

/**
 * Picks orders for the weekly manual audit. The seed is the batch name, so anyone can re-derive the sample
 * from the same orders; sorting by id first makes it independent of the order they were loaded in.
 */
export function auditSample(orders: readonly Order[], size: number, batch: string): Order[] {
  const byId = [...orders].sort((a, b) => compareStrings(a.id, b.id));
  return seeded(batch).shuffle(byId).slice(0, size);
}

export function auditBatchName(clock: Clock): string {
  const now = clock.date();
  return `audit-${now.getUTCFullYear()}-${now.getUTCMonth() + 1}-${now.getUTCDate()}`;
}
