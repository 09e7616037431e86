import { definedOnly } from './charging-profile.ts';
import { isoOrNull, request, type OcppRequest } from './ocpp-request.ts';
import type { UploadLog } from './remote-command.ts';

/** GetLog reads the same in 2.0.1 and in 1.6's security extension. */
export function getLogRequest(command: UploadLog): OcppRequest {
  return request(
    'GetLog',
    definedOnly({
      logType: command.logType,
      requestId: command.requestId,
      retries: command.retries,
      retryInterval: command.retryIntervalSeconds,
      log: definedOnly({
        remoteLocation: command.location,
        oldestTimestamp: isoOrNull(command.from),
        latestTimestamp: isoOrNull(command.to),
      }),
    }),
  );
}
