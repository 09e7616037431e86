/**
 * Vendor-specific DataTransfer handling: pure handlers registered per vendorId. Without one the CSMS
 * answers UnknownVendorId, as both 1.6 and 2.0.1 prescribe.
 */
export type DataTransferStatus = 'Accepted' | 'Rejected' | 'UnknownMessageId' | 'UnknownVendorId';

export interface DataTransferRequest {
  readonly vendorId: string;
  readonly messageId: string | null;
  /** 1.6 sends a string; 2.0.1 any JSON value. */
  readonly data: unknown;
}

export interface DataTransferAnswer {
  readonly status: DataTransferStatus;
  readonly data?: unknown;
}

export type DataTransferHandler = (request: DataTransferRequest) => DataTransferAnswer;

export type DataTransferHandlers = ReadonlyMap<string, DataTransferHandler>;

export function decideDataTransfer(handlers: DataTransferHandlers, request: DataTransferRequest): DataTransferAnswer {
  const handler = handlers.get(request.vendorId);
  return handler === undefined ? { status: 'UnknownVendorId' } : handler(request);
}
