/**
 * What an eMSP holds after the CPO's pushes: PUT replaces an object, PATCH merges its top-level fields
 * (the spec's partial update), and writes below a location (`/{evse_uid}[/{connector_id}]`) land inside
 * the location's `evses` / `connectors` arrays, as an eMSP's location view would show them.
 */

export type OcpiObject = Record<string, unknown>;

export type ObjectWrite = 'PUT' | 'PATCH';

/** Child arrays by depth below the root object: a location's EVSEs by uid, an EVSE's connectors by id. */
const childLevels = [
  { field: 'evses', key: 'uid' },
  { field: 'connectors', key: 'id' },
] as const;

export function applyObjectWrite(current: OcpiObject | undefined, childIds: readonly string[], write: ObjectWrite, body: OcpiObject, depth = 0): OcpiObject {
  const [childId, ...deeper] = childIds;
  if (childId === undefined) return write === 'PUT' ? body : { ...current, ...body };
  const level = childLevels[depth];
  if (level === undefined) throw new Error(`cannot write ${childIds.length} levels below an object`);
  const children = Array.isArray(current?.[level.field]) ? (current[level.field] as OcpiObject[]) : [];
  const index = children.findIndex((child) => child[level.key] === childId);
  const updated = applyObjectWrite(index === -1 ? undefined : children[index], deeper, write, deeper.length === 0 ? { ...body, [level.key]: body[level.key] ?? childId } : body, depth + 1);
  const nextChildren = index === -1 ? [...children, updated] : children.map((child, at) => (at === index ? updated : child));
  return { ...current, [level.field]: nextChildren };
}

/** Objects of one module keyed by `country_code/party_id/id` (sessions, CDRs, tariffs, locations with their EVSEs). */
export class ReceivedObjects {
  readonly #objects = new Map<string, OcpiObject>();

  write(ids: readonly [string, string, string, ...string[]], write: ObjectWrite, body: OcpiObject): OcpiObject {
    const [countryCode, partyId, id, ...childIds] = ids;
    const key = objectKey(countryCode, partyId, id);
    const next = applyObjectWrite(this.#objects.get(key), childIds, write, body);
    this.#objects.set(key, next);
    return next;
  }

  get(countryCode: string, partyId: string, id: string): OcpiObject | undefined {
    return this.#objects.get(objectKey(countryCode, partyId, id));
  }

  /** Forgets the object; false when it was not held. */
  delete(countryCode: string, partyId: string, id: string): boolean {
    return this.#objects.delete(objectKey(countryCode, partyId, id));
  }

  all(): OcpiObject[] {
    return [...this.#objects.values()];
  }

  clear(): void {
    this.#objects.clear();
  }
}

function objectKey(countryCode: string, partyId: string, id: string): string {
  return `${countryCode}/${partyId}/${id}`;
}
