// Chooses the target from the options: --database-url (or DATABASE_URL) means that server, otherwise an
// embedded one is started.
import { startEmbedded, type EmbeddedOptions } from './embedded.ts';
import type { Target } from './target.ts';
import { openUrlTarget } from './url.ts';

export interface TargetChoice {
  databaseUrl?: string;
  embedded?: EmbeddedOptions;
  /** How long the first connection to a URL target may take before it counts as unreachable. */
  connectTimeoutMs?: number;
}

export async function openTarget(choice: TargetChoice): Promise<Target> {
  if (choice.databaseUrl) return openUrlTarget(choice.databaseUrl, { connectTimeoutMs: choice.connectTimeoutMs ?? 5000 });
  return startEmbedded(choice.embedded);
}
