/** How old the scheduler's last sign of life may be before the bot is not ready (it ticks every minute). */
export const TICK_STALE_MS = 3 * 60_000;
/** Grace past a message's delivery bound before readiness fails (one lease and one tick). */
export const OVERDUE_SLACK_MS = 2 * 60_000;

export interface ReadinessSources {
  /** why the database cannot take a write now, or undefined */
  storageProblem(): Promise<string | undefined>;
  /** when the scheduler last ticked or delivered a message (ms since the epoch, real time) */
  lastTickAt(): number;
  /** messages still waiting or sending past their delivery bound */
  overdueMessages(): Promise<number>;
  now?(): number;
}

/**
 * /readyz: whether the bot does its job, not only whether the process is alive (that is /healthz).
 * Not ready when the database cannot be written, the scheduler has not ticked for three minutes, or
 * messages are past their delivery bound.
 */
export async function readiness(s: ReadinessSources): Promise<{ ok: boolean; problems: string[] }> {
  const problems: string[] = [];
  const storage = await s.storageProblem();
  if (storage) problems.push(storage);
  const age = (s.now?.() ?? Date.now()) - s.lastTickAt();
  if (age > TICK_STALE_MS) problems.push(`the scheduler has not ticked for ${Math.round(age / 1000)} s`);
  if (!storage) {
    const overdue = await s.overdueMessages();
    if (overdue) problems.push(`${overdue} messages are past their delivery bound`);
  }
  return { ok: problems.length === 0, problems };
}
