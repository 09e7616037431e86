import type { EventBus } from '../../core/bus/event-bus.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import { SwitchyardError } from '../../core/errors.ts';

/** 1.6 transaction ids are JSON integers that chargers commonly store as signed 32-bit. */
const maxTransactionId = 2 ** 31 - 1;

export interface TransactionIdAllocator {
  /** A transaction id no edge instance has handed out before, across restarts. */
  next(): Promise<number>;
}

/**
 * Transaction ids come in blocks reserved through the bus: appending one record to the one-partition
 * topic switchyard.edge.transaction-id-blocks returns an offset no other append (from any instance, at
 * any time) ever gets, and block n covers ids n*blockSize+1 .. (n+1)*blockSize. Unique across instances
 * and restarts with one durable append per block and no read-back; a restart wastes the rest of its
 * block, which the 2^31 id space absorbs (blockSize 1000 allows two million reservations).
 */
export function createTransactionIdAllocator(deps: { bus: EventBus; instanceId: string; blockSize: number }): TransactionIdAllocator {
  const { bus, blockSize } = deps;
  let nextId = 0;
  let blockEnd = -1;
  let reserving: Promise<void> | undefined;

  const reserveBlock = async (): Promise<void> => {
    let receipt;
    try {
      [receipt] = await bus.append([{ topic: topics.edgeTransactionIdBlocks, key: deps.instanceId, value: null }]);
    } catch (error) {
      throw new SwitchyardError('edge.transaction-id-unavailable', 'could not reserve transaction ids', { retriable: true, cause: error });
    }
    if (receipt === undefined) throw new SwitchyardError('edge.transaction-id-unavailable', 'the bus returned no receipt', { retriable: true });
    const first = receipt.offset * blockSize + 1;
    const last = first + blockSize - 1;
    if (last > maxTransactionId) {
      throw new SwitchyardError('edge.transaction-ids-exhausted', 'the 32-bit transaction id space is used up', { retriable: false });
    }
    nextId = first;
    blockEnd = last;
  };

  return {
    async next() {
      while (nextId > blockEnd) {
        reserving ??= reserveBlock().finally(() => {
          reserving = undefined;
        });
        await reserving;
      }
      const id = nextId;
      nextId += 1;
      return id;
    },
  };
}
