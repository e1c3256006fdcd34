// What each driver can do, known before any session is open, so a variant can be marked unsupported up
// front (the engine asks `unsupportedReason` before running anything).
import type { DriverCapabilities, DriverKind } from './sql-driver.ts';

/** The RDS Data API's documented limits: 4 MiB requests, 1 MiB responses, 45 s per call. */
export const DATA_API_LIMITS = {
  maxRequestBytes: 4 * 1024 * 1024,
  maxResponseBytes: 1024 * 1024,
  maxCallMs: 45_000,
} as const;

export const DRIVER_CAPABILITIES: Readonly<Record<DriverKind, DriverCapabilities>> = {
  pg: { copy: true, pipeline: true, arrays: true, sessionState: true },
  'data-api': { copy: false, pipeline: false, arrays: false, sessionState: false, ...DATA_API_LIMITS },
};

export type Capability = 'copy' | 'pipeline' | 'arrays' | 'sessionState';

const WHY_MISSING: Record<DriverKind, Partial<Record<Capability, string>>> = {
  pg: {},
  'data-api': {
    copy: 'the RDS Data API has no COPY (it runs one SQL statement per HTTPS call)',
    pipeline: 'the RDS Data API cannot pipeline: every statement is its own HTTPS request and answer',
    arrays: 'the RDS Data API takes no array parameters',
    sessionState: 'the RDS Data API keeps no session state (SET) from one call to the next outside a transaction',
  },
};

/** Why `driver` cannot run something that needs `needs`, or undefined when it can. */
export function missingCapability(driver: DriverKind, needs: readonly Capability[]): string | undefined {
  const missing = needs.filter((c) => !DRIVER_CAPABILITIES[driver][c]);
  if (missing.length === 0) return undefined;
  return missing.map((c) => WHY_MISSING[driver][c] ?? `the ${driver} driver cannot do ${c}`).join('; ');
}
