import { z } from 'zod';
import type { RemoteCommand } from '../normalize/commands/remote-command.ts';

/**
 * The remote commands of the admin API and of switchyard.ocpp.commands: one name per command, and the
 * parameters as JSON (times as ISO 8601). The same schemas read the API body and the topic record, so
 * whatever the API accepted is exactly what the edge holding the socket carries out.
 */
const instant = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));
const id = z.number().int().min(0);
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);

const chargingProfile = z
  .object({
    id,
    stackLevel: id,
    purpose: z.enum(['ChargerMax', 'TxDefault', 'Tx']),
    kind: z.enum(['Absolute', 'Recurring', 'Relative']),
    recurrency: optional(z.enum(['Daily', 'Weekly'])),
    validFrom: optional(instant),
    validTo: optional(instant),
    transactionId: optional(z.string().min(1).max(36)),
    schedule: z
      .object({
        id,
        startAt: optional(instant),
        durationSeconds: optional(id),
        rateUnit: z.enum(['A', 'W']),
        periods: z.array(z.object({ startSeconds: id, limit: z.number().min(0), phases: optional(z.number().int().min(1).max(3)) }).strict()).min(1),
        minRate: optional(z.number().min(0)),
      })
      .strict(),
  })
  .strict();

const idToken = z.object({ value: z.string().min(1).max(36), type: optional(z.string().min(1)) }).strict();

const setting = z.object({ component: optional(z.string().min(1)), variable: z.string().min(1) }).strict();

export const commandParameterSchemas = {
  start_session: z
    .object({
      evseId: optional(id),
      idToken,
      remoteStartId: z.number().int().min(1).max(2 ** 31 - 1),
      chargingProfile: optional(chargingProfile),
    })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'StartSession', ...p })),
  stop_session: z
    .object({ transactionId: z.string().min(1).max(36) })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'StopSession', ...p })),
  reset: z
    .object({ mode: z.enum(['Graceful', 'Immediate']) })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'Reset', ...p })),
  unlock_connector: z
    .object({ evseId: z.number().int().min(1), connectorId: z.number().int().min(1).default(1) })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'UnlockConnector', ...p })),
  change_availability: z
    .object({ evseId: id.default(0), connectorId: optional(z.number().int().min(1)), operational: z.boolean() })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'ChangeAvailability', ...p })),
  get_settings: z
    .object({ settings: z.array(setting).default([]) })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'GetSettings', ...p })),
  change_settings: z
    .object({ settings: z.array(setting.extend({ value: z.string().max(1000) }).strict()).min(1) })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'ChangeSettings', ...p })),
  trigger_message: z
    .object({
      message: z.enum([
        'BootNotification',
        'Heartbeat',
        'StatusNotification',
        'MeterValues',
        'FirmwareStatusNotification',
        'LogStatusNotification',
        'DiagnosticsStatusNotification',
        'TransactionEvent',
        'SignChargerCertificate',
      ]),
      evseId: optional(id),
    })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'TriggerMessage', ...p })),
  update_firmware: z
    .object({
      requestId: id,
      location: z.url(),
      retrieveAt: instant,
      retries: optional(id),
      retryIntervalSeconds: optional(id),
    })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'UpdateFirmware', ...p })),
  upload_log: z
    .object({
      requestId: id,
      logType: z.enum(['DiagnosticsLog', 'SecurityLog']).default('DiagnosticsLog'),
      location: z.url(),
      from: optional(instant),
      to: optional(instant),
      retries: optional(id),
      retryIntervalSeconds: optional(id),
    })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'UploadLog', ...p })),
  set_charging_profile: z
    .object({ evseId: id, profile: chargingProfile })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'SetChargingProfile', ...p })),
  clear_charging_profile: z
    .object({
      profileId: optional(id),
      evseId: optional(id),
      purpose: optional(z.enum(['ChargerMax', 'TxDefault', 'Tx'])),
      stackLevel: optional(id),
    })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'ClearChargingProfile', ...p })),
  get_composite_schedule: z
    .object({ evseId: id, duration: z.number().int().min(1), chargingRateUnit: optional(z.enum(['A', 'W'])) })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'GetCompositeSchedule', ...p })),
  reserve_now: z
    .object({
      reservationId: z.number().int().min(0).max(2 ** 31 - 1),
      evseId: optional(z.number().int().min(1)),
      expiresAt: instant,
      idToken,
      groupId: optional(z.string().min(1).max(36)),
    })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'ReserveNow', ...p })),
  cancel_reservation: z
    .object({ reservationId: z.number().int().min(0).max(2 ** 31 - 1) })
    .strict()
    .transform((p): RemoteCommand => ({ type: 'CancelReservation', ...p })),
  clear_cache: z
    .object({})
    .strict()
    .transform((): RemoteCommand => ({ type: 'ClearCache' })),
} as const;

export type CommandName = keyof typeof commandParameterSchemas;

export const commandNames = Object.keys(commandParameterSchemas) as CommandName[];

export function isCommandName(value: string): value is CommandName {
  return Object.hasOwn(commandParameterSchemas, value);
}

export type ParsedCommand = { readonly ok: true; readonly command: RemoteCommand } | { readonly ok: false; readonly problems: string[] };

export function parseCommand(name: CommandName, parameters: unknown): ParsedCommand {
  const parsed = commandParameterSchemas[name].safeParse(parameters ?? {});
  if (parsed.success) return { ok: true, command: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'parameters'}: ${issue.message}`) };
}
