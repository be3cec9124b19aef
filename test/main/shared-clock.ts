import fs from 'node:fs';
import path from 'node:path';
import type { BotProcess } from './bot-process';

/**
 * The fake clock several bot processes share (SLT_TEST_CLOCK_FILE, src/scheduler/test-clock.ts): `set`
 * writes the next instant (whole, by rename: a process never reads half of it); `step` sets it and waits
 * until every bot still running has done the tick of that instant (it logs `test clock: ticked at …`).
 * A bot that dies during the step is not waited for.
 */
export class SharedClock {
  readonly file: string;
  constructor(dir: string, start: string) {
    this.file = path.join(dir, 'clock');
    this.set(start);
  }

  set(at: string): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, `${new Date(at).toISOString()}\n`);
    fs.renameSync(tmp, this.file);
  }

  async step(at: string, bots: readonly BotProcess[], ms = 90_000): Promise<void> {
    const iso = new Date(at).toISOString();
    this.set(iso);
    const ticked = new RegExp(`test clock: ticked at ${iso.replace(/[.]/g, '\\.')}`);
    await Promise.all(bots.filter((b) => b.proc.exitCode === null && b.proc.signalCode === null)
      .map((b) => Promise.race([b.waitFor(ticked, ms), b.exited.then(() => undefined)])));
  }
}
