import { randomInt } from 'node:crypto';
import type { AdminRouteRegistrar } from '../../core/http/admin-api.ts';
import { ApiError } from '../../core/http/api-error.ts';
import type { JsonSchema } from '../../core/http/openapi.ts';
import { chargerIdParam } from '../registry/registry-routes.ts';
import type { CommandDispatcher } from './command-dispatcher.ts';
import type { CommandResolution } from './command-outcome-waiter.ts';
import { commandNames, isCommandName, parseCommand, type CommandName } from './command-parameters.ts';

export interface CommandRoutesDeps {
  readonly dispatcher: CommandDispatcher;
  readonly defaultTimeoutMs: number;
}

/** What the caller gets when the charger answered (CALLRESULT or CALLERROR). */
export interface CommandAnswerView {
  readonly commandId: string;
  readonly action: string;
  readonly messageId: string;
  readonly outcome: string;
  readonly statusRaw: string | null;
  readonly response: unknown;
  readonly errorCode: string | null;
  readonly errorDescription: string | null;
}

const maxTimeoutMs = 300_000;

/** start_session needs an id to find its transaction later; callers who do not care get a fresh one. */
function withDefaults(name: CommandName, parameters: unknown): unknown {
  if (name !== 'start_session' || typeof parameters !== 'object' || parameters === null || 'remoteStartId' in parameters) return parameters;
  return { ...parameters, remoteStartId: randomInt(1, 2 ** 31 - 1) };
}

export function registerCommandRoutes(admin: AdminRouteRegistrar, deps: CommandRoutesDeps): void {
  const answerFor = (chargerId: string, commandId: string, resolution: CommandResolution): CommandAnswerView => {
    switch (resolution.kind) {
      case 'answered': {
        const { event } = resolution;
        return {
          commandId,
          action: event.action,
          messageId: event.message_id,
          outcome: event.outcome,
          statusRaw: event.status_raw,
          response: event.response_json === null ? null : (JSON.parse(event.response_json) as unknown),
          errorCode: event.error_code,
          errorDescription: event.error_description,
        };
      }
      case 'timedOut':
        throw new ApiError(504, 'command_timeout', `command ${commandId}: ${chargerId} did not answer ${resolution.event.action} within ${resolution.event.timeout_ms} ms`);
      case 'undeliverable': {
        const { reason, detail } = resolution.event;
        if (reason === 'not_connected') throw new ApiError(409, 'charger_not_connected', `command ${commandId}: ${detail ?? 'charger not connected'}`);
        if (reason === 'expired') throw new ApiError(409, 'charger_busy', `command ${commandId}: ${detail ?? 'expired'}`);
        throw new ApiError(422, reason, `command ${commandId}: ${detail ?? reason}`);
      }
      case 'notPickedUp':
        throw new ApiError(409, 'charger_not_connected', `command ${commandId}: ${chargerId} is not connected to any edge instance`);
      case 'noOutcome':
        throw new ApiError(504, 'command_outcome_unknown', `command ${commandId} was sent, but its outcome did not arrive in time`);
      default: {
        const unreachable: never = resolution;
        throw new Error(`unknown resolution ${JSON.stringify(unreachable)}`);
      }
    }
  };

  admin.register({
    method: 'post',
    path: '/chargers/{chargerId}/commands/{command}',
    operation: {
      operationId: 'sendChargerCommand',
      summary: 'Send a remote command to a charger and wait for its answer',
      description:
        'The command goes through switchyard.ocpp.commands to the edge instance holding the charger\'s socket, which maps it to the ' +
        'charger\'s OCPP version (e.g. start_session is RemoteStartTransaction in 1.6 and RequestStartTransaction in 2.0.1). ' +
        'Every step is recorded on switchyard.ocpp.events under the returned command id.',
      tags: ['chargers', 'commands'],
      parameters: [
        { name: 'chargerId', in: 'path', required: true, schema: { type: 'string', maxLength: 48 } },
        { name: 'command', in: 'path', required: true, schema: { type: 'string', enum: commandNames } },
        { name: 'timeoutMs', in: 'query', required: false, description: 'How long to wait for the charger once sent', schema: { type: 'integer', minimum: 1, maximum: maxTimeoutMs } },
      ],
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', description: 'The command\'s parameters' } satisfies JsonSchema } } },
      responses: {
        '200': {
          description: 'The charger answered (its CALLRESULT, or its CALLERROR with outcome CALL_ERROR)',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  commandId: { type: 'string' },
                  action: { type: 'string' },
                  messageId: { type: 'string' },
                  outcome: { type: 'string', enum: ['ACCEPTED', 'REJECTED', 'SCHEDULED', 'NOT_SUPPORTED', 'CALL_ERROR', 'UNKNOWN'] },
                  statusRaw: { type: ['string', 'null'] },
                  response: {},
                  errorCode: { type: ['string', 'null'] },
                  errorDescription: { type: ['string', 'null'] },
                },
              },
            },
          },
        },
        '400': { description: 'Invalid parameters' },
        '404': { description: 'Unknown command' },
        '409': { description: 'The charger is not connected, or stayed busy with earlier commands until this one expired' },
        '422': { description: 'The charger\'s OCPP version cannot express the command' },
        '504': { description: 'No answer in time' },
      },
    },
    handler: async (request, response) => {
      const chargerId = chargerIdParam(request);
      const name = String(request.params['command']);
      if (!isCommandName(name)) throw new ApiError(404, 'unknown_command', `unknown command ${name}; known: ${commandNames.join(', ')}`);
      const parameters = withDefaults(name, (request.body as unknown) ?? {});
      const parsed = parseCommand(name, parameters);
      if (!parsed.ok) throw new ApiError(400, 'invalid_parameters', parsed.problems.join('; '));
      const timeoutQuery = request.query['timeoutMs'];
      const timeoutMs = timeoutQuery === undefined ? deps.defaultTimeoutMs : Number(timeoutQuery);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > maxTimeoutMs) {
        throw new ApiError(400, 'invalid_timeout', `timeoutMs must be a whole number of milliseconds from 1 to ${maxTimeoutMs}`);
      }

      const { commandId, resolution } = await deps.dispatcher.dispatch({ chargerId, name, parameters, timeoutMs, requestedBy: 'admin-api' });
      response.json(answerFor(chargerId, commandId, resolution));
    },
  });
}
