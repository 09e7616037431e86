import { ShardedMap } from '../../projectors/tracking/sharded-map.ts';
import { tokenKeyOf } from '../ocpi/token-kind.ts';
import type { OcpiToken } from '../ocpi/token-object.ts';

/** The OCPP id token a charger presents, as far as finding its OCPI token goes. */
export interface PresentedToken {
  readonly value: string;
  readonly type: string | null;
}

/**
 * Tokens by record key, findable by uid and by contract id without scanning them all. Immutable, so the
 * projectors can keep it in their state; an update copies only what it touches (see ShardedMap).
 */
export class TokenIndex {
  static readonly empty = new TokenIndex(ShardedMap.empty(), ShardedMap.empty(), ShardedMap.empty());

  private constructor(
    private readonly byKey: ShardedMap<OcpiToken>,
    private readonly keysByUid: ShardedMap<readonly string[]>,
    private readonly keysByContractId: ShardedMap<readonly string[]>,
  ) {}

  set(key: string, token: OcpiToken | null): TokenIndex {
    const before = this.byKey.get(key);
    let { byKey, keysByUid, keysByContractId } = this;
    if (before !== undefined) {
      byKey = byKey.delete(key);
      keysByUid = unlink(keysByUid, before.uid, key);
      keysByContractId = unlink(keysByContractId, before.contract_id, key);
    }
    if (token !== null) {
      byKey = byKey.set(key, token);
      keysByUid = link(keysByUid, token.uid, key);
      keysByContractId = link(keysByContractId, token.contract_id, key);
    }
    return new TokenIndex(byKey, keysByUid, keysByContractId);
  }

  withUid(uid: string): OcpiToken[] {
    return this.resolve(this.keysByUid.get(uid));
  }

  withContractId(contractId: string): OcpiToken[] {
    return this.resolve(this.keysByContractId.get(contractId));
  }

  /** The tokens a presented id token may be: a 2.0.1 eMAID is the contract id; every other type presents the uid. */
  candidatesFor(presented: PresentedToken): OcpiToken[] {
    return presented.type === 'eMAID' ? this.withContractId(presented.value) : this.withUid(presented.value);
  }

  /**
   * A token whose record an older version keyed without its type is found under that key until the store
   * tombstones it, right after writing the token under its own key: meanwhile the own key's record counts.
   */
  private resolve(keys: readonly string[] | undefined): OcpiToken[] {
    const byTokenKey = new Map<string, OcpiToken>();
    for (const key of keys ?? []) {
      const token = this.byKey.get(key);
      if (token === undefined) continue;
      const tokenKey = tokenKeyOf(token);
      if (key === tokenKey || !byTokenKey.has(tokenKey)) byTokenKey.set(tokenKey, token);
    }
    return [...byTokenKey.values()];
  }
}

function link(index: ShardedMap<readonly string[]>, value: string, key: string): ShardedMap<readonly string[]> {
  const keys = index.get(value) ?? [];
  return keys.includes(key) ? index : index.set(value, [...keys, key]);
}

function unlink(index: ShardedMap<readonly string[]>, value: string, key: string): ShardedMap<readonly string[]> {
  const keys = (index.get(value) ?? []).filter((candidate) => candidate !== key);
  return keys.length === 0 ? index.delete(value) : index.set(value, keys);
}
