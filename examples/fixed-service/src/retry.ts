import type { Random } from "@detkit/runtime/random";

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

/** Exponential backoff with "full jitter", drawn from a seeded stream so a retry schedule can be replayed. */
export function backoffDelays(policy: RetryPolicy, random: Random): number[] {
  const jitter = random.fork("retry-jitter");
  const delays: number[] = [];
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    delays.push(Math.round(jitter.next() * policy.baseDelayMs * 2 ** attempt));
  }
  return delays;
}
