/**
 * Commissions and premiums kept as columns, like the order lines (line-store.ts): a big shop has a
 * commission row for a third of its lines and a premium row for another third, and an object per row
 * with its strings and Map slot costs hundreds of bytes. Each reads back as the very fact it was given.
 */
import { NumberColumn, UintColumn } from './columns.js';
import type { Fen } from './entry.js';
import type { CommissionFact, PremiumFact } from './facts.js';
import { IdList, type IdTable } from './ids.js';
import { KeyedRows } from './line-store.js';

/**
 * What both stores hold per row beside its key and origin: a day, an amount and a flag of the kind,
 * the flag in the low bit of the day's index (a few hundred distinct days: 2 bytes).
 */
abstract class DatedAmounts<T extends CommissionFact | PremiumFact> extends KeyedRows<T> {
  private readonly dayFlag = new UintColumn();
  private readonly amountCol = new NumberColumn(true);

  /** The row of `key`, with its day, amount, origin and flag written. */
  protected write(key: string, f: T, flag: boolean): number {
    const j = this.keep(key, f);
    this.dayFlag.set(j, this.days.of(f.day) * 2 + (flag ? 1 : 0));
    this.amountCol.set(j, f.amount);
    return j;
  }

  protected flag(j: number): boolean {
    return (this.dayFlag.get(j) & 1) === 1;
  }

  day(j: number): string {
    return this.days.text(this.dayFlag.get(j) >>> 1);
  }
  amount(j: number): Fen {
    return this.amountCol.get(j);
  }
}

/** 精选联盟 commissions by 子订单编号 (one per line: the merge key). */
export class CommissionStore extends DatedAmounts<CommissionFact> {
  /** Row j's 子订单编号 is id j here. */
  get lines(): IdTable {
    return this.keys;
  }
  set(key: string, f: CommissionFact): void {
    if (key !== f.line) throw new Error(`commission store: key ${key} is not the fact's line ${f.line}`);
    this.write(key, f, f.settled);
  }
  line(j: number): string {
    return this.lines.idOf(j);
  }
  settled(j: number): boolean {
    return this.flag(j);
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
  /** Row j's target is id j here (no lookup by target: the booking looks each up in the lines). */
  readonly targets = new IdList();

  /** Row j's policy is id j here. */
  get policies(): IdTable {
    return this.keys;
  }

  set(key: string, f: PremiumFact): void {
    if (key !== f.policy) throw new Error(`premium store: key ${key} is not the fact's policy ${f.policy}`);
    this.targets.set(this.write(key, f, false), f.target);
  }
  target(j: number): string {
    return this.targets.idOf(j);
  }
  targetIndex(j: number): number {
    return j;
  }
  private policiesFreed = false;

  /**
   * Frees the policies (保险单号/动账流水号): only the merge reads them, never a booked ledger (10 M
   * lines: 65 MiB of text). A fact does not read back from then on.
   */
  forgetPolicies(): void {
    this.forgetLookups();
    this.keys.drop();
    this.policiesFreed = true;
  }

  fact(j: number): PremiumFact {
    if (this.policiesFreed) throw new Error('premium store: read after its policies were freed');
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
