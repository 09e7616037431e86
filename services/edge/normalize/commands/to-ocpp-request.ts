import type { OcppVersion } from '../../protocol/versions.ts';
import type { OcppRequest } from './ocpp-request.ts';
import type { RemoteCommand } from './remote-command.ts';
import { toOcpp16Request } from './requests-16.ts';
import { toOcpp201Request } from './requests-201.ts';

const translators: Readonly<Record<OcppVersion, (command: RemoteCommand) => OcppRequest>> = {
  'ocpp1.6': toOcpp16Request,
  'ocpp2.0.1': toOcpp201Request,
};

/** The action and payload that ask a charger of this version to carry out the command. */
export function toOcppRequest(version: OcppVersion, command: RemoteCommand): OcppRequest {
  return translators[version](command);
}
