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

  check(target: TargetCheck): CheckedTarget {
    const met = Number.isFinite(target.measured) && (target.op === '>=' ? target.measured >= target.threshold : target.measured <= target.threshold);
    const checked = { ...target, met };
    this.checks.push(checked);
    return checked;
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
    return this.checks.map(TargetBook.line).join('\n');
  }
}
