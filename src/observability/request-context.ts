import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * What every log line written while a request is handled carries, without the call sites passing it:
 * the request's id (one per HTTP request, Teams activity, command or scheduler tick) and, where the
 * platform gave one, its own delivery id (a Teams activity id). Held in an AsyncLocalStorage, so it
 * follows the request through every await and callback. It also holds the texts the person sent, so
 * the log's last guard can mask them wherever they might turn up (see log-redaction.ts).
 */
export interface RequestContext {
  reqId: string;
  /** the platform's own id of what it delivered (a Teams activity id), safe characters only */
  delivery?: string;
  platform?: string;
  /** the texts the person sent in this request (never logged; masked wherever they appear in a line) */
  userTexts?: string[];
  /** set when the core reported an internal error while handling a command in this context */
  failed?: boolean;
  /** work the bot does on its own (rendering a home view for the outbox): not counted as a command */
  background?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * Request ids: 16 hex characters, counted up by one from a random 64-bit starting point drawn once per
 * process. Unique within the process (it comes round only after 2^64 ids), and two processes' ids
 * meet only if their starting points fall within as many ids of each other as they hand out (a chance of
 * about that count / 2^64). No entropy is drawn per id: an id is made for every HTTP request, command,
 * message sent and scheduler tick, and randomBytes (a call into OpenSSL's generator) showed in the profile.
 */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
/** 8 hex characters of a 32-bit number (four table look-ups: Number#toString(16) showed in the profile). */
const hex8 = (n: number): string => HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/** Ids counted up by one from a 64-bit starting point (8 bytes), as 16 hex characters; after ff…ff comes 00…00. */
export function requestIds(start: Uint8Array): () => string {
  const view = new DataView(start.buffer, start.byteOffset, 8);
  let high = view.getUint32(0);
  let low = view.getUint32(4);
  let highHex = hex8(high);
  return () => {
    low = (low + 1) >>> 0;
    if (low === 0) {
      high = (high + 1) >>> 0;
      highHex = hex8(high);
    }
    return highHex + hex8(low);
  };
}

/** The next request id: 16 hex characters. */
export const newRequestId: () => string = requestIds(randomBytes(8));

/** The request being handled here, if any. */
export const currentRequest = (): RequestContext | undefined => storage.getStore();

/** Run `fn` as (part of) a request: fields given replace those of the request around it, if any. */
export function withRequest<T>(fields: Partial<RequestContext>, fn: () => T): T {
  const outer = storage.getStore();
  // one list for a request and the requests within it: a text noted in a command is masked in the rest of its HTTP request too
  if (outer) outer.userTexts ??= [];
  return storage.run({ ...outer, reqId: outer?.reqId ?? newRequestId(), ...fields }, fn);
}

/** Run `fn` as a request of its own (a scheduler tick), whatever it was started from. */
export function asNewRequest<T>(fields: Partial<RequestContext>, fn: () => T): T {
  return storage.run({ reqId: newRequestId(), ...fields }, fn);
}

/** Note texts a person sent in the current request (no-op outside one). */
export function noteUserTexts(texts: readonly (string | undefined)[]): void {
  const ctx = storage.getStore();
  if (!ctx) return;
  const kept = texts.filter((t): t is string => typeof t === 'string' && t.trim().length > 0);
  if (kept.length) (ctx.userTexts ??= []).push(...kept);
}
