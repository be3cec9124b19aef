/**
 * One holder at a time, the others wait in order (an asynchronous mutex). SQLite has one connection
 * per process here: a transaction holds the lock from BEGIN to COMMIT, even while the code inside
 * awaits, so no other work of the process runs a statement in the middle of it.
 */
export class SerialLock {
  private held = false;
  private readonly waiting: (() => void)[] = [];

  get busy(): boolean {
    return this.held;
  }

  /** Wait for the lock; throws after `timeoutMs` (a transaction that awaited something else, or work nested inside one). */
  async acquire(timeoutMs: number): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new Error(`the database was held by one transaction for more than ${timeoutMs} ms (work inside a transaction that awaits anything but the transaction, or uses the store outside it?)`));
      }, timeoutMs);
      timer.unref?.();
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}
