import * as crypto from "crypto";
import { nanoid } from "nanoid";
import { performance } from "node:perf_hooks";

export interface Session {
  id: string;
  token: string;
  userId: string;
  issuedAt: number;
}

export function openSession(userId: string): Session {
  return {
    id: nanoid(),
    token: crypto.randomBytes(24).toString("base64url"),
    userId,
    issuedAt: performance.timeOrigin + performance.now(),
  };
}

export function sessionFingerprint(session: Session): string {
  // Hashing is deterministic: detkit does not flag createHash.
  return crypto.createHash("sha256").update(`${session.userId}:${session.token}`).digest("hex");
}
