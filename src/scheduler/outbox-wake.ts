/**
 * The outbox worker, woken when a transaction has queued messages: a command's posts, DMs and home
 * views go out right after it committed (Slack and Teams as the console), not at the next cron minute.
 * The command itself never waits for a send: the pass runs later, through `queue`, one at a time with
 * the scheduler's ticks. Wakes that come while a pass waits to start are one pass; a wake during a pass
 * makes one more pass after it (what that command queued is then sent too). Passes begin at most every
 * `minGapMs` (a burst of commands is a few passes, not one per command: each pass also looks over the
 * whole queue for expired and interrupted messages).
 */
export function outboxWake(pass: () => Promise<unknown>, queue: (work: () => Promise<void>) => Promise<void>, minGapMs = 200): () => void {
  let waiting = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  const start = () => void queue(async () => {
    waiting = false;
    lastStart = Date.now();
    await pass();
  });
  return () => {
    if (waiting) return;
    waiting = true;
    const delay = lastStart + minGapMs - Date.now();
    if (delay > 0) setTimeout(start, delay);
    else start();
  };
}
