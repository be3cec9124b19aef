import type { App } from '../../src/app';
import type { FakeClock } from '../helpers';

/** People of the test municipality (test/helpers.ts fixture), by member id. */
export type Who = 'koord' | 'leder' | 'politi' | 'vara' | 'obs' | 'fremmed';

/**
 * What the contract suite needs from a platform: a person types, presses, fills a form, and reads.
 * Each adapter's test provides one, driving the REAL adapter code (signed HTTP requests to its
 * endpoint and a fake platform API on loopback for Slack and Teams; the console session for the console).
 * All texts are returned as plain text extracted from what the platform would display.
 */
export interface AdapterDriver {
  /** `who` types a command in the team forum's channel; returns what they saw (private replies) */
  command(who: Who, text: string): Promise<string>;
  /** `who` presses the decision button `verb` on the latest card about `ref` (reject/ask: with `text`) */
  press(who: Who, ref: string, verb: 'approve' | 'reject' | 'defer' | 'ask', text?: string): Promise<string>;
  /** `who` opens the agenda form (`agenda add` without arguments) in the channel and submits `values` */
  submitForm(who: Who, values: Record<string, string>): Promise<string>;
  /** everything posted in the team forum's channel so far, oldest first (outbox delivered first) */
  channelPosts(): Promise<string[]>;
  /** everything sent to `who` as a direct message so far (outbox delivered first) */
  dms(who: Who): Promise<string[]>;
  /** the DM card about `ref` as `who` sees it now, after any edits (outbox delivered first) */
  dmCard(who: Who, ref: string): Promise<string | undefined>;
  /** the decision buttons (verbs) the latest DM card about `ref` offers `who` now (outbox delivered first) */
  dmButtons(who: Who, ref: string): Promise<string[]>;
  /**
   * The latest version of every message the bot ever sent `who` as a DM and of every post in the team
   * forum's channel, after all edits (outbox delivered first): what a person could still scroll back to.
   * Replies shown only once and never kept by the platform (Slack ephemerals) are not included.
   */
  latestMessages(who: Who): Promise<string[]>;
  close(): Promise<void>;
}

export type DriverFactory = (app: App, clock: FakeClock) => Promise<AdapterDriver>;
