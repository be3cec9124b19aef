/**
 * Array helpers for asynchronous callbacks, one element after the other (never all at once): reads go
 * to one transaction in order, and what they note (a case shown, a message queued) keeps that order.
 */
export async function mapSeq<T, R>(list: readonly T[], fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < list.length; i++) out.push(await fn(list[i]!, i));
  return out;
}

export async function flatMapSeq<T, R>(list: readonly T[], fn: (x: T, i: number) => Promise<readonly R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < list.length; i++) out.push(...(await fn(list[i]!, i)));
  return out;
}

export async function filterSeq<T>(list: readonly T[], fn: (x: T, i: number) => Promise<boolean>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) if (await fn(list[i]!, i)) out.push(list[i]!);
  return out;
}

export async function someSeq<T>(list: readonly T[], fn: (x: T) => Promise<boolean>): Promise<boolean> {
  for (const x of list) if (await fn(x)) return true;
  return false;
}

/** A value as a list of it, or none (for flatMapSeq callbacks). */
export const listOf = <T>(x: T | undefined): T[] => (x === undefined ? [] : [x]);
