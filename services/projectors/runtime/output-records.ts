import type { AppendRequest } from '../../core/bus/event-bus.ts';
import type { Serde } from '../../core/serde/serde.ts';
import { flagsHeader, type OutputTopic, type ProjectedRecord } from './projection.ts';

export interface OutputAppendRequest extends AppendRequest {
  readonly value: Buffer;
  readonly timestamp: number;
}

/** An output as the bus record it becomes: encoded value, anomalies header, the causing event's time. */
export async function outputAppendRequest<T extends OutputTopic>(serde: Serde, topic: T, output: ProjectedRecord<T>): Promise<OutputAppendRequest> {
  return {
    topic,
    key: output.key,
    value: await serde.encode(topic, output.value),
    timestamp: output.value.envelope.recorded_at,
    ...(output.flags.length === 0 ? {} : { headers: { [flagsHeader]: JSON.stringify(output.flags) } }),
  };
}
