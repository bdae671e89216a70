import { ErrorSink, parseCurrency, parseDate, parseRate, parseText } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, FxRateRecord } from './ports.js';

/** Records a dated rate: `rate` units of `to` per unit of `from`. One rate per pair and date. */
export async function recordFxRate(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<Omit<FxRateRecord, 'issuerId'>> {
  requireAction(actor, 'fx.record');
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const sink = new ErrorSink();
  const from = sink.take(parseCurrency(body['from'], 'from'));
  const to = sink.take(parseCurrency(body['to'], 'to'));
  const date = sink.take(parseDate(body['date'], 'date'));
  sink.take(parseRate(body['rate'], 'rate'));
  const source = sink.take(parseText(body['source'], 'source', { required: true, max: 500 }));
  if (from && to && from === to) sink.add('to', 'must differ from "from"');
  if (sink.errors.length > 0 || !from || !to || !date || !source) throw AppError.invalid(sink.errors);
  const record: FxRateRecord = {
    id: ctx.ids.next('fx'),
    issuerId: actor.issuerId,
    from,
    to,
    date,
    rate: String(body['rate']).trim(),
    source,
    recordedAt: ctx.clock.now(),
  };
  await ctx.store.transaction(async (tx) => {
    if (await tx.findFxRate(actor.issuerId, from, to, date)) {
      throw AppError.conflict(
        'FX_RATE_EXISTS',
        `a ${from}→${to} rate for ${date} is already recorded; rates are kept as recorded`,
      );
    }
    await tx.insertFxRate(record);
    return { commit: true, value: undefined };
  });
  const { issuerId: _issuer, ...view } = record;
  return view;
}
