import { Router, type Request, type Response } from 'express';
import { parseCommand, type CommandName } from '../../../edge/commands/command-parameters.ts';
import type { CommandResolution } from '../../../edge/commands/command-outcome-waiter.ts';
import { partyOf } from '../../partners/partner-party.ts';
import { ocpiEnvelope } from '../../transport/ocpi-response.ts';
import { invalidOcpiObject } from '../../transport/ocpi-status.ts';
import { authenticatedPartner } from '../../transport/request-partner.ts';
import { requestIdsOf } from '../../transport/request-ids.ts';
import type { RunningSession } from '../commands/running-sessions.ts';
import { deliverCommandResult } from '../commands/result-delivery.ts';
import { commandResultRouting } from '../commands/result-routing.ts';
import type { ChargerRequestDeps, ChargerRequestModule } from '../commands/charger-request-deps.ts';
import { partnerParties, partyKeyOf, requestedCpoParties } from '../paging/served-parties.ts';
import { parseActiveProfileQuery, parseClearProfileQuery, parseSetChargingProfile, type Parsed } from './charging-profile-requests.ts';
import { clearChargingProfileParameters, compositeScheduleParameters, setChargingProfileParameters } from './profile-mapping.ts';
import { activeChargingProfileResultOf, chargingProfileResultOf } from './profile-results.ts';
import { resolveSessionTarget, type SessionTarget } from './session-target.ts';

export interface ChargingProfilesModuleDeps extends ChargerRequestDeps {
  /** The running sessions the commands module reads (switchyard.sessions). */
  readonly sessions: { byId(sessionId: string): RunningSession | undefined };
}

export type ChargingProfilesModule = ChargerRequestModule;

/** What one request asks of the charger, and the OCPI result its answer becomes. */
interface ProfileRequest {
  readonly name: CommandName;
  readonly parameters: (target: SessionTarget) => Record<string, unknown>;
  readonly responseUrl: string;
  readonly resultOf: (resolution: CommandResolution) => object;
}

/** A ProfileRequest with the parameters for its session's charger. */
interface PlannedCommand extends Omit<ProfileRequest, 'parameters'> {
  readonly parameters: Record<string, unknown>;
}

/** The ChargingProfileResponseType values we answer: no rate limit applies (TOO_OFTEN), and whether the charger supports smart charging only its answer tells (NOT_SUPPORTED). */
type ChargingProfileResponseType = 'ACCEPTED' | 'REJECTED' | 'UNKNOWN_SESSION';

function valueOf<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw invalidOcpiObject(parsed.problems.join('; '));
  return parsed.value;
}

/**
 * ChargingProfiles, RECEIVER (2.2.1): an eMSP sets, clears or reads the smart charging limits of a running
 * session of its own customer. As with Commands, the ChargingProfileResponse answers at once whether the
 * request can reach the charger; the OCPP command (SetChargingProfile TxProfile for the session's
 * transaction, ClearChargingProfile of that profile, GetCompositeSchedule of its EVSE) goes through
 * switchyard.ocpp.commands, and the charger's result follows to the eMSP's response_url.
 */
export function chargingProfilesModule(deps: ChargingProfilesModuleDeps): ChargingProfilesModule {
  const { clock, logger, dispatcher } = deps;
  const running = new Set<Promise<void>>();
  const timeoutSeconds = Math.ceil(dispatcher.longestWaitMs(deps.answerTimeoutMs) / 1_000);

  /** The charger's answer as the module's result; a command that could not even be sent was not accepted. */
  const resultOf = async (partnerId: string, chargerId: string, command: PlannedCommand): Promise<{ result: object; commandId: string | null }> => {
    try {
      const { resolution, commandId } = await dispatcher.dispatch({
        chargerId,
        name: command.name,
        parameters: command.parameters,
        timeoutMs: deps.answerTimeoutMs,
        requestedBy: `ocpi:${partnerId}`,
      });
      return { result: command.resultOf(resolution), commandId };
    } catch (error) {
      logger.error({ err: error, partnerId, command: command.name, chargerId }, 'an OCPI charging profile command could not be sent');
      return { result: { result: 'REJECTED' }, commandId: null };
    }
  };

  const carryOut = async (partnerId: string, sessionId: string, chargerId: string, command: PlannedCommand, answerTo: Pick<Parameters<typeof deliverCommandResult>[1], 'correlationId' | 'routing'>) => {
    const { result, commandId } = await resultOf(partnerId, chargerId, command);
    const delivered = await deliverCommandResult(deps.delivery, { partnerId, responseUrl: command.responseUrl, result, module: 'chargingprofiles', ...answerTo });
    const log = { partnerId, commandId, command: command.name, sessionId, chargerId, result };
    if (delivered.delivered) logger.info(log, 'OCPI charging profile result delivered');
    else logger.warn({ ...log, reason: delivered.reason }, 'OCPI charging profile result could not be delivered');
  };

  const handle = (request: Request, response: Response, profileRequest: ProfileRequest): void => {
    const partner = authenticatedPartner(response);
    const answer = (result: ChargingProfileResponseType) => response.status(200).json(ocpiEnvelope(clock, { result, timeout: timeoutSeconds }));
    const sessionId = String(request.params['sessionId']);
    const ours = requestedCpoParties({ toCountryCode: request.get('OCPI-to-country-code'), toPartyId: request.get('OCPI-to-party-id') }, deps.config.cpoRoles);
    const resolved = resolveSessionTarget(sessionId, {
      partnerParties: partnerParties(partner),
      ourParties: ours,
      sessionOf: (id) => deps.sessions.byId(id),
      locationOf: (owner, locationId) => deps.locations.withId(locationId).find((location) => partyKeyOf(location.country_code, location.party_id) === owner),
    });
    const refuse = (result: ChargingProfileResponseType, reason: string) => {
      logger.info({ partnerId: partner.id, sessionId, result, reason }, 'OCPI charging profile request refused');
      answer(result);
    };
    if (!resolved.ok) {
      refuse(resolved.result, resolved.message);
      return;
    }
    const parameters = profileRequest.parameters(resolved.target);
    // The acting edge reads the parameters with the same schema: what it would refuse is refused now.
    const parsed = parseCommand(profileRequest.name, parameters);
    if (!parsed.ok) {
      refuse('REJECTED', parsed.problems.join('; '));
      return;
    }
    answer('ACCEPTED');
    const routing = commandResultRouting((name) => request.get(name), { ours: deps.config.cpoRoles[0], theirs: partyOf(partner) });
    const command: PlannedCommand = { ...profileRequest, parameters };
    const work = carryOut(partner.id, sessionId, resolved.target.chargerId, command, { correlationId: requestIdsOf(response).correlationId, routing })
      .catch((error: unknown) => logger.error({ err: error, partnerId: partner.id, sessionId, command: profileRequest.name }, 'carrying out an OCPI charging profile request failed'))
      .finally(() => running.delete(work));
    running.add(work);
  };

  const router = Router();
  router.put('/:sessionId', (request, response) => {
    const { charging_profile: profile, response_url: responseUrl } = valueOf(parseSetChargingProfile(request.body as unknown));
    handle(request, response, {
      name: 'set_charging_profile',
      parameters: (target) => setChargingProfileParameters(profile, target),
      responseUrl,
      resultOf: chargingProfileResultOf,
    });
  });
  router.delete('/:sessionId', (request, response) => {
    const { response_url: responseUrl } = valueOf(parseClearProfileQuery(request.query));
    handle(request, response, { name: 'clear_charging_profile', parameters: clearChargingProfileParameters, responseUrl, resultOf: chargingProfileResultOf });
  });
  router.get('/:sessionId', (request, response) => {
    const { duration, response_url: responseUrl } = valueOf(parseActiveProfileQuery(request.query));
    handle(request, response, {
      name: 'get_composite_schedule',
      parameters: (target) => compositeScheduleParameters(target, duration),
      responseUrl,
      resultOf: (resolution) => activeChargingProfileResultOf(resolution, clock.now()),
    });
  });

  return {
    endpoint: { identifier: 'chargingprofiles', role: 'RECEIVER', versions: ['2.2.1'] },
    router,
    async close() {
      await Promise.allSettled([...running]);
    },
  };
}
