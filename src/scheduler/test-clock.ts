import fs from 'node:fs';
import type { Clock } from '../core/ports/clock';

/**
 * TEST ONLY (SLT_TEST_CLOCK_FILE; refused with NODE_ENV=production): several bot processes share one
 * fake clock. The file holds one ISO instant; every process reads its time from it, and the clock stands
 * still until a test writes a later instant. Instead of the minute cron, each process then runs one
 * scheduler tick per change of the file and logs `test clock: ticked at <instant>`, so a test knows when
 * every process has done the work due at that moment (test/main/three-instances.test.ts).
 */
export class FileClock implements Clock {
  private cached?: { mtimeMs: number; size: number; at: Date };
  constructor(readonly file: string) {
    this.now(); // a missing or unreadable file stops the start
  }

  now(): Date {
    const st = fs.statSync(this.file);
    if (this.cached && this.cached.mtimeMs === st.mtimeMs && this.cached.size === st.size) return new Date(this.cached.at);
    const text = fs.readFileSync(this.file, 'utf8').trim();
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) {
      if (this.cached) return new Date(this.cached.at); // a write in progress: the last instant read
      throw new Error(`SLT_TEST_CLOCK_FILE ${this.file} does not hold an ISO instant ("${text.slice(0, 40)}")`);
    }
    this.cached = { mtimeMs: st.mtimeMs, size: st.size, at };
    return new Date(at);
  }
}

/** Run `tick` each time the clock file shows a new instant (polled every `pollMs`); never two ticks at once. */
export function tickOnClockChange(clock: FileClock, tick: (at: Date) => Promise<void>, pollMs = 25): { stop(): void } {
  let last = '';
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    let at: Date;
    try {
      at = clock.now();
    } catch {
      return;
    }
    if (at.toISOString() === last) return;
    last = at.toISOString();
    running = true;
    void tick(at).finally(() => { running = false; });
  }, pollMs);
  return { stop: () => clearInterval(timer) };
}
