/**
 * A home view that took long to render (a forum with thousands of waiting items) is rendered again for
 * the same person no sooner than this many times its rendering time later: under a burst of commands
 * the worker spends at most about 1/HOME_GAP_FACTOR of its time on each person's home view (HOME_SLOW_MS:
 * from which rendering time on).
 */
export const HOME_GAP_FACTOR = 20;
const HOME_SLOW_MS = 100;
/**
 * Any person's home view is rendered at most once in this time (on the bot's clock): under a burst of
 * changes (a coordinator's home while fifty members submit items) it was rendered at every pass of the
 * worker, each render holding up every command for its duration, to show a person a screen that changes
 * faster than anyone reads it. The first change after a quiet second shows at once; later ones together,
 * a second after the last render.
 */
export const HOME_MIN_GAP_MS = 1000;
/** People whose last render is remembered (the oldest are forgotten together past this many). */
const REMEMBERED_PEOPLE = 10_000;

/** When the outbox worker may render each person's home view again: its last render's moment and cost, per person. */
export class HomePacing {
  private readonly rendered = new Map<string, { at: number; clockAt: number; tookMs: number }>();

  /**
   * How long `person`'s home view must wait before it is rendered (0 or less: now). `clockNow` is the bot's
   * clock, `realNow` the machine's (a render's cost is real time). A second after the last render on the bot's
   * clock; a clock set back since (now before that render) says nothing about the time gone by, so it does not
   * hold the view: it is rendered now, and the pacing counts from there (held, it would wait until the clock had
   * caught up with the render: an hour set back, an hour).
   */
  waitMs(person: string, clockNow: number, realNow: number): { wait: number; slow: boolean } {
    const last = this.rendered.get(person);
    const slow = last && last.tookMs >= HOME_SLOW_MS ? last.at + HOME_GAP_FACTOR * last.tookMs - realNow : 0;
    const soon = last && clockNow >= last.clockAt ? last.clockAt + HOME_MIN_GAP_MS - clockNow : 0;
    return { wait: Math.max(slow, soon), slow: slow > 0 };
  }

  /** `person`'s home view was rendered: started at `at` (real time) and `clockAt` (the bot's clock), taking `tookMs`. */
  note(person: string, at: number, clockAt: number, tookMs: number): void {
    this.rendered.set(person, { at, clockAt, tookMs });
    if (this.rendered.size > REMEMBERED_PEOPLE) this.rendered.clear();
  }
}
