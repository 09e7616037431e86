import type { OcpiToken } from '../ocpi/token-object.ts';

/** Tokens by record key, findable by uid and by contract id without scanning them all. */
export class TokenIndex {
  private readonly byKey = new Map<string, OcpiToken>();
  private readonly keysByUid = new Map<string, Set<string>>();
  private readonly keysByContractId = new Map<string, Set<string>>();

  set(key: string, token: OcpiToken | null): void {
    const before = this.byKey.get(key);
    if (before !== undefined) {
      unlink(this.keysByUid, before.uid, key);
      unlink(this.keysByContractId, before.contract_id, key);
      this.byKey.delete(key);
    }
    if (token === null) return;
    this.byKey.set(key, token);
    link(this.keysByUid, token.uid, key);
    link(this.keysByContractId, token.contract_id, key);
  }

  withUid(uid: string): OcpiToken[] {
    return this.resolve(this.keysByUid.get(uid));
  }

  withContractId(contractId: string): OcpiToken[] {
    return this.resolve(this.keysByContractId.get(contractId));
  }

  private resolve(keys: ReadonlySet<string> | undefined): OcpiToken[] {
    return [...(keys ?? [])].flatMap((key) => {
      const token = this.byKey.get(key);
      return token === undefined ? [] : [token];
    });
  }
}

function link(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value) ?? new Set<string>();
  keys.add(key);
  index.set(value, keys);
}

function unlink(index: Map<string, Set<string>>, value: string, key: string): void {
  const keys = index.get(value);
  if (keys === undefined) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(value);
}
