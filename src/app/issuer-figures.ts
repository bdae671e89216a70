/**
 * Use case "record the issuer's figures" (issue 3): total assets, revenue, profits and the 5-day
 * average market capitalisation (14.07(4)) as of a date, the denominators of the size tests. Kept as
 * the scenario format's `issuer.figures` object and validated by `parseScenario`.
 */
import { parseScenario } from '../domain/chapter14a/scenario.js';
import { ErrorSink, parseCurrency, parseDate, parseText } from '../domain/index.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type { Actor, IssuerFiguresRecord } from './ports.js';
import { getIssuerOrThrow } from './register.js';
import { isJsonObject, requestErrors, scenarioIssuer } from './stored-scenario.js';

const FIGURE_KEYS = ['currency', 'totalAssets', 'revenue', 'profits', 'marketCapitalisation'] as const;

export type IssuerFiguresView = Omit<IssuerFiguresRecord, 'issuerId'>;

/** Records `{ asOf, figures: { currency, totalAssets, revenue, profits, marketCapitalisation }, source }`. */
export async function recordIssuerFigures(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
): Promise<IssuerFiguresView> {
  requireAction(actor, 'figures.record');
  const body = isJsonObject(raw) ? raw : {};
  const sink = new ErrorSink();
  const asOf = sink.take(parseDate(body['asOf'], 'asOf'));
  const source = sink.take(parseText(body['source'], 'source', { required: true, max: 500 }));
  const issuer = await getIssuerOrThrow(ctx.store, actor.issuerId);
  const rawFigures = body['figures'];
  // A rate is given for a figures currency other than HK$ only so that the scenario's FX check passes:
  // the rate actually used is the one recorded on or before the classification date.
  const currency = isJsonObject(rawFigures) ? rawFigures['currency'] : undefined;
  const parsed = parseScenario({
    asOf: asOf ?? ctx.clock.today(),
    issuer: scenarioIssuer(issuer, rawFigures),
    fx: typeof currency === 'string' ? [{ from: currency, to: 'HKD', rate: '1' }] : [],
    parties: [],
    relationships: [],
    agreements: [],
  });
  if (!parsed.ok) {
    for (const e of requestErrors(
      parsed.errors,
      () => null,
      (path) =>
        path === 'issuer.figures' || path.startsWith('issuer.figures.')
          ? `figures${path.slice('issuer.figures'.length)}`
          : null,
    )) {
      sink.add(e.path, e.message);
    }
  }
  if (sink.errors.length > 0 || !asOf || !source || !isJsonObject(rawFigures))
    throw AppError.invalid(sink.errors);
  const figures: Record<string, unknown> = {};
  for (const k of FIGURE_KEYS)
    figures[k] = typeof rawFigures[k] === 'string' ? rawFigures[k].trim() : rawFigures[k];
  // "RMB" is kept as its ISO code, CNY, so that the rate to HK$ is found under one name.
  const code = parseCurrency(rawFigures['currency'], 'figures.currency');
  if (code.ok) figures['currency'] = code.value;
  const record: IssuerFiguresRecord = {
    id: ctx.ids.next('fig'),
    issuerId: actor.issuerId,
    asOf,
    figures,
    source,
    recordedAt: ctx.clock.now(),
    recordedBy: actor.userId,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.insertIssuerFigures(record);
    return { commit: true, value: undefined };
  });
  const { issuerId: _issuer, ...view } = record;
  return view;
}
