import type { Clock } from "@detkit/runtime/clock";
import type { Random } from "@detkit/runtime/random";

export interface LineItem {
  sku: string;
  quantity: number;
  unitPrice: string;
}

export interface Order {
  id: string;
  customerId: string;
  items: LineItem[];
  createdAt: string;
  expiresAt: number;
}

const HOLD_MS = 15 * 60 * 1000;

/** Time and ids come from the caller: the same clock, seed and request give the same order. */
export function createOrder(customerId: string, items: LineItem[], clock: Clock, random: Random): Order {
  return {
    id: random.uuid(),
    customerId,
    items,
    createdAt: clock.date().toISOString(),
    expiresAt: clock.now() + HOLD_MS,
  };
}

export function isExpired(order: Order, clock: Clock): boolean {
  return clock.now() > order.expiresAt;
}
