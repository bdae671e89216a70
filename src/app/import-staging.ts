/**
 * Issue 9: the rows an import's first pass found good, kept for its second pass and for finding a
 * reference repeated within the file. A million rows are held in typed arrays and one buffer of
 * reference bytes (about 60 bytes a row), not as a million objects and strings: the garbage collector
 * has next to nothing to trace, so the import runs in a small heap without slowing down.
 */
import type { CalendarDate } from '../domain/index.js';
import type { ImportRow } from '../domain/import/rows.js';
import type { AgreementRecord, CategoryRecord } from './ports.js';

/** A row resolved against the issuer's records: what the write needs. */
export interface ResolvedRow {
  readonly row: ImportRow;
  readonly agreement: AgreementRecord;
  readonly category: CategoryRecord;
  readonly orderId: string | null;
}

/** Each distinct value once: an index into a list. */
class Interned<K, T> {
  private readonly byKey = new Map<K, number>();
  private readonly list: T[] = [];
  index(key: K, value: T): number {
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(value);
      this.byKey.set(key, i);
    }
    return i;
  }
  at(i: number): T {
    return this.list[i] as T;
  }
}

/** FNV-1a over the reference's UTF-16 code units, mixed with the category's index. */
function hashOf(pair: number, reference: string): number {
  let h = (0x811c9dc5 ^ pair) >>> 0;
  for (let i = 0; i < reference.length; i += 1) {
    h ^= reference.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export class Staging {
  n = 0;
  private size = 1024;
  private line = new Int32Array(this.size);
  private amount = new BigInt64Array(this.size);
  private date = new Int32Array(this.size);
  private pair = new Int32Array(this.size);
  private currency = new Int32Array(this.size);
  private order = new Int32Array(this.size);
  private rate = new Int32Array(this.size);
  private skip = new Uint8Array(this.size);
  private hash = new Uint32Array(this.size);
  private refAt = new Int32Array(this.size);
  private refEnd = new Int32Array(this.size);
  private refs = Buffer.alloc(1 << 16);
  private refsUsed = 0;
  /** Open addressing: row index + 1 by (category, reference) hash, 0 when empty; under half full. */
  private slots = new Int32Array(1 << 12);

  private readonly dates = new Interned<CalendarDate, CalendarDate>();
  private readonly pairs = new Interned<
    CategoryRecord,
    { agreement: AgreementRecord; category: CategoryRecord }
  >();
  private readonly currencies = new Interned<ImportRow['currency'], ImportRow['currency']>();
  private readonly orders = new Interned<string, string>();
  private readonly rates = new Interned<string, NonNullable<ImportRow['fxRate']>>();

  /** The index of the agreement's category (each agreement's category objects are its own). */
  pairOf(agreement: AgreementRecord, category: CategoryRecord): number {
    return this.pairs.index(category, { agreement, category });
  }

  reference(i: number): string {
    return this.refs.toString('utf8', this.refAt[i], this.refEnd[i]);
  }

  lineOf(i: number): number {
    return this.line[i] as number;
  }

  /** The row already kept with this category and reference, or -1. */
  find(pair: number, reference: string): number {
    const h = hashOf(pair, reference);
    const mask = this.slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const at = this.slots[s] as number;
      if (at === 0) return -1;
      const i = at - 1;
      if (this.hash[i] === h && this.pair[i] === pair && this.reference(i) === reference) return i;
    }
  }

  /** Keeps a row (not yet known to be new); returns its index. */
  add(r: ResolvedRow, pair: number): number {
    if (this.n === this.size) this.grow();
    if ((this.n + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    const i = this.n;
    const { row } = r;
    this.line[i] = row.line;
    this.amount[i] = row.amountMinor;
    this.date[i] = this.dates.index(row.date, row.date);
    this.pair[i] = pair;
    this.currency[i] = this.currencies.index(row.currency, row.currency);
    this.order[i] = r.orderId === null ? -1 : this.orders.index(r.orderId, r.orderId);
    this.rate[i] = row.fxRate === null ? -1 : this.rates.index(row.fxRate.text, row.fxRate);
    const bytes = Buffer.byteLength(row.reference);
    while (this.refsUsed + bytes > this.refs.length) {
      const more = Buffer.alloc(this.refs.length * 2);
      this.refs.copy(more, 0, 0, this.refsUsed);
      this.refs = more;
    }
    this.refAt[i] = this.refsUsed;
    this.refsUsed += this.refs.write(row.reference, this.refsUsed);
    this.refEnd[i] = this.refsUsed;
    const h = hashOf(pair, row.reference);
    this.hash[i] = h;
    this.place(i, h);
    this.n += 1;
    return i;
  }

  /** Marks a row as imported before with the same values: it is counted, not written. */
  markSkipped(i: number): void {
    this.skip[i] = 1;
  }

  skipped(i: number): boolean {
    return this.skip[i] === 1;
  }

  row(i: number): ResolvedRow {
    const { agreement, category } = this.pairs.at(this.pair[i] as number);
    const o = this.order[i] as number;
    const f = this.rate[i] as number;
    const orderId = o < 0 ? null : this.orders.at(o);
    return {
      row: {
        line: this.line[i] as number,
        agreement: agreement.id,
        category: category.key,
        date: this.dates.at(this.date[i] as number),
        currency: this.currencies.at(this.currency[i] as number),
        amountMinor: this.amount[i] as bigint,
        reference: this.reference(i),
        order: orderId,
        fxRate: f < 0 ? null : this.rates.at(f),
      },
      agreement,
      category,
      orderId,
    };
  }

  private place(i: number, h: number): void {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = i + 1;
  }

  private rehash(capacity: number): void {
    this.slots = new Int32Array(capacity);
    for (let i = 0; i < this.n; i += 1) this.place(i, this.hash[i] as number);
  }

  private grow(): void {
    this.size *= 2;
    const more = <A extends Int32Array | Uint32Array | Uint8Array | BigInt64Array>(a: A): A => {
      const b = new (a.constructor as new (n: number) => A)(this.size);
      b.set(a as never);
      return b;
    };
    this.line = more(this.line);
    this.amount = more(this.amount);
    this.date = more(this.date);
    this.pair = more(this.pair);
    this.currency = more(this.currency);
    this.order = more(this.order);
    this.rate = more(this.rate);
    this.skip = more(this.skip);
    this.hash = more(this.hash);
    this.refAt = more(this.refAt);
    this.refEnd = more(this.refEnd);
  }
}
