import labRegistry from '../../config/labs.json' with { type: 'json' };
import defaultRules from '../../config/rules.default.json' with { type: 'json' };
import type { Lab } from '../domain/labs.js';
import { parseRuleSettings } from '../domain/settings.js';
import type { FingerprintIndex } from '../ports/fingerprints.js';
import type { FunnelRepository } from '../ports/funnel.js';
import type { GovernanceEventRepository } from '../ports/governance.js';
import type { Clock, DocumentReader, DocumentStore, Workflow } from '../ports/index.js';
import type { Notifications } from '../ports/notifications.js';
import type { PortalRepository, StatementIssuer } from '../ports/portal.js';
import type { ApplicationRepository, ViolationRepository } from '../ports/repository.js';
import type { RulesRepository } from '../ports/rules.js';
import type { SpotCheckRepository } from '../ports/spot-checks.js';

/**
 * Everything a use case may touch. On AWS each function gets the ports its handler wires (see
 * `containerFor`), each built on first use; the local runtime installs a whole one of its own.
 */
export interface Container {
  applications: ApplicationRepository;
  violations: ViolationRepository;
  /** Admitted sellers' governance events (SPEC "After admission"): appended, never edited. */
  governanceEvents: GovernanceEventRepository;
  /** Fingerprints of confirmed applications' documents (DOCUMENT_REUSED). */
  fingerprints: FingerprintIndex;
  documents: DocumentStore;
  workflow: Workflow;
  clock: Clock;
  /** The rules configuration: current, or the version an application was submitted under. */
  rulesConfig: RulesRepository;
  /** The lab registry ops keep. */
  labs(): Promise<Lab[]>;
  /** Drafts, owners and work queues of the portal. */
  portal: PortalRepository;
  /** Reads one uploaded file at once, for the seller's preview. */
  reader: DocumentReader;
  /** Finance's statement runs. */
  statements: StatementIssuer;
  /** Per-application funnel summaries (ops' funnel, stuck list, metrics). */
  funnel: FunnelRepository;
  /** Events that tell people to act (SPEC "Telling people"): published once per event id. */
  notifications: Notifications;
  /** Sellers' webhook endpoints and deliveries (register, list, re-send). */
  webhooks: WebhookService;
  /** Spot-check rounds and their bookings (SPEC "After admission"). */
  spotChecks: SpotCheckRepository;
  /** The spot-check state machine: starting rounds, answering the waits for labs. */
  spotCheckWorkflow: Workflow;
}

/** What the seller's webhook routes need; lambdas/notify/service.ts implements it. */
export interface WebhookService {
  register(owner: string, input: { url: string; events: string[] }): Promise<Record<string, unknown>>;
  listEndpoints(owner: string): Promise<Record<string, unknown>[]>;
  listDeliveries(owner: string): Promise<Record<string, unknown>[]>;
  resend(owner: string, deliveryId: string): Promise<Record<string, unknown> | null>;
  /** Turns an endpoint off or on (on forgets its failures); the endpoint as listed. */
  setEnabled(owner: string, endpointId: string, enabled: boolean): Promise<Record<string, unknown>>;
}

export type PortName = keyof Container;

/**
 * How a function's ports are made on AWS: a factory per port, called on first use. The factories
 * live in `adapters/aws/*`, one module per AWS client, so a handler's bundle holds (and its start
 * loads) only the SDK clients of the ports it wires.
 */
export type Ports = { readonly [K in PortName]?: () => Container[K] };

export const systemClock: Clock = { now: () => new Date() };

/** The defaults shipped with the code; published as the first version when the table has none. */
export const bundledRules = parseRuleSettings(defaultRules);

/** The bundled lab registry, with the labs ops registered since (by labId). */
export async function withRegistered(portal: PortalRepository): Promise<Lab[]> {
  const byId = new Map<string, Lab>(labRegistry.map((l) => [l.labId, l]));
  for (const lab of await portal.listLabs()) byId.set(lab.labId, lab);
  return [...byId.values()];
}

/** A use case reached a port its handler does not wire: a wiring bug, on AWS and locally alike. */
export class PortNotWiredError extends Error {
  override name = 'PortNotWiredError';
  constructor(port: string, fn: string) {
    super(`port '${port}' is not wired into ${fn}: add its factory to the handler's ports`);
  }
}

const PORT_NAMES: readonly PortName[] = [
  'applications',
  'violations',
  'governanceEvents',
  'fingerprints',
  'documents',
  'workflow',
  'clock',
  'rulesConfig',
  'labs',
  'portal',
  'reader',
  'statements',
  'funnel',
  'notifications',
  'webhooks',
  'spotChecks',
  'spotCheckWorkflow',
];

/**
 * A container whose every port is looked up on first access: `resolve` gives it (a factory's
 * product, or the installed container's), or throws PortNotWiredError for a port not wired.
 */
function lazyContainer(ports: Ports, fn: string, from?: Container): Container {
  const made = new Map<PortName, unknown>();
  const c = {} as Container;
  for (const name of PORT_NAMES) {
    Object.defineProperty(c, name, {
      enumerable: true,
      get() {
        if (made.has(name)) return made.get(name);
        let port: unknown;
        if (name === 'clock' && !ports.clock) port = from ? from.clock : systemClock;
        else if (!ports[name]) throw new PortNotWiredError(name, fn);
        else port = from ? from[name] : (ports[name] as () => unknown)();
        made.set(name, port);
        return port;
      },
    });
  }
  return c;
}

let installed: Container | undefined;
const built = new WeakMap<Ports, Container>();

/**
 * The container of one function: its `ports`, each made on first use and kept for the life of the
 * Lambda execution environment (the clock is always there). Where a container was installed (the
 * local runtime), the installed ports are used instead, and only those the handler wires: a port
 * missing from a handler's wiring fails locally as it would on AWS.
 */
export function containerFor(ports: Ports, fn = 'this function'): Container {
  if (installed) return lazyContainer(ports, fn, installed);
  let c = built.get(ports);
  if (!c) {
    c = lazyContainer(ports, fn);
    built.set(ports, c);
  }
  return c;
}

/** The installed container (the local runtime's); on AWS functions use `containerFor`. */
export function container(): Container {
  if (!installed) throw new Error('no container installed: a handler gets its ports from containerFor');
  return installed;
}

/** The local runtime swaps adapters here, never logic (undefined takes it out again). */
export function installContainer(c: Container | undefined): void {
  installed = c;
}
