import type { ChargerConnection } from './charger-connection.ts';

export interface ChargerPresence {
  readonly connected: boolean;
  readonly connectionId: string | null;
  readonly connectedAt: number | null;
  /** Last frame or pong received from the charger, on this instance. */
  readonly lastSeenAt: number | null;
}

/**
 * Which chargers hold a socket on this edge instance, and when each was last heard from. One charger has
 * at most one live connection: a newer one replaces the older.
 */
export class ConnectionDirectory {
  private readonly live = new Map<string, { connection: ChargerConnection; connectedAt: number }>();
  private readonly lastSeen = new Map<string, number>();

  /** Registers the connection and returns the one it replaces, if any. */
  attach(connection: ChargerConnection, at: number): ChargerConnection | undefined {
    const { chargerId } = connection.identity;
    const previous = this.live.get(chargerId)?.connection;
    this.live.set(chargerId, { connection, connectedAt: at });
    this.lastSeen.set(chargerId, at);
    return previous;
  }

  /** Forgets the connection unless a newer one already replaced it. */
  detach(chargerId: string, connectionId: string): void {
    if (this.live.get(chargerId)?.connection.identity.connectionId === connectionId) this.live.delete(chargerId);
  }

  touch(chargerId: string, at: number): void {
    this.lastSeen.set(chargerId, at);
  }

  connectionOf(chargerId: string): ChargerConnection | undefined {
    return this.live.get(chargerId)?.connection;
  }

  presenceOf(chargerId: string): ChargerPresence {
    const entry = this.live.get(chargerId);
    return {
      connected: entry !== undefined,
      connectionId: entry?.connection.identity.connectionId ?? null,
      connectedAt: entry?.connectedAt ?? null,
      lastSeenAt: this.lastSeen.get(chargerId) ?? null,
    };
  }

  connections(): ChargerConnection[] {
    return [...this.live.values()].map((entry) => entry.connection);
  }
}
