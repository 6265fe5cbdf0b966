/**
 * Commissions and premiums kept as columns, like the order lines (line-store.ts): a big shop has a
 * commission row for a third of its lines and a premium row for another third, and an object per row
 * with its strings and Map slot costs hundreds of bytes. Each reads back as the very fact it was given.
 */
import { F64Column, I32Column, U32Column, U8Column } from './columns.js';
import type { Fen } from './entry.js';
import type { CommissionFact, PremiumFact } from './facts.js';
import { IdTable } from './ids.js';
import { KeyedRows } from './line-store.js';

/** What both stores hold per row beside its key and origin: a day and an amount. */
abstract class DatedAmounts<T extends CommissionFact | PremiumFact> extends KeyedRows<T> {
  private readonly dayCol = new I32Column();
  private readonly amountCol = new F64Column();

  /** The row of `key`, with its day, amount and origin written. */
  protected write(key: string, f: T): number {
    const j = this.keep(key, f);
    this.dayCol.set(j, this.days.number(f.day));
    this.amountCol.set(j, f.amount);
    return j;
  }

  day(j: number): string {
    return this.days.text(this.dayCol.get(j));
  }
  amount(j: number): Fen {
    return this.amountCol.get(j);
  }
}

/** 精选联盟 commissions by 子订单编号 (one per line: the merge key). */
export class CommissionStore extends DatedAmounts<CommissionFact> {
  private readonly settledCol = new U8Column();

  /** Row j's 子订单编号 is id j here. */
  get lines(): IdTable {
    return this.keys;
  }
  set(key: string, f: CommissionFact): void {
    if (key !== f.line) throw new Error(`commission store: key ${key} is not the fact's line ${f.line}`);
    const j = this.write(key, f);
    this.settledCol.set(j, f.settled ? 1 : 0);
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
export class PremiumStore extends DatedAmounts<PremiumFact> {
  readonly targets = new IdTable();
  private readonly targetCol = new U32Column();

  set(key: string, f: PremiumFact): void {
    if (key !== f.policy) throw new Error(`premium store: key ${key} is not the fact's policy ${f.policy}`);
    const j = this.write(key, f);
    this.targetCol.set(j, this.targets.intern(f.target));
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
      policy: this.keys.idOf(j),
      target: this.target(j),
      day: this.day(j),
      amount: this.amount(j),
      exportedAt: this.exportedAt(j),
      source: this.source(j),
    };
  }
}
