// The recommendation: for each query pattern, the index set that serves it best and what that set
// costs on writes; and the indexes no pattern used (idx_scan = 0 after the read phase), flagged as
// removable. Read latency is each trial's p50, median across trials (VariantOutcome metrics); an index
// counts as used if any trial scanned it.
import type { Recommendation, VariantOutcome } from '../../core/scenario.ts';
import { BASELINE_SET } from './index-file.ts';

/** Read latencies this close to the fastest count as a tie, which the smaller index set wins. */
const TIE_RATIO = 1.1;
const TIE_ABSOLUTE_MS = 0.005;

export interface PatternChoice {
  variant: string;
  indexes: string[];
  p50Ms: number;
  p95Ms: number;
  noIndexP50Ms?: number;
  speedupVsNoIndex?: number;
  indexBytes: number;
  insertRowsPerSec?: number;
  /** Fraction of insert throughput lost against the no-index baseline (0.2 = 20% fewer rows/s). */
  insertSlowdownVsNoIndex?: number;
  walBytesPerRow?: number;
  extraWalBytesPerRow?: number;
  hotRatio?: number;
}

export interface RemovableIndex {
  variant: string;
  index: string;
  idxScan: number;
}

const metric = (o: VariantOutcome, key: string): number | undefined => o.summary.metrics[key];

/** Index names of a variant, from its `indexBytes:<name>` metrics. */
export function indexNamesOf(o: VariantOutcome): string[] {
  return Object.keys(o.summary.metrics)
    .filter((k) => k.startsWith('indexBytes:'))
    .map((k) => k.slice('indexBytes:'.length));
}

export function choosePerPattern(outcomes: readonly VariantOutcome[], patterns: readonly string[]): Record<string, PatternChoice> {
  const ok = outcomes.filter((o) => o.status === 'ok');
  const none = ok.find((o) => o.name === BASELINE_SET);
  const out: Record<string, PatternChoice> = {};
  for (const pattern of patterns) {
    const key = `p50Ms:${pattern}`;
    const measured = ok.filter((o) => metric(o, key) !== undefined);
    if (measured.length === 0) continue;
    const fastest = Math.min(...measured.map((o) => metric(o, key)!));
    const near = measured.filter((o) => metric(o, key)! <= fastest * TIE_RATIO + TIE_ABSOLUTE_MS);
    near.sort((a, b) => (metric(a, 'indexBytes') ?? 0) - (metric(b, 'indexBytes') ?? 0) || metric(a, key)! - metric(b, key)!);
    const best = near[0]!;
    const choice: PatternChoice = {
      variant: best.name,
      indexes: indexNamesOf(best),
      p50Ms: metric(best, key)!,
      p95Ms: metric(best, `p95Ms:${pattern}`) ?? 0,
      indexBytes: metric(best, 'indexBytes') ?? 0,
    };
    const noIndex = none ? metric(none, key) : undefined;
    if (noIndex !== undefined) {
      choice.noIndexP50Ms = noIndex;
      if (choice.p50Ms > 0) choice.speedupVsNoIndex = noIndex / choice.p50Ms;
    }
    const insert = metric(best, 'insertRowsPerSec');
    const wal = metric(best, 'walBytesPerRow');
    const hot = metric(best, 'hotRatio');
    if (insert !== undefined) choice.insertRowsPerSec = insert;
    if (wal !== undefined) choice.walBytesPerRow = wal;
    if (hot !== undefined) choice.hotRatio = hot;
    const noneInsert = none ? metric(none, 'insertRowsPerSec') : undefined;
    const noneWal = none ? metric(none, 'walBytesPerRow') : undefined;
    if (insert !== undefined && noneInsert) choice.insertSlowdownVsNoIndex = 1 - insert / noneInsert;
    if (wal !== undefined && noneWal !== undefined) choice.extraWalBytesPerRow = wal - noneWal;
    out[pattern] = choice;
  }
  return out;
}

/** Indexes with idx_scan = 0 after the read phase of every trial (one scan in one trial is a use). */
export function removableIndexes(outcomes: readonly VariantOutcome[]): RemovableIndex[] {
  const out: RemovableIndex[] = [];
  for (const o of outcomes.filter((x) => x.status === 'ok' && x.name !== BASELINE_SET)) {
    for (const index of indexNamesOf(o)) {
      const key = `idxScan:${index}`;
      const perTrial = o.trials?.map((t) => t.metrics[key]).filter((v): v is number => v !== undefined) ?? [];
      const scans = perTrial.length > 0 ? Math.max(...perTrial) : metric(o, key);
      if (scans === 0) out.push({ variant: o.name, index, idxScan: 0 });
    }
  }
  return out;
}

const ms = (v: number) => (v >= 10 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`);

function describeChoice(pattern: string, c: PatternChoice): string {
  if (c.variant === BASELINE_SET) return `${pattern}: no index (${ms(c.p50Ms)} p50; no candidate was more than 10% faster)`;
  let text = `${pattern}: ${c.variant} (${ms(c.p50Ms)} p50`;
  if (c.noIndexP50Ms !== undefined && c.speedupVsNoIndex !== undefined) text += ` vs ${ms(c.noIndexP50Ms)} without an index, ${c.speedupVsNoIndex.toFixed(c.speedupVsNoIndex >= 10 ? 0 : 1)}x`;
  text += ')';
  const costs: string[] = [];
  if (c.insertSlowdownVsNoIndex !== undefined) {
    const pct = Math.abs(c.insertSlowdownVsNoIndex * 100).toFixed(0);
    // A set can insert faster than none by noise alone; say so rather than print "-5% fewer".
    costs.push(c.insertSlowdownVsNoIndex >= 0 ? `${pct}% fewer inserted rows/s` : 'insert rows/s within noise of no index');
  }
  if (c.extraWalBytesPerRow !== undefined) costs.push(`${c.extraWalBytesPerRow >= 0 ? '+' : ''}${c.extraWalBytesPerRow.toFixed(0)} WAL B/row`);
  if (c.hotRatio !== undefined) costs.push(`${(c.hotRatio * 100).toFixed(0)}% HOT updates`);
  if (costs.length > 0) text += `, costing ${costs.join(', ')}`;
  return text;
}

export function recommendIndexes(outcomes: readonly VariantOutcome[], patterns: readonly string[]): Recommendation | undefined {
  const perPattern = choosePerPattern(outcomes, patterns);
  const choices = Object.entries(perPattern);
  if (choices.length === 0) return undefined;
  const wins = new Map<string, number>();
  for (const [, c] of choices) wins.set(c.variant, (wins.get(c.variant) ?? 0) + 1);
  const bytes = (name: string) => outcomes.find((o) => o.name === name)?.summary.metrics.indexBytes ?? 0;
  const [variant] = [...wins.entries()].sort((a, b) => b[1] - a[1] || bytes(a[0]) - bytes(b[0]))[0]!;
  const removable = removableIndexes(outcomes);
  const served = choices.filter(([, c]) => c.variant === variant).map(([p]) => p);
  let reason =
    variant === BASELINE_SET
      ? `no candidate index made any pattern more than 10% faster than no index`
      : `${variant} serves ${served.length} of ${choices.length} patterns best (${served.join(', ')})`;
  reason += `. Per pattern: ${choices.map(([p, c]) => describeChoice(p, c)).join('; ')}`;
  if (removable.length > 0) reason += `. Unused by every pattern (idx_scan = 0), removable: ${removable.map((r) => `${r.index} (${r.variant})`).join(', ')}`;
  return {
    variant,
    reason,
    evidence: {
      perPattern,
      removable,
      method: `per pattern, the fastest p50 (median of trials); sets within ${Math.round((TIE_RATIO - 1) * 100)}% of it tie and the smallest index set wins; removable = idx_scan 0 after the read phase of every trial`,
    },
  };
}
