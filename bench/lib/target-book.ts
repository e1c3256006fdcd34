// Targets a bench checks, as they are measured: each is met or missed, and the book prints them all at
// the end. A `hard` target missed makes `npm run bench` exit non-zero; a `goal` is reported but does not
// (used where this machine may not allow it, with the reason printed next to it).
export interface TargetCheck {
  bench: string;
  /** What is compared, e.g. `pg-bakeoff / bare pg loop (selects/s)`. */
  what: string;
  measured: number;
  op: '>=' | '<=';
  threshold: number;
  /** Digits to print. */
  digits?: number;
  kind: 'hard' | 'goal';
  /** Why a goal was not reachable, or what the figure means. */
  note?: string;
}

export interface CheckedTarget extends TargetCheck {
  met: boolean;
}

export class TargetBook {
  private readonly checks: CheckedTarget[] = [];

  /** `skip`: sides were left out (--only), so ratios cannot be formed and nothing is checked. */
  constructor(private readonly skip = false) {}

  check(target: TargetCheck): CheckedTarget | undefined {
    if (this.skip) return undefined;
    const met = Number.isFinite(target.measured) && (target.op === '>=' ? target.measured >= target.threshold : target.measured <= target.threshold);
    const checked = { ...target, met };
    this.checks.push(checked);
    return checked;
  }

  /** A bench that could not finish: always recorded, and always a failure. */
  fail(bench: string, note: string): void {
    this.checks.push({ bench, what: 'completed', measured: 0, op: '>=', threshold: 1, digits: 0, kind: 'hard', note, met: false });
  }

  get all(): readonly CheckedTarget[] {
    return this.checks;
  }

  /** True when a hard target was missed. */
  get failed(): boolean {
    return this.checks.some((c) => c.kind === 'hard' && !c.met);
  }

  static line(c: CheckedTarget): string {
    const verdict = c.met ? 'met   ' : c.kind === 'hard' ? 'MISSED' : 'missed (goal)';
    const digits = c.digits ?? 3;
    return `${verdict}  ${c.bench}: ${c.what} = ${c.measured.toFixed(digits)} (target ${c.op} ${c.threshold})${c.note ? `; ${c.note}` : ''}`;
  }

  summary(): string {
    const lines = this.checks.map(TargetBook.line);
    if (this.skip) lines.push('(targets not checked: --only ran a subset of the sides)');
    return lines.join('\n');
  }
}
