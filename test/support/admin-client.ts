export interface AdminResponse {
  readonly status: number;
  readonly body: unknown;
}

export type AdminCall = (method: string, path: string, body?: unknown) => Promise<AdminResponse>;

/** Calls the admin API as an operator would: bearer token, JSON in and out, plus any headers given. */
export function adminClient(adminUrl: string, token: string, headers: Readonly<Record<string, string>> = {}): AdminCall {
  return async (method, path, body) => {
    const response = await fetch(`${adminUrl}${path}`, {
      method,
      headers: { ...headers, authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
}
