import type { OutputStream } from "./command.js";

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
      stream.write(`\r\u001b[2K${label} ${done}/${total} (${percent}%)`);
    },
    done() {
      if (shown) stream.write("\r\u001b[2K");
    },
  };
}
