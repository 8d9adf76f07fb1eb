import { randomUUID } from "node:crypto";

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

export function createOrder(customerId: string, items: LineItem[]): Order {
  return {
    // A fresh random id on every run: replaying the same request creates a different order.
    id: randomUUID(),
    customerId,
    items,
    createdAt: new Date().toISOString(),
    expiresAt: Date.now() + HOLD_MS,
  };
}

export function isExpired(order: Order): boolean {
  return Date.now() > order.expiresAt;
}
