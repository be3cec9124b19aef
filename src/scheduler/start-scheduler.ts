import cron from 'node-cron';

/**
 * node-cron only wakes us up; what is due is decided from the database on every tick,
 * so ticks missed while the process was down are caught up by the next one.
 */
export function startScheduler(tick: () => Promise<void>, onError: (e: unknown) => void, expression = '* * * * *'): { stop(): void } {
  let running = false;
  const task = cron.schedule(expression, async () => {
    if (running) return; // a slow tick is never overlapped by the next
    running = true;
    try {
      await tick();
    } catch (e) {
      onError(e);
    } finally {
      running = false;
    }
  });
  return { stop: () => void task.stop() };
}
