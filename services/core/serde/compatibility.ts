import type avro from 'avsc';
import { compileAvroType, type AvroSchema } from './avro-schema.ts';

/** Confluent's compatibility levels; one implementation serves the file-backed registry and the test server. */
export const compatibilityLevels = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;

export type CompatibilityLevel = (typeof compatibilityLevels)[number];

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (compatibilityLevels as readonly string[]).includes(value);
}

export type CompatibilityVerdict = { readonly compatible: true } | { readonly compatible: false; readonly messages: readonly string[] };

interface Rule {
  readonly transitive: boolean;
  /** New schema must read data written with the old one (consumers upgrade first). */
  readonly backward: boolean;
  /** Old schema must read data written with the new one (producers upgrade first). */
  readonly forward: boolean;
}

function ruleOf(level: CompatibilityLevel): Rule | undefined {
  switch (level) {
    case 'NONE':
      return undefined;
    case 'BACKWARD':
      return { transitive: false, backward: true, forward: false };
    case 'BACKWARD_TRANSITIVE':
      return { transitive: true, backward: true, forward: false };
    case 'FORWARD':
      return { transitive: false, backward: false, forward: true };
    case 'FORWARD_TRANSITIVE':
      return { transitive: true, backward: false, forward: true };
    case 'FULL':
      return { transitive: false, backward: true, forward: true };
    case 'FULL_TRANSITIVE':
      return { transitive: true, backward: true, forward: true };
    default: {
      const unknownLevel: never = level;
      throw new Error(`unknown compatibility level ${String(unknownLevel)}`);
    }
  }
}

function readProblem(reader: avro.Type, writer: avro.Type, description: string): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return `${description}: ${(error as Error).message}`;
  }
}

export interface ExistingVersion {
  readonly version: number;
  readonly schema: AvroSchema;
}

/**
 * Checks a candidate schema against a subject's existing versions (oldest first; the last one is the latest) with Avro schema
 * resolution (avsc's resolver): BACKWARD means data written with the checked old versions can be read
 * with the candidate (in practice: only add fields that have defaults, only add enum symbols).
 */
export function checkCompatibility(level: CompatibilityLevel, candidate: AvroSchema, existing: readonly ExistingVersion[]): CompatibilityVerdict {
  const rule = ruleOf(level);
  const latest = existing.at(-1);
  if (rule === undefined || latest === undefined) return { compatible: true };
  const candidateType = compileAvroType(candidate);
  const checked = rule.transitive ? existing : [latest];
  const messages: string[] = [];
  for (const { schema, version } of checked) {
    const oldType = compileAvroType(schema);
    const problems = [
      rule.backward ? readProblem(candidateType, oldType, `new schema cannot read data written with version ${version}`) : undefined,
      rule.forward ? readProblem(oldType, candidateType, `version ${version} cannot read data written with the new schema`) : undefined,
    ];
    messages.push(...problems.filter((problem): problem is string => problem !== undefined));
  }
  return messages.length === 0 ? { compatible: true } : { compatible: false, messages };
}
