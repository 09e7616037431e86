import { z } from 'zod';
import { compileAvroType, type AvroSchema } from './avro-schema.ts';
import { checkCompatibility, compatibilityLevels, type CompatibilityLevel } from './compatibility.ts';

/**
 * The state of a Confluent-style schema registry, without I/O: subjects with numbered versions, schema ids
 * shared across subjects for identical schemas, global and per-subject compatibility. The file-backed
 * registry and the test registry server both keep their state in one of these and persist its snapshot.
 */
export interface RegisteredVersion {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  /** The schema text (JSON without insignificant whitespace). */
  readonly schema: string;
}

export type RegistryFailure =
  | { readonly kind: 'invalid_schema'; readonly message: string }
  | { readonly kind: 'incompatible'; readonly message: string; readonly details: readonly string[] };

export type RegisterOutcome = { readonly ok: true; readonly registered: RegisteredVersion } | { readonly ok: false; readonly failure: RegistryFailure };

export type VersionSelector = number | 'latest';

const levelSchema = z.enum(compatibilityLevels);

const snapshotSchema = z.object({
  nextId: z.number().int().positive(),
  schemas: z.array(z.object({ id: z.number().int().positive(), schema: z.string() })),
  subjects: z.record(z.string(), z.array(z.object({ version: z.number().int().positive(), id: z.number().int().positive() }))),
  compatibility: levelSchema,
  subjectCompatibility: z.record(z.string(), levelSchema),
});

/** What gets persisted: plain JSON. */
export type RegistrySnapshot = z.infer<typeof snapshotSchema>;

export function parseRegistrySnapshot(json: unknown): RegistrySnapshot {
  return snapshotSchema.parse(json);
}

export function emptyRegistrySnapshot(compatibility: CompatibilityLevel = 'BACKWARD'): RegistrySnapshot {
  return { nextId: 1, schemas: [], subjects: {}, compatibility, subjectCompatibility: {} };
}

export type ParsedSchema = { readonly ok: true; readonly text: string; readonly schema: AvroSchema } | { readonly ok: false; readonly failure: RegistryFailure };

/** Parses and validates schema text; identical schemas written with different whitespace get one text. */
export function parseSchemaText(text: string): ParsedSchema {
  try {
    const schema = JSON.parse(text) as AvroSchema;
    compileAvroType(schema);
    return { ok: true, text: JSON.stringify(schema), schema };
  } catch (error) {
    return { ok: false, failure: { kind: 'invalid_schema', message: `Invalid schema: ${(error as Error).message}` } };
  }
}

export class RegistryStore {
  private nextId: number;
  private readonly textById = new Map<number, string>();
  private readonly idByText = new Map<string, number>();
  private readonly versionsBySubject = new Map<string, { version: number; id: number }[]>();
  private globalCompatibility: CompatibilityLevel;
  private readonly compatibilityBySubject = new Map<string, CompatibilityLevel>();

  constructor(snapshot: RegistrySnapshot = emptyRegistrySnapshot()) {
    this.nextId = snapshot.nextId;
    for (const { id, schema } of snapshot.schemas) {
      this.textById.set(id, schema);
      this.idByText.set(schema, id);
    }
    for (const [subject, versions] of Object.entries(snapshot.subjects)) this.versionsBySubject.set(subject, versions.map((entry) => ({ ...entry })));
    this.globalCompatibility = snapshot.compatibility;
    for (const [subject, level] of Object.entries(snapshot.subjectCompatibility)) this.compatibilityBySubject.set(subject, level);
  }

  snapshot(): RegistrySnapshot {
    return {
      nextId: this.nextId,
      schemas: [...this.textById].map(([id, schema]) => ({ id, schema })),
      subjects: Object.fromEntries([...this.versionsBySubject].map(([subject, versions]) => [subject, versions.map((entry) => ({ ...entry }))])),
      compatibility: this.globalCompatibility,
      subjectCompatibility: Object.fromEntries(this.compatibilityBySubject),
    };
  }

  /** Registers a schema under a subject; an already registered schema gets its existing version back. */
  register(subject: string, schemaText: string): RegisterOutcome {
    const parsed = parseSchemaText(schemaText);
    if (!parsed.ok) return parsed;
    const existing = this.lookup(subject, parsed.text);
    if (existing !== undefined) return { ok: true, registered: existing };

    const verdict = this.check(subject, parsed.schema, 'latest', true);
    if (!verdict.ok) return verdict;

    const id = this.idByText.get(parsed.text) ?? this.assignId(parsed.text);
    const versions = this.versionsBySubject.get(subject) ?? [];
    const version = (versions.at(-1)?.version ?? 0) + 1;
    versions.push({ version, id });
    this.versionsBySubject.set(subject, versions);
    return { ok: true, registered: { subject, version, id, schema: parsed.text } };
  }

  /** Confluent's POST /compatibility: checks against one version (or all, for transitive levels). */
  testCompatibility(subject: string, schemaText: string, selector: VersionSelector): { ok: true } | { ok: false; failure: RegistryFailure } {
    const parsed = parseSchemaText(schemaText);
    if (!parsed.ok) return parsed;
    return this.check(subject, parsed.schema, selector, false);
  }

  lookup(subject: string, schemaText: string): RegisteredVersion | undefined {
    const parsed = parseSchemaText(schemaText);
    const id = parsed.ok ? this.idByText.get(parsed.text) : undefined;
    const entry = this.versionsBySubject.get(subject)?.find((candidate) => candidate.id === id);
    return entry === undefined ? undefined : this.describe(subject, entry);
  }

  schemaById(id: number): string | undefined {
    return this.textById.get(id);
  }

  subjects(): string[] {
    return [...this.versionsBySubject.keys()].sort();
  }

  versions(subject: string): number[] | undefined {
    return this.versionsBySubject.get(subject)?.map((entry) => entry.version);
  }

  version(subject: string, selector: VersionSelector): RegisteredVersion | undefined {
    const versions = this.versionsBySubject.get(subject);
    const entry = selector === 'latest' ? versions?.at(-1) : versions?.find((candidate) => candidate.version === selector);
    return entry === undefined ? undefined : this.describe(subject, entry);
  }

  /** The subject's own level, or undefined when it follows the global one. */
  subjectCompatibility(subject: string): CompatibilityLevel | undefined {
    return this.compatibilityBySubject.get(subject);
  }

  globalCompatibilityLevel(): CompatibilityLevel {
    return this.globalCompatibility;
  }

  setCompatibility(level: CompatibilityLevel, subject?: string): void {
    if (subject === undefined) this.globalCompatibility = level;
    else this.compatibilityBySubject.set(subject, level);
  }

  private assignId(text: string): number {
    const id = this.nextId;
    this.nextId += 1;
    this.textById.set(id, text);
    this.idByText.set(text, id);
    return id;
  }

  private describe(subject: string, entry: { version: number; id: number }): RegisteredVersion {
    return { subject, version: entry.version, id: entry.id, schema: this.textById.get(entry.id) as string };
  }

  private check(
    subject: string,
    candidate: AvroSchema,
    selector: VersionSelector,
    registering: boolean,
  ): { ok: true } | { ok: false; failure: RegistryFailure } {
    const level = this.compatibilityBySubject.get(subject) ?? this.globalCompatibility;
    const all = this.versionsBySubject.get(subject) ?? [];
    const transitive = level.endsWith('_TRANSITIVE');
    const selected = transitive || selector === 'latest' ? all : all.filter((entry) => entry.version <= selector);
    const existing = selected.map((entry) => ({ version: entry.version, schema: JSON.parse(this.textById.get(entry.id) as string) as AvroSchema }));
    const verdict = checkCompatibility(level, candidate, existing);
    if (verdict.compatible) return { ok: true };
    const action = registering ? 'Schema being registered is incompatible' : 'Schema is incompatible';
    return {
      ok: false,
      failure: {
        kind: 'incompatible',
        message: `${action} with an earlier schema for subject "${subject}" (compatibility ${level}): ${verdict.messages.join('; ')}`,
        details: verdict.messages,
      },
    };
  }
}
