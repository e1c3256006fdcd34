// What the literature says about indexes next to what this run measured, for the built-in workload
// (the claims name built-in index sets and patterns; with user files they are simply not comparable).
import type { Claim, VariantOutcome } from '../../core/scenario.ts';
import { BASELINE_SET } from './index-file.ts';

const SOURCE = 'database-patterns guides';

const fmtMs = (v: number) => (v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`);

export function claimsFor(outcomes: readonly VariantOutcome[], patterns: readonly string[]): Claim[] {
  const ok = new Map(outcomes.filter((o) => o.status === 'ok').map((o) => [o.name, o]));
  const m = (variant: string, key: string) => ok.get(variant)?.summary.metrics[key];
  const claims: Claim[] = [];
  const has = (p: string) => patterns.includes(p);

  const right = m('user-id-created-at', 'p50Ms:by-user-recent');
  const wrong = m('created-at-user-id', 'p50Ms:by-user-recent');
  if (has('by-user-recent') && right !== undefined && wrong !== undefined && right > 0) {
    const ratio = wrong / right;
    claims.push({
      source: SOURCE,
      claim: 'composite index column order matters: (user_id, created_at) serves "a user\'s recent orders", (created_at, user_id) does not',
      measured: `by-user-recent p50 ${fmtMs(right)} with (user_id, created_at DESC) vs ${fmtMs(wrong)} with (created_at, user_id): ${ratio.toFixed(ratio >= 10 ? 0 : 1)}x`,
      verdict: ratio >= 2 ? 'supported' : 'contradicted',
    });
  }

  const partial = m('status-pending-partial', 'p50Ms:pending');
  const full = m('status', 'p50Ms:pending');
  const partialBytes = m('status-pending-partial', 'indexBytes');
  const fullBytes = m('status', 'indexBytes');
  if (has('pending') && partial !== undefined && full !== undefined && partialBytes !== undefined && fullBytes) {
    claims.push({
      source: SOURCE,
      claim: 'a partial index serves a filtered query as well as a full index, at a fraction of the size',
      measured: `pending p50 ${fmtMs(partial)} (partial, ${(partialBytes / 1024).toFixed(0)} KiB) vs ${fmtMs(full)} (full, ${(fullBytes / 1024).toFixed(0)} KiB)`,
      verdict: partial <= full * 1.1 && partialBytes * 5 <= fullBytes ? 'supported' : 'contradicted',
    });
  }

  const covering = m('covering', 'p50Ms:by-user-recent-columns');
  const plain = m('user-id-created-at', 'p50Ms:by-user-recent-columns');
  if (has('by-user-recent-columns') && covering !== undefined && plain !== undefined && covering > 0) {
    claims.push({
      source: SOURCE,
      claim: 'a covering index (INCLUDE) makes a query with explicit columns faster through an index-only scan',
      measured: `by-user-recent-columns p50 ${fmtMs(covering)} with the covering index vs ${fmtMs(plain)} with (user_id, created_at DESC) alone`,
      verdict: covering * 1.1 <= plain ? 'supported' : 'contradicted',
    });
  }

  const noneWal = m(BASELINE_SET, 'walBytesPerRow');
  const withIndexes = [...ok.values()].filter((o) => o.name !== BASELINE_SET && o.summary.metrics.walBytesPerRow !== undefined);
  if (noneWal !== undefined && withIndexes.length > 0) {
    const extra = withIndexes.map((o) => ({ name: o.name, wal: o.summary.metrics.walBytesPerRow! - noneWal }));
    claims.push({
      source: SOURCE,
      claim: 'every index adds work to every insert',
      measured: `WAL bytes per inserted row above no index (${noneWal.toFixed(0)} B): ${extra.map((e) => `${e.name} ${e.wal >= 0 ? '+' : ''}${e.wal.toFixed(0)}`).join(', ')}`,
      verdict: extra.every((e) => e.wal > 0) ? 'supported' : 'contradicted',
    });
  }
  return claims;
}
