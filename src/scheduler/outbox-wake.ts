/**
 * The outbox worker, woken when a transaction has queued messages: a command's posts, DMs and home
 * views go out right after it committed (Slack and Teams as the console), not at the next cron minute.
 * The command itself never waits for a send: the pass runs later, through `queue`, one at a time with
 * the scheduler's ticks. Wakes that come while a pass waits to start are one pass; a wake during a pass
 * makes one more pass after it (what that command queued is then sent too).
 */
export function outboxWake(pass: () => Promise<unknown>, queue: (work: () => Promise<void>) => Promise<void>): () => void {
  let waiting = false;
  return () => {
    if (waiting) return;
    waiting = true;
    void queue(async () => {
      waiting = false;
      await pass();
    });
  };
}
