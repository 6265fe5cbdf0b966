/**
 * Commissions and premiums kept as columns, like the order lines (line-store.ts): a big shop has a
 * commission row for a third of its lines and a premium row for another third, and an object per row
 * with its strings and Map slot costs hundreds of bytes. Each reads back as the very fact it was given.
 */
import { DayNumbers, F64Column, I32Column, Origins, U32Column, U8Column } from './columns.js';
import type { SourceLocation } from './diagnostics.js';
import type { Fen } from './entry.js';
import type { CommissionFact, PremiumFact } from './facts.js';
import { IdTable } from './ids.js';
import type { KeptFacts } from './line-store.js';

/** What both stores hold per row: a day, an amount, where it was read. */
abstract class RowColumns {
  protected readonly days = new DayNumbers();
  protected readonly origins = new Origins();
  private readonly dayCol = new I32Column();
  private readonly amountCol = new F64Column();
  private readonly origin = new U32Column();
  private readonly srcLine = new U32Column();

  protected write(j: number, f: CommissionFact | PremiumFact): void {
    this.dayCol.set(j, this.days.number(f.day));
    this.amountCol.set(j, f.amount);
    this.origin.set(j, this.origins.of(f.source.file, f.exportedAt));
    this.srcLine.set(j, f.source.line);
  }

  day(j: number): string {
    return this.days.text(this.dayCol.get(j));
  }
  amount(j: number): Fen {
    return this.amountCol.get(j);
  }
  exportedAt(j: number): number | null {
    return this.origins.exportedAt(this.origin.get(j));
  }
  source(j: number): SourceLocation {
    return { file: this.origins.file(this.origin.get(j)), line: this.srcLine.get(j) };
  }
}

/** 精选联盟 commissions by 子订单编号 (one per line: the merge key). */
export class CommissionStore extends RowColumns implements KeptFacts<CommissionFact> {
  readonly lines = new IdTable();
  private readonly settledCol = new U8Column();

  get size(): number {
    return this.lines.size;
  }
  get(key: string): CommissionFact | undefined {
    const j = this.lines.find(key);
    return j < 0 ? undefined : this.fact(j);
  }
  set(key: string, f: CommissionFact): void {
    if (key !== f.line) throw new Error(`commission store: key ${key} is not the fact's line ${f.line}`);
    const j = this.lines.intern(key);
    this.write(j, f);
    this.settledCol.set(j, f.settled ? 1 : 0);
  }
  *values(): Generator<CommissionFact> {
    for (let j = 0; j < this.size; j++) yield this.fact(j);
  }
  [Symbol.iterator](): Generator<CommissionFact> {
    return this.values();
  }
  line(j: number): string {
    return this.lines.idOf(j);
  }
  settled(j: number): boolean {
    return this.settledCol.get(j) === 1;
  }
  fact(j: number): CommissionFact {
    return {
      kind: 'commission',
      line: this.line(j),
      day: this.day(j),
      amount: this.amount(j),
      settled: this.settled(j),
      exportedAt: this.exportedAt(j),
      source: this.source(j),
    };
  }
}

/** 运费险 premiums by policy (保险单号/动账流水号), each naming a line or an order. */
export class PremiumStore extends RowColumns implements KeptFacts<PremiumFact> {
  readonly policies = new IdTable();
  readonly targets = new IdTable();
  private readonly targetCol = new U32Column();

  get size(): number {
    return this.policies.size;
  }
  get(key: string): PremiumFact | undefined {
    const j = this.policies.find(key);
    return j < 0 ? undefined : this.fact(j);
  }
  set(key: string, f: PremiumFact): void {
    if (key !== f.policy) throw new Error(`premium store: key ${key} is not the fact's policy ${f.policy}`);
    const j = this.policies.intern(key);
    this.write(j, f);
    this.targetCol.set(j, this.targets.intern(f.target));
  }
  *values(): Generator<PremiumFact> {
    for (let j = 0; j < this.size; j++) yield this.fact(j);
  }
  [Symbol.iterator](): Generator<PremiumFact> {
    return this.values();
  }
  target(j: number): string {
    return this.targets.idOf(this.targetCol.get(j));
  }
  targetIndex(j: number): number {
    return this.targetCol.get(j);
  }
  fact(j: number): PremiumFact {
    return {
      kind: 'premium',
      policy: this.policies.idOf(j),
      target: this.target(j),
      day: this.day(j),
      amount: this.amount(j),
      exportedAt: this.exportedAt(j),
      source: this.source(j),
    };
  }
}
