import { describe, expect, it } from 'vitest';
import { MetadataControllerRepair } from './metadata-controller-repair.ts';

const metadataApiKey = 3;
const produceApiKey = 0;

function request(apiKey: number, apiVersion: number, correlationId: number): Buffer {
  const body = Buffer.alloc(10);
  body.writeInt16BE(apiKey, 0);
  body.writeInt16BE(apiVersion, 2);
  body.writeInt32BE(correlationId, 4);
  body.writeInt16BE(-1, 8); // client id: null
  return sizePrefixed(body);
}

function sizePrefixed(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

function kafkaString(value: string | null): Buffer {
  const length = Buffer.alloc(2);
  if (value === null) {
    length.writeInt16BE(-1);
    return length;
  }
  length.writeInt16BE(Buffer.byteLength(value));
  return Buffer.concat([length, Buffer.from(value)]);
}

/** A Metadata response (v1+) up to and including the controller id, then one empty topic list. */
function metadataResponse(version: number, correlationId: number, brokerIds: number[], controllerId: number): Buffer {
  const parts = [int32(correlationId)];
  if (version >= 3) parts.push(int32(0)); // throttle
  parts.push(int32(brokerIds.length));
  for (const id of brokerIds) parts.push(int32(id), kafkaString('127.0.0.1'), int32(9092), kafkaString(null));
  if (version >= 2) parts.push(kafkaString('mockCluster'));
  parts.push(int32(controllerId), int32(0));
  return sizePrefixed(Buffer.concat(parts));
}

function controllerIdOf(response: Buffer, version: number, brokerCount: number): number {
  let cursor = 8 + (version >= 3 ? 4 : 0) + 4;
  cursor += brokerCount * (4 + 2 + '127.0.0.1'.length + 4 + 2);
  if (version >= 2) cursor += 2 + 'mockCluster'.length;
  return response.readInt32BE(cursor);
}

function deliver(repair: MetadataControllerRepair, response: Buffer, chunkSize: number): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at < response.length; at += chunkSize) {
    out.push(...repair.transformResponse(response.subarray(at, at + chunkSize)));
  }
  return Buffer.concat(out);
}

describe('MetadataControllerRepair', () => {
  // given a Metadata response of this version naming these brokers and controller, when it arrives,
  // then kafkajs sees this controller id
  const table: ReadonlyArray<readonly [string, number, number[], number, number]> = [
    ['mock cluster, one broker', 2, [1], 0, 1],
    ['mock cluster, three brokers', 2, [3, 1, 2], 0, 1],
    ['v1 response', 1, [1, 2], 0, 1],
    ['v5 response with throttle time', 5, [2, 3], 7, 2],
    ['real cluster naming a listed controller', 2, [1, 2, 3], 2, 2],
    ['real cluster electing a controller', 2, [1, 2, 3], -1, -1],
  ];

  for (const [description, version, brokerIds, controllerId, expected] of table) {
    it(`${description}: controller ${controllerId} becomes ${expected}`, () => {
      for (const chunkSize of [1, 3, 7, 1024]) {
        const repair = new MetadataControllerRepair();
        repair.observeRequest(request(metadataApiKey, version, 41));

        const seen = deliver(repair, metadataResponse(version, 41, brokerIds, controllerId), chunkSize);

        expect(controllerIdOf(seen, version, brokerIds.length)).toBe(expected);
        expect(seen.length).toBe(metadataResponse(version, 41, brokerIds, controllerId).length);
      }
    });
  }

  it('passes other responses through byte for byte, interleaved with a repaired one', () => {
    const repair = new MetadataControllerRepair();
    repair.observeRequest(request(produceApiKey, 7, 1));
    repair.observeRequest(request(metadataApiKey, 2, 2));
    const produceResponse = sizePrefixed(Buffer.concat([int32(1), Buffer.from('produce response body')]));
    const metadata = metadataResponse(2, 2, [1], 0);
    const stream = Buffer.concat([produceResponse, metadata, produceResponse]);

    const seen = deliver(repair, stream, 5);

    expect(seen.subarray(0, produceResponse.length)).toEqual(produceResponse);
    expect(controllerIdOf(seen.subarray(produceResponse.length), 2, 1)).toBe(1);
    expect(seen.subarray(produceResponse.length + metadata.length)).toEqual(produceResponse);
  });

  it('leaves flexible-version Metadata responses alone', () => {
    const repair = new MetadataControllerRepair();
    repair.observeRequest(request(metadataApiKey, 9, 5));
    const response = metadataResponse(2, 5, [1], 0);

    expect(deliver(repair, response, 4)).toEqual(response);
  });

  it('leaves a truncated Metadata body alone instead of failing', () => {
    const repair = new MetadataControllerRepair();
    repair.observeRequest(request(metadataApiKey, 2, 6));
    const response = sizePrefixed(Buffer.concat([int32(6), int32(5)]));

    expect(deliver(repair, response, 2)).toEqual(response);
  });
});
