import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import type { AppendRequest, BusRecord, Headers } from '../event-bus.ts';

export function toKafkaMessage(request: AppendRequest, partition: number, appendTime: number): Message {
  return {
    key: request.key,
    value: request.value === null ? null : Buffer.from(request.value.buffer, request.value.byteOffset, request.value.byteLength),
    partition,
    timestamp: String(request.timestamp ?? appendTime),
    headers: { ...request.headers },
  };
}

export function toBusRecord(topic: string, partition: number, message: KafkaMessage): BusRecord {
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key === null ? '' : message.key.toString('utf8'),
    value: message.value === null ? null : new Uint8Array(message.value),
    headers: decodeHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

/** Kafka allows repeated header keys; the port has one value per key, so the last one wins. */
function decodeHeaders(headers: IHeaders | undefined): Headers {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) decoded[name] = last.toString();
  }
  return decoded;
}
