/**
 * Issue 5: what the forecast of cap sufficiency and the utilisation history read from the ledger.
 * The Repository delegates here. Each method is one query, the same on SQLite and PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';
import { allocateOpenAmount, calendarDate, type CalendarDate } from '../domain/index.js';
import type { DayAmount, LedgerDay } from '../app/monitoring-ports.js';
import type { Database } from './schema.js';

type Db = Kysely<Database>;

const big = (v: unknown): bigint => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' || typeof v === 'string') return BigInt(v);
  return 0n;
};

/**
 * Actual amounts of the cap's categories in the other caps (of the same currency) sharing a category
 * with it, dated before its period starts. Filtering on the caps first keeps to the ledger's
 * (cap_id, effective_on) index.
 */
export async function categoryActualsBefore(db: Db, capId: string, knownAt?: string): Promise<DayAmount[]> {
  let q = db
    .selectFrom('ledger_entries as l')
    .innerJoin('caps as me', (j) => j.on('me.id', '=', capId))
    .innerJoin('caps as c', 'c.id', 'l.cap_id')
    .select(['l.effective_on', sql<unknown>`sum(l.actual_delta)`.as('minor')])
    .where('l.kind', 'in', ['actual', 'actual-reversal'])
    .where('l.cap_id', '<>', capId)
    .where('l.cap_id', 'in', (eb) =>
      eb
        .selectFrom('cap_categories as other')
        .innerJoin('cap_categories as mine', 'mine.category_id', 'other.category_id')
        .select('other.cap_id')
        .where('mine.cap_id', '=', capId),
    )
    .where('l.category_id', 'in', (eb) =>
      eb.selectFrom('cap_categories').select('category_id').where('cap_id', '=', capId),
    )
    .whereRef('c.currency', '=', 'me.currency')
    .whereRef('l.effective_on', '<', 'me.period_start');
  if (knownAt !== undefined) q = q.where('l.created_at', '<=', knownAt);
  const rows = await q.groupBy('l.effective_on').orderBy('l.effective_on').execute();
  return rows
    .map((r) => ({ date: calendarDate(r.effective_on), minor: big(r.minor) }))
    .filter((r) => r.minor !== 0n);
}

/**
 * Each order's open amount on the cap as of `asOf` (the sum of its committed movements dated on or
 * before it: reserved − released − consumed + restored) with the lines of its current schedule for
 * the cap, then spread over those lines, latest first (`allocateOpenAmount`), and summed by date.
 */
export async function openCommitmentsByDate(
  db: Db,
  capId: string,
  asOf: CalendarDate,
  knownAt?: string,
): Promise<DayAmount[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('ledger_entries')
        .select(['order_id', sql<unknown>`sum(committed_delta)`.as('open')])
        .where('cap_id', '=', capId)
        .where('effective_on', '<=', asOf)
        .where('created_at', '<=', knownAt ?? '9999')
        .where('order_id', 'is not', null)
        .groupBy('order_id')
        .having(sql<unknown>`sum(committed_delta)`, '>', 0)
        .as('x'),
    )
    .innerJoin('orders as o', 'o.id', 'x.order_id')
    .innerJoin('order_schedule as s', (j) =>
      j.onRef('s.order_id', '=', 'o.id').onRef('s.version', '=', 'o.schedule_version'),
    )
    .select(['x.order_id', 'x.open', 's.date', 's.line_no', 's.cap_amount_minor'])
    .where('s.cap_id', '=', capId)
    .orderBy('x.order_id')
    .orderBy('s.date')
    .orderBy('s.line_no')
    .execute();
  const orders = new Map<string, { open: bigint; lines: { date: CalendarDate; minor: bigint }[] }>();
  for (const r of rows) {
    const id = r.order_id ?? '';
    const entry = orders.get(id) ?? { open: big(r.open), lines: [] };
    entry.lines.push({ date: calendarDate(r.date), minor: big(r.cap_amount_minor) });
    orders.set(id, entry);
  }
  const byDate = new Map<CalendarDate, bigint>();
  for (const { open, lines } of orders.values())
    for (const a of allocateOpenAmount(lines, open)) byDate.set(a.date, (byDate.get(a.date) ?? 0n) + a.minor);
  return [...byDate.entries()]
    .map(([date, minor]) => ({ date, minor }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export async function ledgerByDate(db: Db, capId: string, knownAt?: string): Promise<LedgerDay[]> {
  let q = db
    .selectFrom('ledger_entries')
    .select([
      'effective_on',
      sql<unknown>`sum(actual_delta)`.as('actual'),
      sql<unknown>`sum(committed_delta)`.as('committed'),
    ])
    .where('cap_id', '=', capId);
  if (knownAt !== undefined) q = q.where('created_at', '<=', knownAt);
  const rows = await q.groupBy('effective_on').orderBy('effective_on').execute();
  return rows.map((r) => ({
    date: calendarDate(r.effective_on),
    actualDelta: big(r.actual),
    committedDelta: big(r.committed),
  }));
}
