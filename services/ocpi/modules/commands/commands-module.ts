import { randomInt } from 'node:crypto';
import { Router } from 'express';
import { tokenKey } from '../../../roaming/ocpi/token-kind.ts';
import type { CommandGrantStore } from '../../authorization/command-grant-store.ts';
import type { PartnerRequest } from '../../client/partner-client.ts';
import { partyOf } from '../../partners/partner-party.ts';
import { ocpiEnvelope } from '../../transport/ocpi-response.ts';
import { invalidOcpiObject, ocpiStatus, type OcpiStatusCode } from '../../transport/ocpi-status.ts';
import { authenticatedPartner } from '../../transport/request-partner.ts';
import { requestIdsOf } from '../../transport/request-ids.ts';
import type { ChargerRequestDeps, ChargerRequestModule } from './charger-request-deps.ts';
import type { TokenStorePort } from '../tokens/tokens-module.ts';
import { requestedCpoParties, partnerParties, partyKeyOf } from '../paging/served-parties.ts';
import { planCommand, type CommandPlan, type CommandResponseType, type StoppableSession } from './command-plan.ts';
import { isCommandType, parseCommandRequest, type CommandRequest } from './command-requests.ts';
import { commandResultOf, type CommandResult } from './command-result.ts';
import { reservationChange } from './reservation-book.ts';
import type { ReservationStore } from './reservation-store.ts';
import { deliverCommandResult } from './result-delivery.ts';
import { commandResultRouting } from './result-routing.ts';

export interface CommandsModuleDeps extends ChargerRequestDeps {
  readonly sessions: { byId(sessionId: string): StoppableSession | undefined };
  /** Tokens as the tokens module stores them: commands keep the eMSP's command tokens the list does not have. */
  readonly tokens: TokenStorePort;
  readonly grants: Pick<CommandGrantStore, 'grant'>;
  readonly reservations: ReservationStore;
}

type DispatchPlan = Extract<CommandPlan, { kind: 'dispatch' }>;

export type CommandsModule = ChargerRequestModule;

/**
 * Commands, RECEIVER (2.2.1): the CommandResponse answers at once whether the command can reach a
 * charger; the OCPP command then goes through switchyard.ocpp.commands to the edge instance holding the
 * socket, and the CommandResult follows to the eMSP's response_url. The 2.1.1 module answers the result
 * differently (a CommandResponse to the response_url) and is not served.
 */
export function commandsModule(deps: CommandsModuleDeps): CommandsModule {
  const { clock, logger, dispatcher } = deps;
  const running = new Set<Promise<void>>();
  const timeoutSeconds = Math.ceil(dispatcher.longestWaitMs(deps.answerTimeoutMs) / 1_000);

  /** The charger's answer as a CommandResult; a command that could not even be sent has FAILED. */
  const resultOf = async (partnerId: string, command: CommandRequest, plan: DispatchPlan): Promise<{ result: CommandResult; commandId: string | null }> => {
    try {
      const { resolution, commandId } = await dispatcher.dispatch({
        chargerId: plan.chargerId,
        name: plan.name,
        parameters: plan.parameters,
        timeoutMs: deps.answerTimeoutMs,
        requestedBy: `ocpi:${partnerId}`,
      });
      return { result: commandResultOf(command.type, resolution), commandId };
    } catch (error) {
      logger.error({ err: error, partnerId, command: command.type, chargerId: plan.chargerId }, 'an OCPI command could not be sent');
      return { result: { result: 'FAILED', message: [{ language: 'en', text: 'the command could not be sent to the charger' }] }, commandId: null };
    }
  };

  const carryOut = async (partnerId: string, command: CommandRequest, plan: DispatchPlan, answerTo: { correlationId: string; routing: PartnerRequest['routing'] }): Promise<void> => {
    const { result, commandId } = await resultOf(partnerId, command, plan);
    if (plan.reservation !== null) {
      // The eMSP learns the result only once the book is durable, so a CANCEL_RESERVATION after it finds the reservation on any instance.
      await deps.reservations.change(plan.reservation, reservationChange(command, plan.chargerId, result.result, clock.now())).catch((error: unknown) => {
        logger.error({ err: error, partnerId, command: command.type, chargerId: plan.chargerId }, 'the reservation book could not be updated');
      });
    }
    const delivered = await deliverCommandResult(deps.delivery, { partnerId, responseUrl: command.request.response_url, result, ...answerTo });
    const log = { partnerId, commandId, command: command.type, chargerId: plan.chargerId, result: result.result };
    if (delivered.delivered) logger.info(log, 'OCPI command result delivered');
    else logger.warn({ ...log, reason: delivered.reason }, 'OCPI command result could not be delivered');
  };

  const router = Router();
  /**
   * The eMSP authorized a START_SESSION / RESERVE_NOW token itself: the charger's Authorize and transaction
   * start must not be refused for it. A token the list does not have is stored (the spec allows it; a GET
   * then shows it), and the charger's real-time questions about it are answered from the grant for 15 min.
   */
  const authorizeCommandToken = async (command: CommandRequest, chargerId: string): Promise<void> => {
    if (command.type !== 'START_SESSION' && command.type !== 'RESERVE_NOW') return;
    const { token, authorization_reference: authorizationReference } = command.request;
    await deps.grants.grant({ uid: token.uid, type: token.type, chargerId, authorizationReference: authorizationReference ?? null, groupId: token.group_id ?? null });
    if (deps.tokens.get(tokenKey({ country_code: token.country_code, party_id: token.party_id }, token.uid, token.type)) === undefined) {
      await deps.tokens.put({ ...token, last_updated: token.last_updated ?? new Date(clock.now()).toISOString() });
    }
  };

  router.post('/:command', async (request, response) => {
    const partner = authenticatedPartner(response);
    const answer = (result: CommandResponseType, message: string, statusCode: OcpiStatusCode = ocpiStatus.success) =>
      response.status(200).json(ocpiEnvelope(clock, { result, timeout: timeoutSeconds, message: [{ language: 'en', text: message }] }, statusCode));

    const type = String(request.params['command']);
    if (!isCommandType(type)) {
      answer('NOT_SUPPORTED', `unknown command ${type}`);
      return;
    }
    const parsed = parseCommandRequest(type, request.body as unknown);
    if (!parsed.ok) throw invalidOcpiObject(parsed.problems.join('; '));
    // Another instance may have stored the reservation a moment ago.
    if (parsed.command.type === 'CANCEL_RESERVATION') await deps.reservations.upToDate();
    const ours = requestedCpoParties({ toCountryCode: request.get('OCPI-to-country-code'), toPartyId: request.get('OCPI-to-party-id') }, deps.config.cpoRoles);
    const plan = planCommand(parsed.command, {
      partnerParties: partnerParties(partner),
      locationOf: (locationId) => deps.locations.withId(locationId).find((location) => ours.has(partyKeyOf(location.country_code, location.party_id))),
      sessionOf: (sessionId) => deps.sessions.byId(sessionId),
      reservationChargerOf: (reservation) => deps.reservations.chargerOf(reservation, clock.now()),
      remoteStartId: randomInt(1, 2 ** 31 - 1),
    });
    if (plan.kind === 'refuse') {
      answer(plan.result, plan.message, plan.statusCode);
      return;
    }
    await authorizeCommandToken(parsed.command, plan.chargerId);
    answer('ACCEPTED', `sent to the charger; the result follows at the response_url within ${timeoutSeconds} s`);
    const routing = commandResultRouting((name) => request.get(name), { ours: deps.config.cpoRoles[0], theirs: partyOf(partner) });
    const work = carryOut(partner.id, parsed.command, plan, { correlationId: requestIdsOf(response).correlationId, routing })
      .catch((error: unknown) => logger.error({ err: error, partnerId: partner.id, command: type }, 'carrying out an OCPI command failed'))
      .finally(() => running.delete(work));
    running.add(work);
  });

  return {
    endpoint: { identifier: 'commands', role: 'RECEIVER', versions: ['2.2.1'] },
    router,
    async close() {
      await Promise.allSettled([...running]);
    },
  };
}
