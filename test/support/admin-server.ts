import express from 'express';
import { adminApiBasePath, type AdminApi } from '../../services/core/http/admin-api.ts';
import { startHttpServer } from '../../services/core/http/http-server.ts';
import { adminClient, type AdminCall } from './admin-client.ts';

export interface ServedAdminApi {
  readonly adminUrl: string;
  /** Calls it with `token`, as an operator would. */
  readonly admin: AdminCall;
  close(): Promise<void>;
}

/** The admin API over HTTP on 127.0.0.1, mounted where the real process mounts it. */
export async function serveAdminApi(adminApi: AdminApi, token: string): Promise<ServedAdminApi> {
  const app = express();
  app.use(adminApiBasePath, adminApi.router);
  const http = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  const adminUrl = `http://127.0.0.1:${http.port}${adminApiBasePath}`;
  return { adminUrl, admin: adminClient(adminUrl, token), close: () => http.close(1_000) };
}
