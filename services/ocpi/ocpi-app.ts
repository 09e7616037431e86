import express, { Router, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { OcpiConfig } from './ocpi-config.ts';
import type { OcpiModule } from './modules/ocpi-module.ts';
import type { PartnerDirectory } from './partners/partner-directory.ts';
import type { OcpiVersionId } from './partners/partner.ts';
import { exchangeRecording, keepRawBody } from './transport/exchange-recording.ts';
import { methodNotAllowed } from './transport/method-not-allowed.ts';
import { ocpiErrorHandler, ocpiNotFound } from './transport/ocpi-error-handler.ts';
import { sendOcpiData } from './transport/ocpi-response.ts';
import type { OcpiLocals } from './transport/request-partner.ts';
import { requestIds } from './transport/request-ids.ts';
import { answerRouting } from './transport/routing-headers.ts';
import { requireRegistered, tokenAuth } from './transport/token-auth.ts';
import type { TrafficRecorder } from './transport/traffic-recorder.ts';
import { supportedVersions, versionDetails, versionList } from './versions/version-details.ts';

export interface OcpiAppDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly directory: PartnerDirectory;
  readonly traffic: TrafficRecorder;
  /** Credentials and every functional module; each is mounted at /ocpi/{version}/{identifier}. */
  readonly modules: readonly OcpiModule[];
  readonly config: Pick<OcpiConfig, 'publicUrl'>;
}

/**
 * Configuration modules besides versions: a partner holding only token A may call them (transport chapter,
 * authorization), and they are not routed. Every other module is functional.
 */
const configurationModules = new Set(['credentials']);
const functionalModuleFrame = [requireRegistered, answerRouting];
const maxBodyBytes = '5mb';

/**
 * The OCPI HTTP frame under /ocpi: request ids, traffic recording, token authentication, JSON bodies,
 * the versions module built from the modules' endpoints, the modules themselves, and OCPI error envelopes.
 */
export function createOcpiApp(deps: OcpiAppDeps): Express {
  const { clock, config, modules } = deps;
  const endpoints = modules.map((module) => module.endpoint);
  const ocpi = Router();
  ocpi.use(requestIds);
  ocpi.use(exchangeRecording({ clock, traffic: deps.traffic, publicUrl: config.publicUrl }));
  ocpi.use(tokenAuth(deps.directory));
  // Any content type: peers do not all send application/json; the raw text is kept for the traffic record.
  ocpi.use(express.json({ type: () => true, limit: maxBodyBytes, verify: (_request, response, body) => keepRawBody(response as express.Response, body) }));

  const versions = Router();
  versions.get('/versions', (_request, response) => sendOcpiData(response, clock, versionList(config.publicUrl, endpoints)));
  for (const version of supportedVersions) {
    versions.get(`/${version}`, (_request, response) => sendOcpiData(response, clock, versionDetails(config.publicUrl, version, endpoints)));
  }
  ocpi.use(versions, methodNotAllowed(versions));
  for (const version of supportedVersions) {
    for (const module of modules.filter((candidate) => candidate.endpoint.versions.includes(version))) {
      const frame = configurationModules.has(module.endpoint.identifier) ? [] : functionalModuleFrame;
      ocpi.use(`/${version}/${module.endpoint.identifier}`, inVersion(version), ...frame, module.router, methodNotAllowed(module.router));
    }
  }
  ocpi.use(ocpiNotFound);
  ocpi.use(ocpiErrorHandler({ clock, logger: deps.logger }));

  const app = express();
  app.disable('x-powered-by');
  app.use('/ocpi', ocpi);
  return app;
}

function inVersion(version: OcpiVersionId): RequestHandler {
  return (_request, response, next) => {
    (response.locals as Partial<OcpiLocals>).ocpiVersion = version;
    next();
  };
}
