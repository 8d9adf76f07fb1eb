import type { Order } from "./orders.js";

/** Picks orders for the weekly manual audit. */
export function auditSample(orders: readonly Order[], size: number): Order[] {
  const shuffled = [...orders].sort(() => Math.random() - 0.5);
  return shuffled.slice(0, size);
}

export function auditBatchName(): string {
  const now = new Date();
  return `audit-${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}`;
}
