const { random } = Math;

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
}

/** Exponential backoff with "full jitter". */
export function backoffDelays(policy: RetryPolicy): number[] {
  const delays: number[] = [];
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    delays.push(Math.round(random() * policy.baseDelayMs * 2 ** attempt));
  }
  return delays;
}
