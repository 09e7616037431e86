import { z } from 'zod';
import { isQuirkRuleName } from '../quirks/rule-catalogue.ts';
import type { PasswordHash } from './password-hash.ts';

/**
 * OCPP security profiles: 0 = no authentication (test benches), 1 = HTTP Basic over plain WebSocket,
 * 2 = HTTP Basic over TLS, 3 = mutual TLS with the client certificate issued to the charger.
 */
export type SecurityProfile = 0 | 1 | 2 | 3;

export type BootPolicy = 'accept' | 'pending' | 'reject';

/** One charger as the operator registered it; the value kept per charger on switchyard.chargers. */
export interface ChargerRegistration {
  readonly chargerId: string;
  readonly securityProfile: SecurityProfile;
  /** Required for profiles 1 and 2; null otherwise. */
  readonly password: PasswordHash | null;
  /** Profile 3: the certificate CN/SAN expected when it differs from the charger id. */
  readonly certificateIdentity: string | null;
  /** false: the charger stays registered but its connections are refused (suspended). */
  readonly allowed: boolean;
  readonly bootPolicy: BootPolicy;
  readonly quirkRules: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What the admin API accepts for PUT /api/chargers/{id}. */
export const registrationRequestSchema = z
  .object({
    securityProfile: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
    /** OCPP 2.0.1 BasicAuthPassword: 16 to 40 characters. */
    password: z.string().min(16).max(40).optional(),
    certificateIdentity: z.string().min(1).max(255).optional(),
    allowed: z.boolean().default(true),
    bootPolicy: z.enum(['accept', 'pending', 'reject']).default('accept'),
    quirkRules: z.array(z.string().refine(isQuirkRuleName, { message: 'unknown quirk rule' })).default([]),
    labels: z.record(z.string(), z.string()).default({}),
  })
  .strict()
  .refine((request) => (request.securityProfile === 1 || request.securityProfile === 2) === (request.password !== undefined), {
    message: 'security profiles 1 and 2 need a password (16 to 40 characters); profiles 0 and 3 take none',
    path: ['password'],
  });

export type RegistrationRequest = z.infer<typeof registrationRequestSchema>;
