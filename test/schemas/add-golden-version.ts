import { isDeepStrictEqual } from 'node:util';
import { compileAvroType, subjectOfTopic } from '../../services/core/serde/avro-schema.ts';
import { checkCompatibility } from '../../services/core/serde/compatibility.ts';
import { loadSchemaCatalogue, repositorySchemasDirectory } from '../../services/core/serde/schema-files.ts';
import { topicExamples } from './examples.ts';
import { encodeExamples, readGoldenVersions, writeGoldenVersion } from './golden.ts';

/**
 * Records a new golden version for every subject whose schema differs from its latest golden version.
 * Run after changing schemas/: npx tsx test/schemas/add-golden-version.ts
 * Refuses (exit 1) a schema that is not BACKWARD compatible with every recorded version.
 */
const catalogue = await loadSchemaCatalogue(repositorySchemasDirectory);
let refused = false;
for (const topic of [...catalogue.topics.keys()].sort()) {
  const subject = subjectOfTopic(topic);
  const schema = catalogue.topicSchema(topic);
  const recorded = await readGoldenVersions(subject);
  const latest = recorded.at(-1);
  if (latest !== undefined && isDeepStrictEqual(latest.schema, schema)) {
    console.log(`${subject}: unchanged (v${latest.version})`);
    continue;
  }
  const verdict = checkCompatibility('BACKWARD_TRANSITIVE', schema, recorded);
  if (!verdict.compatible) {
    console.error(`${subject}: not recorded, today's schema is not BACKWARD compatible:\n  ${verdict.messages.join('\n  ')}`);
    refused = true;
    continue;
  }
  const examples: readonly unknown[] | undefined = topicExamples[topic as keyof typeof topicExamples];
  if (examples === undefined) {
    console.error(`${subject}: not recorded, add example values for ${topic} to test/schemas/examples.ts`);
    refused = true;
    continue;
  }
  const version = (latest?.version ?? 0) + 1;
  await writeGoldenVersion({ subject, version, schema, examples: encodeExamples(compileAvroType(schema), examples) });
  console.log(`${subject}: recorded v${version} with ${examples.length} example(s)`);
}
if (refused) process.exitCode = 1;
