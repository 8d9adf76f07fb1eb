import * as crypto from "crypto";
import type { Clock } from "@detkit/runtime/clock";
import type { Random } from "@detkit/runtime/random";

export interface Session {
  token: string;
  userId: string;
  issuedAt: number;
}

export function openSession(userId: string, clock: Clock, random: Random): Session {
  return {
    token: Buffer.from(random.bytes(24)).toString("base64url"),
    userId,
    issuedAt: clock.now(),
  };
}

export function sessionFingerprint(session: Session): string {
  return crypto.createHash("sha256").update(`${session.userId}:${session.token}`).digest("hex");
}
