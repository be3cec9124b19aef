/**
 * The type of a catalog (or an area of one) in another language, from bokmål's: the same keys, each a
 * string, a function of the same arguments returning a string, or the same typed table of names.
 */
export type Catalog<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : T[K] extends string ? string : T[K];
};
