/**
 * Which components of this process are ready to serve. Every component starts "not ready: starting"
 * when registered and flips itself; the process is ready only when all of them are.
 */
export interface ComponentReadiness {
  readonly ready: boolean;
  readonly detail: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly components: Readonly<Record<string, ComponentReadiness>>;
}

export interface ReadinessHandle {
  ready(detail?: string): void;
  notReady(detail: string): void;
}

export class Readiness {
  private readonly components = new Map<string, ComponentReadiness>();

  register(component: string): ReadinessHandle {
    if (this.components.has(component)) throw new Error(`readiness component ${component} registered twice`);
    this.components.set(component, { ready: false, detail: 'starting' });
    return {
      ready: (detail = 'ready') => this.components.set(component, { ready: true, detail }),
      notReady: (detail) => this.components.set(component, { ready: false, detail }),
    };
  }

  /** Marks every component not ready, so load balancers drain the process before it stops. */
  drain(detail: string): void {
    for (const component of this.components.keys()) this.components.set(component, { ready: false, detail });
  }

  report(): ReadinessReport {
    const components = Object.fromEntries(this.components);
    const ready = this.components.size > 0 && [...this.components.values()].every((status) => status.ready);
    return { ready, components };
  }
}
