/**
 * librdkafka 2.0.2's mock cluster answers Metadata with ControllerId 0 while its brokers are numbered
 * 1..N. kafkajs sends controller-bound requests (InitProducerId for the idempotent producer, CreateTopics)
 * to that id and fails with "Broker 0 not found". This stream filter sits between the socket and kafkajs
 * and, in a Metadata response whose ControllerId names no listed broker, substitutes the lowest listed
 * broker id. A real cluster always names a listed broker (or -1 while electing), so its responses pass
 * through unchanged; only response headers are inspected, other bytes are forwarded as they arrive.
 */

const metadataApiKey = 3;
/** Metadata v9+ uses the flexible (compact) encoding, which this filter does not parse. */
const firstFlexibleMetadataVersion = 9;
const noController = -1;
/** size (int32) + correlation id (int32) */
const responseHeaderBytes = 8;

export class MetadataControllerRepair {
  private readonly pendingMetadataVersions = new Map<number, number>();
  private header = Buffer.alloc(0);
  /** Bytes of the current response still to forward untouched. */
  private passThroughRemaining = 0;
  /** A Metadata response being collected whole so it can be rewritten. */
  private heldResponse: Buffer[] = [];
  private heldRemaining = 0;
  private heldVersion = 0;

  /** Called with every buffer kafkajs writes; each is one size-prefixed request. */
  observeRequest(request: Buffer): void {
    if (request.length < 12 || request.readInt32BE(0) !== request.length - 4) return;
    const apiKey = request.readInt16BE(4);
    const apiVersion = request.readInt16BE(6);
    if (apiKey === metadataApiKey && apiVersion >= 1 && apiVersion < firstFlexibleMetadataVersion) {
      this.pendingMetadataVersions.set(request.readInt32BE(8), apiVersion);
    }
  }

  /** Returns the bytes to hand to kafkajs for one received chunk (possibly fewer, possibly later). */
  transformResponse(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let rest = chunk;
    while (rest.length > 0) {
      if (this.passThroughRemaining > 0) {
        const take = Math.min(this.passThroughRemaining, rest.length);
        out.push(rest.subarray(0, take));
        this.passThroughRemaining -= take;
        rest = rest.subarray(take);
      } else if (this.heldRemaining > 0) {
        const take = Math.min(this.heldRemaining, rest.length);
        this.heldResponse.push(rest.subarray(0, take));
        this.heldRemaining -= take;
        rest = rest.subarray(take);
        if (this.heldRemaining === 0) out.push(this.releaseHeldResponse());
      } else {
        const take = Math.min(responseHeaderBytes - this.header.length, rest.length);
        this.header = Buffer.concat([this.header, rest.subarray(0, take)]);
        rest = rest.subarray(take);
        if (this.header.length === responseHeaderBytes) this.startResponse(out);
      }
    }
    return out;
  }

  private startResponse(out: Buffer[]): void {
    const header = this.header;
    this.header = Buffer.alloc(0);
    const bodyAfterHeader = header.readInt32BE(0) - (responseHeaderBytes - 4);
    const correlationId = header.readInt32BE(4);
    const metadataVersion = this.pendingMetadataVersions.get(correlationId);
    if (metadataVersion === undefined) {
      out.push(header);
      this.passThroughRemaining = bodyAfterHeader;
      return;
    }
    this.pendingMetadataVersions.delete(correlationId);
    this.heldResponse = [header];
    this.heldRemaining = bodyAfterHeader;
    this.heldVersion = metadataVersion;
    if (bodyAfterHeader <= 0) out.push(this.releaseHeldResponse());
  }

  private releaseHeldResponse(): Buffer {
    const response = Buffer.concat(this.heldResponse);
    this.heldResponse = [];
    repairControllerId(response, this.heldVersion);
    return response;
  }
}

/** Rewrites in place; leaves the buffer alone when it cannot be parsed as expected. */
function repairControllerId(response: Buffer, version: number): void {
  const controllerOffset = locateControllerId(response, version);
  if (controllerOffset === undefined) return;
  const { offset, brokerIds } = controllerOffset;
  const controllerId = response.readInt32BE(offset);
  if (controllerId === noController || brokerIds.length === 0 || brokerIds.includes(controllerId)) return;
  response.writeInt32BE(Math.min(...brokerIds), offset);
}

function locateControllerId(response: Buffer, version: number): { offset: number; brokerIds: number[] } | undefined {
  try {
    let cursor = responseHeaderBytes;
    if (version >= 3) cursor += 4; // throttle_time_ms
    const brokerCount = response.readInt32BE(cursor);
    cursor += 4;
    const brokerIds: number[] = [];
    for (let i = 0; i < brokerCount; i++) {
      brokerIds.push(response.readInt32BE(cursor));
      cursor += 4;
      cursor = skipString(response, cursor); // host
      cursor += 4; // port
      cursor = skipString(response, cursor); // rack (nullable, v1+)
    }
    if (version >= 2) cursor = skipString(response, cursor); // cluster id (nullable)
    if (cursor + 4 > response.length) return undefined;
    return { offset: cursor, brokerIds };
  } catch {
    return undefined;
  }
}

function skipString(buffer: Buffer, cursor: number): number {
  const length = buffer.readInt16BE(cursor);
  return cursor + 2 + Math.max(length, 0);
}
