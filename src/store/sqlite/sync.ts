/** The synchronous twin of an asynchronous interface: each method returns what the promise would resolve to. */
export type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};
