import type { OutputStream } from "./command.js";

// Back to the start of the line and erase it (ANSI EL 2), so the next write replaces the status.
const ERASE_LINE = "\r\u001b[2K";

/**
 * A one-line counter on a terminal's standard error, redrawn in place; silent when stderr is not a terminal
 * (CI logs, pipes), so it never mixes into reports or logs.
 */
export function progressLine(stream: OutputStream, label: string): { update(done: number, total: number): void; done(): void } {
  if (!stream.isTTY) return { update() {}, done() {} };
  let shown = false;
  let lastPercent = -1;
  return {
    update(done, total) {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      shown = true;
      stream.write(`${ERASE_LINE}${label} ${done}/${total} (${percent}%)`);
    },
    done() {
      if (shown) stream.write(ERASE_LINE);
    },
  };
}

/** A one-line status on a terminal's standard error, for work without a count; nothing when not a terminal. */
export function statusLine(stream: OutputStream, text: string): { clear(): void } {
  if (!stream.isTTY) return { clear() {} };
  stream.write(text);
  let shown = true;
  return {
    clear() {
      if (shown) stream.write(ERASE_LINE);
      shown = false;
    },
  };
}
