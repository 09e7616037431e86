import type { BootPolicy as WireBootPolicy, ChargerRecord } from '../../core/events/generated-types.ts';
import { edgeEnvelope } from '../server/envelope.ts';
import type { BootPolicy, ChargerRegistration, SecurityProfile } from './charger-registration.ts';
import type { PasswordHash } from './password-hash.ts';

const wireBootPolicies: Readonly<Record<BootPolicy, WireBootPolicy>> = { accept: 'ACCEPT', pending: 'PENDING', reject: 'REJECT' };

export function registrationToWire(registration: ChargerRegistration, stamp: { eventId: string; instanceId: string }): ChargerRecord {
  const { password } = registration;
  return {
    envelope: edgeEnvelope({
      eventId: stamp.eventId,
      key: registration.chargerId,
      recordedAt: registration.updatedAt,
      instanceId: stamp.instanceId,
    }),
    payload: {
      charger_id: registration.chargerId,
      security_profile: registration.securityProfile,
      password:
        password === null
          ? null
          : {
              algorithm: password.algorithm,
              salt_base64url: password.saltBase64url,
              hash_base64url: password.hashBase64url,
              cost: password.cost,
              block_size: password.blockSize,
              parallelization: password.parallelization,
            },
      certificate_identity: registration.certificateIdentity,
      allowed: registration.allowed,
      boot_policy: wireBootPolicies[registration.bootPolicy],
      quirk_rules: registration.quirkRules,
      labels: registration.labels,
      created_at: registration.createdAt,
      updated_at: registration.updatedAt,
    },
  };
}

export function registrationFromWire(record: ChargerRecord): ChargerRegistration {
  const { payload } = record;
  return {
    chargerId: payload.charger_id,
    securityProfile: securityProfileOf(payload.security_profile),
    password: payload.password === null ? null : passwordHashOf(payload.password),
    certificateIdentity: payload.certificate_identity,
    allowed: payload.allowed,
    bootPolicy: bootPolicyOf(payload.boot_policy),
    quirkRules: payload.quirk_rules,
    labels: payload.labels,
    createdAt: payload.created_at,
    updatedAt: payload.updated_at,
  };
}

function passwordHashOf(wire: NonNullable<ChargerRecord['payload']['password']>): PasswordHash {
  if (wire.algorithm !== 'scrypt') throw new Error(`unsupported password hash algorithm ${wire.algorithm}`);
  return {
    algorithm: 'scrypt',
    saltBase64url: wire.salt_base64url,
    hashBase64url: wire.hash_base64url,
    cost: wire.cost,
    blockSize: wire.block_size,
    parallelization: wire.parallelization,
  };
}

function securityProfileOf(value: number): SecurityProfile {
  if (value === 0 || value === 1 || value === 2 || value === 3) return value;
  throw new Error(`unknown security profile ${value}`);
}

function bootPolicyOf(value: WireBootPolicy): BootPolicy {
  switch (value) {
    case 'ACCEPT':
      return 'accept';
    case 'PENDING':
      return 'pending';
    case 'REJECT':
      return 'reject';
    default: {
      const unreachable: never = value;
      throw new Error(`unknown boot policy ${String(unreachable)}`);
    }
  }
}
