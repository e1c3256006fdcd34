// Chooses the target from the options: --database-url (or DATABASE_URL) means that server, otherwise an
// embedded one is started.
import { startEmbedded, type EmbeddedOptions } from './embedded.ts';
import type { Target } from './target.ts';
import { openUrlTarget } from './url.ts';

export interface TargetChoice {
  databaseUrl?: string;
  embedded?: EmbeddedOptions;
}

export async function openTarget(choice: TargetChoice): Promise<Target> {
  if (choice.databaseUrl) return openUrlTarget(choice.databaseUrl);
  return startEmbedded(choice.embedded);
}
