import type { Request } from 'express';
import type { AdminRouteRegistrar } from '../../core/http/admin-api.ts';
import { ApiError } from '../../core/http/api-error.ts';
import type { JsonSchema } from '../../core/http/openapi.ts';
import { parseChargerId } from '../protocol/charger-id.ts';
import type { ChargerPresence } from '../server/connection-directory.ts';
import { registrationRequestSchema, type ChargerRegistration } from './charger-registration.ts';
import type { ChargerRegistry } from './charger-registry.ts';

/** A registration as the API shows it: never the password hash, plus this instance's view of the socket. */
export interface ChargerView {
  readonly chargerId: string;
  readonly securityProfile: number;
  readonly hasPassword: boolean;
  readonly certificateIdentity: string | null;
  readonly allowed: boolean;
  readonly bootPolicy: string;
  readonly quirkRules: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly connection: {
    readonly connected: boolean;
    readonly connectionId: string | null;
    readonly connectedAt: string | null;
    readonly lastSeenAt: string | null;
  };
}

export interface RegistryRoutesDeps {
  readonly registry: ChargerRegistry;
  readonly presenceOf: (chargerId: string) => ChargerPresence;
  /** Drops the live socket of a charger that was just deleted or suspended. */
  readonly disconnect: (chargerId: string, reason: string) => void;
}

const iso = (epochMs: number | null): string | null => (epochMs === null ? null : new Date(epochMs).toISOString());

function viewOf(registration: ChargerRegistration, presence: ChargerPresence): ChargerView {
  return {
    chargerId: registration.chargerId,
    securityProfile: registration.securityProfile,
    hasPassword: registration.password !== null,
    certificateIdentity: registration.certificateIdentity,
    allowed: registration.allowed,
    bootPolicy: registration.bootPolicy,
    quirkRules: registration.quirkRules,
    labels: registration.labels,
    createdAt: new Date(registration.createdAt).toISOString(),
    updatedAt: new Date(registration.updatedAt).toISOString(),
    connection: {
      connected: presence.connected,
      connectionId: presence.connectionId,
      connectedAt: iso(presence.connectedAt),
      lastSeenAt: iso(presence.lastSeenAt),
    },
  };
}

export function chargerIdParam(request: Request): string {
  const raw = request.params['chargerId'];
  const parsed = parseChargerId(typeof raw === 'string' ? raw : '');
  if (!parsed.ok) throw new ApiError(400, 'invalid_charger_id', parsed.reason);
  return parsed.id;
}

const chargerIdParameter = {
  name: 'chargerId',
  in: 'path',
  required: true,
  description: 'OCPP charger identity (the last path segment of its WebSocket URL)',
  schema: { type: 'string', maxLength: 48 },
} as const;

const chargerViewSchema: JsonSchema = {
  type: 'object',
  properties: {
    chargerId: { type: 'string' },
    securityProfile: { type: 'integer', enum: [0, 1, 2, 3] },
    hasPassword: { type: 'boolean' },
    certificateIdentity: { type: ['string', 'null'] },
    allowed: { type: 'boolean' },
    bootPolicy: { type: 'string', enum: ['accept', 'pending', 'reject'] },
    quirkRules: { type: 'array', items: { type: 'string' } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    connection: {
      type: 'object',
      description: 'The socket as this edge instance sees it',
      properties: {
        connected: { type: 'boolean' },
        connectionId: { type: ['string', 'null'] },
        connectedAt: { type: ['string', 'null'], format: 'date-time' },
        lastSeenAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
  },
};

const registrationRequestJsonSchema: JsonSchema = {
  type: 'object',
  required: ['securityProfile'],
  additionalProperties: false,
  properties: {
    securityProfile: { type: 'integer', enum: [0, 1, 2, 3], description: '0 none, 1 Basic, 2 TLS + Basic, 3 mutual TLS' },
    password: { type: 'string', minLength: 16, maxLength: 40, description: 'Profiles 1 and 2 only; stored as a salted scrypt hash' },
    certificateIdentity: { type: 'string', description: 'Profile 3: expected certificate CN/SAN when it is not the charger id' },
    allowed: { type: 'boolean', default: true },
    bootPolicy: { type: 'string', enum: ['accept', 'pending', 'reject'], default: 'accept' },
    quirkRules: { type: 'array', items: { type: 'string' }, default: [] },
    labels: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
  },
};

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

export function registerRegistryRoutes(admin: AdminRouteRegistrar, deps: RegistryRoutesDeps): void {
  const { registry } = deps;
  const found = (chargerId: string): ChargerRegistration => {
    const registration = registry.get(chargerId);
    if (registration === undefined) throw new ApiError(404, 'unknown_charger', `charger ${chargerId} is not registered`);
    return registration;
  };

  admin.register({
    method: 'get',
    path: '/chargers',
    operation: {
      operationId: 'listChargers',
      summary: 'Registered chargers with their connection state and last-seen time',
      tags: ['chargers'],
      responses: { '200': { description: 'Chargers, sorted by id', content: json({ type: 'array', items: chargerViewSchema }) } },
    },
    handler: (_request, response) => {
      response.json(registry.list().map((registration) => viewOf(registration, deps.presenceOf(registration.chargerId))));
    },
  });

  admin.register({
    method: 'get',
    path: '/chargers/{chargerId}',
    operation: {
      operationId: 'getCharger',
      summary: 'One registered charger',
      tags: ['chargers'],
      parameters: [chargerIdParameter],
      responses: {
        '200': { description: 'The charger', content: json(chargerViewSchema) },
        '404': { description: 'Not registered' },
      },
    },
    handler: (request, response) => {
      const chargerId = chargerIdParam(request);
      response.json(viewOf(found(chargerId), deps.presenceOf(chargerId)));
    },
  });

  admin.register({
    method: 'put',
    path: '/chargers/{chargerId}',
    operation: {
      operationId: 'putCharger',
      summary: 'Register a charger or replace its registration',
      description: 'Stored on the compacted topic switchyard.chargers. A suspended charger (allowed: false) is disconnected.',
      tags: ['chargers'],
      parameters: [chargerIdParameter],
      requestBody: { required: true, content: json(registrationRequestJsonSchema) },
      responses: {
        '200': { description: 'Registration replaced', content: json(chargerViewSchema) },
        '201': { description: 'Charger registered', content: json(chargerViewSchema) },
        '400': { description: 'Invalid charger id or registration' },
      },
    },
    handler: async (request, response) => {
      const chargerId = chargerIdParam(request);
      const parsed = registrationRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
        throw new ApiError(400, 'invalid_registration', problems.join('; '));
      }
      const existed = registry.get(chargerId) !== undefined;
      const registration = await registry.put(chargerId, parsed.data);
      if (!registration.allowed) deps.disconnect(chargerId, 'charger suspended');
      response.status(existed ? 200 : 201).json(viewOf(registration, deps.presenceOf(chargerId)));
    },
  });

  admin.register({
    method: 'delete',
    path: '/chargers/{chargerId}',
    operation: {
      operationId: 'deleteCharger',
      summary: 'Remove a charger (its live connection is closed)',
      tags: ['chargers'],
      parameters: [chargerIdParameter],
      responses: { '204': { description: 'Removed' }, '404': { description: 'Not registered' } },
    },
    handler: async (request, response) => {
      const chargerId = chargerIdParam(request);
      if (!(await registry.remove(chargerId))) throw new ApiError(404, 'unknown_charger', `charger ${chargerId} is not registered`);
      deps.disconnect(chargerId, 'charger removed');
      response.status(204).end();
    },
  });
}
