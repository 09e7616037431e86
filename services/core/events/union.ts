/**
 * avsc represents a union of several records as `{ 'full.Name': value }` (the Avro JSON encoding). These
 * helpers turn that into a discriminated union TypeScript can switch on exhaustively, and back.
 * M maps each branch name to its value type (the generated `*Branches` interfaces).
 */
export type Wrapped<M> = { [K in keyof M]: { readonly [P in K]: M[K] } }[keyof M];

export type Opened<M> = { [K in keyof M]: { readonly kind: K; readonly value: M[K] } }[keyof M];

export function openUnion<M>(wrapped: Wrapped<M>): Opened<M> {
  const entries = Object.entries(wrapped as object);
  const [entry] = entries;
  if (entry === undefined || entries.length !== 1) {
    throw new TypeError(`a wrapped union value has exactly one branch, got ${JSON.stringify(Object.keys(wrapped as object))}`);
  }
  const [kind, value] = entry;
  return { kind, value } as Opened<M>;
}

export function wrapUnion<M, K extends keyof M & string>(kind: K, value: M[K]): Wrapped<M> {
  return { [kind]: value } as unknown as Wrapped<M>;
}
