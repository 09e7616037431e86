/**
 * Child process of the crash test: appends to the embedded log forever (several writers at once, single
 * records and batches) and prints one JSON line per acknowledged record. The test SIGKILLs it mid-stream.
 * Usage: node --import tsx test/crash/append-until-killed.ts <log directory> [checkpoint interval ms]
 * (a long interval keeps lmdb behind: every acknowledged record is then only in the journal).
 */
import { systemClock } from '../../services/core/clock.ts';
import { openEmbeddedEventBus } from '../../services/core/bus/embedded/embedded-event-bus.ts';
import type { AppendRequest } from '../../services/core/bus/event-bus.ts';
import { crashTopic, type AcknowledgedRecord } from './crash-topic.ts';

const [path, checkpointInterval] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: append-until-killed.ts <log directory> [checkpoint interval ms]');

const bus = openEmbeddedEventBus({
  path,
  catalogue: [crashTopic],
  clock: systemClock,
  checkpointIntervalMs: checkpointInterval === undefined ? undefined : Number(checkpointInterval),
});
const encoder = new TextEncoder();
const writers = 4;

async function write(writer: number): Promise<never> {
  for (let sequence = 0; ; sequence += 1) {
    // Alternate single appends with batches of up to 20 so both paths get killed mid-flight.
    const size = sequence % 2 === 0 ? 1 : 1 + (sequence % 20);
    const requests: AppendRequest[] = Array.from({ length: size }, (_, index) => ({
      topic: crashTopic.name,
      key: `charger-${(writer * 31 + sequence + index) % 50}`,
      value: encoder.encode(`w${writer}-s${sequence}-i${index}`),
    }));
    const receipts = await bus.append(requests);
    const lines = receipts.map((receipt, index) => {
      const request = requests[index];
      const acknowledged: AcknowledgedRecord = {
        key: request?.key ?? '',
        value: `w${writer}-s${sequence}-i${index}`,
        partition: receipt.partition,
        offset: receipt.offset,
      };
      return JSON.stringify(acknowledged);
    });
    // stdout on a pipe is synchronous on Linux: once written, the line reaches the parent even if killed.
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

await Promise.all(Array.from({ length: writers }, (_, writer) => write(writer)));
