import { afterEach, describe, expect, it } from 'vitest';
import {
  type Container,
  containerFor,
  installContainer,
  PortNotWiredError,
  systemClock,
} from '../../../lambdas/adapters/container.js';

const fakeViolations = () =>
  ({ put: async () => 0, forUscc: async () => [] }) as unknown as Container['violations'];

describe('containerFor', () => {
  afterEach(() => installContainer(undefined));

  it('makes each wired port on first use, once, and keeps the container per wiring', () => {
    let made = 0;
    const ports = {
      violations: () => {
        made++;
        return fakeViolations();
      },
    };
    const c = containerFor(ports, 'Probe');
    expect(made).toBe(0);
    const first = c.violations;
    expect(c.violations).toBe(first);
    expect(containerFor(ports, 'Probe').violations).toBe(first);
    expect(made).toBe(1);
    expect(c.clock).toBe(systemClock);
  });

  it('throws PortNotWiredError for a port the handler does not wire', () => {
    const c = containerFor({ violations: fakeViolations }, 'Probe');
    expect(() => c.documents).toThrow(PortNotWiredError);
    expect(() => c.documents).toThrow("port 'documents' is not wired into Probe");
  });

  it('serves the installed container through the same wiring (the local runtime)', () => {
    const installed = {
      violations: fakeViolations(),
      documents: {},
      clock: { now: () => new Date(0) },
    } as unknown as Container;
    installContainer(installed);
    let made = 0;
    const c = containerFor({
      violations: () => {
        made++;
        return fakeViolations();
      },
    });
    expect(c.violations).toBe(installed.violations);
    expect(c.clock).toBe(installed.clock);
    expect(made).toBe(0);
    expect(() => c.documents).toThrow(PortNotWiredError);
  });
});
