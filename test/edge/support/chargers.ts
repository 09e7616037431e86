import { RPCClient } from 'ocpp-rpc';

export type Charger = InstanceType<typeof RPCClient>;
type ClientOptions = ConstructorParameters<typeof RPCClient>[0];

/**
 * A real OCPP-J client (ocpp-rpc) in strict mode: it validates every request and response against the
 * official schemas itself, so an answer the edge gets wrong fails the test on the charger's side.
 */
export async function connectCharger(options: {
  baseUrl: string;
  identity: string;
  protocol: 'ocpp1.6' | 'ocpp2.0.1';
  password?: string;
  reconnect?: boolean;
}): Promise<Charger> {
  const client = new RPCClient({
    endpoint: options.baseUrl,
    identity: options.identity,
    protocols: [options.protocol],
    strictMode: true,
    reconnect: options.reconnect ?? false,
    callTimeoutMs: 10_000,
    ...(options.password === undefined ? {} : { password: options.password }),
  } as Partial<ClientOptions> as ClientOptions);
  await client.connect();
  return client;
}
