import { z } from 'zod';
import type { PartyRef, TopicValues } from '../../core/events/generated-types.ts';
import type { JsonSchema } from '../../core/http/openapi.ts';

export type RoamingTopic = 'switchyard.locations' | 'switchyard.tariffs' | 'switchyard.tokens';

export interface PartyObject {
  readonly country_code: string;
  readonly party_id: string;
  readonly last_updated: string;
}

export type Acceptance<O> = { readonly ok: true; readonly object: O } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * One kind of roaming object (Location, Tariff, Token): how the operator's JSON is validated, and how the
 * stored object travels on its compacted topic (typed fields for consumers + the whole object as JSON).
 */
export interface RoamingKind<T extends RoamingTopic, O extends PartyObject> {
  readonly topic: T;
  readonly singular: string;
  readonly plural: string;
  /** The object's own id field: `id`, or `uid` for tokens. */
  readonly idField: string;
  /** The object as the admin API accepts it, for openapi.json. */
  readonly bodySchema: JsonSchema;
  idOf(object: O): string;
  /**
   * What names the object within the store and is its record key: country_code/party_id/id, plus the
   * qualifier when the kind has one (tokens: country_code/party_id/uid/type).
   */
  keyOf(object: O): string;
  /** A field besides the id that names the object within its party (tokens: type), given as a query parameter. */
  readonly qualifier?: Qualifier<O>;
  /** Validates an operator-entered object; the server stamps last_updated (and what else it owns) with `at`. */
  accept(body: unknown, at: number): Acceptance<O>;
  toPayload(object: O): TopicValues[T]['payload'];
  fromPayload(payload: TopicValues[T]['payload']): O;
}

export interface Qualifier<O> {
  readonly field: string;
  readonly values: readonly string[];
  /** What a request that names no qualifier means. */
  readonly defaultValue: string;
  readonly description: string;
  of(object: O): string;
}

export function ownerOf(object: PartyObject): PartyRef {
  return { country_code: object.country_code, party_id: object.party_id };
}

/** The record key of the three compacted topics: country_code/party_id/id. */
export function roamingKey(owner: PartyRef, id: string): string {
  return `${owner.country_code}/${owner.party_id}/${id}`;
}

/** The owner and id a record key names (ids may hold '/': only the first two separate), null when it is not one. */
export function parseRoamingKey(key: string): { readonly owner: PartyRef; readonly id: string } | null {
  const match = /^([^/]+)\/([^/]+)\/(.+)$/.exec(key);
  if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) return null;
  return { owner: { country_code: match[1], party_id: match[2] }, id: match[3] };
}

export function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The JSON Schema of what a zod schema accepts, as openapi.json embeds it. */
export function bodySchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...body } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return body;
}
