import { z } from 'zod';

const timeoutMs = z.number().int().min(1).max(300_000);

export const upstreamRequestSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (1 to 64)'),
    role: z.enum(['primary', 'observer']),
    /** ws:// or wss:// base URL; the charger id is appended as the last path segment. */
    url: z.string().optional(),
    /** true: the built-in CSMS, no url. */
    builtin: z.boolean().optional(),
    basic: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(64) }).strict().optional(),
    clientCertificate: z.object({ certificateFile: z.string().min(1), privateKeyFile: z.string().min(1) }).strict().optional(),
    timeouts: z.object({ connectMs: timeoutMs.default(5_000), callMs: timeoutMs.default(30_000) }).strict().default({ connectMs: 5_000, callMs: 30_000 }),
    allowedActions: z.array(z.string().regex(/^[A-Za-z0-9]{1,64}$/)).default([]),
    catchUp: z
      .enum(['replay', 'skip'])
      .optional()
      .describe(
        "Observers only (default replay): after its link was down, 'replay' re-sends the charger CALLs it missed, in order and with its own message ids, before live copies; 'skip' resumes with live copies",
      ),
  })
  .strict();

/** What PUT /api/routes/... accepts; the scope comes from the path. */
export const routeRequestSchema = z
  .object({
    upstreams: z.array(upstreamRequestSchema).max(8),
    primaryGraceMs: z.number().int().min(0).max(600_000).default(10_000),
    localAnswersWhilePrimaryDown: z
      .boolean()
      .default(false)
      .describe('Primary unreachable: answer Heartbeat and StatusNotification locally and forward them, in order, once it is back; transaction messages are never answered on its behalf'),
    /** Group routes only. */
    selector: z
      .object({ idPattern: z.string().min(1).max(64).optional(), labels: z.record(z.string(), z.string()).default({}) })
      .strict()
      .optional(),
    /** Group routes only: lower wins where groups overlap. */
    priority: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

export type RouteRequest = z.infer<typeof routeRequestSchema>;
export type UpstreamRequest = z.infer<typeof upstreamRequestSchema>;
