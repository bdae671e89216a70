import { ErrorSink, parseText } from './agreement.js';
import { parseDate, type CalendarDate } from './dates.js';
import { parseRate, type Rate } from './fx.js';
import { parseMoney, type Money, parseCurrency, parseAmount, type CurrencyCode } from './money.js';
import { parsePricingInput } from './pricing/parse.js';
import type { PricingInput } from './pricing/types.js';
import { joinPath, type FieldError, type Parsed } from './result.js';

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface FxGiven {
  readonly rate: Rate;
  readonly rateText: string;
  readonly date: CalendarDate;
  readonly source: string;
}

export interface ScheduleLine {
  readonly date: CalendarDate;
  readonly amount: Money;
}

export interface OrderInput {
  readonly agreementId: string;
  readonly categoryKey: string;
  readonly reference: string;
  readonly signedOn: CalendarDate;
  readonly schedule: readonly ScheduleLine[];
  readonly fx: FxGiven | null;
  /** The quotes behind the order (issue 4); null when none were given. */
  readonly pricing: PricingInput | null;
}

export interface ActualInput {
  readonly agreementId: string;
  readonly categoryKey: string;
  readonly orderId: string | null;
  readonly date: CalendarDate;
  readonly amount: Money;
  readonly reference: string;
  readonly servicePeriod: { readonly start: CalendarDate; readonly end: CalendarDate } | null;
  readonly invoiceDate: CalendarDate | null;
  readonly fx: FxGiven | null;
}

function requireId(raw: Obj, field: string, sink: ErrorSink): string | undefined {
  const v = raw[field];
  if (typeof v !== 'string' || v.trim() === '') {
    sink.add(field, 'is required');
    return undefined;
  }
  return v;
}

export function parseFx(value: unknown, path: string, sink: ErrorSink): FxGiven | null | undefined {
  if (value === undefined || value === null) return null;
  if (!isObj(value)) {
    sink.add(path, 'must be an object { rate, date, source }');
    return undefined;
  }
  const rate = sink.take(parseRate(value['rate'], joinPath(path, 'rate')));
  const date = sink.take(parseDate(value['date'], joinPath(path, 'date')));
  const source = sink.take(
    parseText(value['source'], joinPath(path, 'source'), { required: true, max: 500 }),
  );
  if (!rate || !date || !source) return undefined;
  return { rate, rateText: String(value['rate']).trim(), date, source };
}

export function parseSchedule(value: unknown, path: string, sink: ErrorSink): ScheduleLine[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    sink.add(path, 'is required: at least one { date, amount, currency }');
    return undefined;
  }
  if (value.length > 1000) {
    sink.add(path, 'has more than 1000 lines');
    return undefined;
  }
  const lines: ScheduleLine[] = [];
  let ok = true;
  value.forEach((line: unknown, i) => {
    const lp = joinPath(path, i);
    if (!isObj(line)) {
      sink.add(lp, 'must be an object { date, amount, currency }');
      ok = false;
      return;
    }
    const date = sink.take(parseDate(line['date'], joinPath(lp, 'date')));
    const amount = sink.take(
      parseMoney(
        line['amount'],
        line['currency'],
        { amount: joinPath(lp, 'amount'), currency: joinPath(lp, 'currency') },
        { positive: true },
      ),
    );
    if (!date || !amount) ok = false;
    else lines.push({ date, amount });
  });
  return ok ? lines : undefined;
}

export function parseOrderInput(raw: unknown): Parsed<OrderInput> {
  if (!isObj(raw)) return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  const sink = new ErrorSink();
  const agreementId = requireId(raw, 'agreementId', sink);
  const categoryKey = requireId(raw, 'categoryKey', sink);
  const reference = sink.take(parseText(raw['reference'], 'reference', { required: true, max: 500 }));
  const signedOn = sink.take(parseDate(raw['signedOn'], 'signedOn'));
  const schedule = parseSchedule(raw['schedule'], 'schedule', sink);
  const fx = parseFx(raw['fx'], 'fx', sink);
  const rawPricing = raw['pricing'];
  const pricing =
    rawPricing === undefined || rawPricing === null
      ? null
      : sink.take(parsePricingInput(rawPricing, 'pricing'));
  if (schedule) mixedCurrencies(schedule, sink);
  if (
    pricing === undefined ||
    sink.errors.length > 0 ||
    !agreementId ||
    !categoryKey ||
    !reference ||
    !signedOn ||
    !schedule ||
    fx === undefined
  ) {
    return { ok: false, errors: sink.errors };
  }
  return { ok: true, value: { agreementId, categoryKey, reference, signedOn, schedule, fx, pricing } };
}

function mixedCurrencies(schedule: readonly ScheduleLine[], sink: ErrorSink): void {
  const first = schedule[0]?.amount.currency;
  schedule.forEach((l, i) => {
    if (l.amount.currency !== first)
      sink.add(`schedule[${i}].currency`, `every line of one order must be in one currency (${first ?? ''})`);
  });
}

export function parseActualInput(raw: unknown): Parsed<ActualInput> {
  if (!isObj(raw)) return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  const sink = new ErrorSink();
  const agreementId = requireId(raw, 'agreementId', sink);
  const categoryKey = requireId(raw, 'categoryKey', sink);
  const orderIdRaw = raw['orderId'];
  if (
    orderIdRaw !== undefined &&
    orderIdRaw !== null &&
    (typeof orderIdRaw !== 'string' || orderIdRaw === '')
  ) {
    sink.add('orderId', 'must be the id of an order');
  }
  const date = sink.take(parseDate(raw['date'], 'date'));
  const amount = sink.take(
    parseMoney(
      raw['amount'],
      raw['currency'],
      { amount: 'amount', currency: 'currency' },
      { positive: true },
    ),
  );
  const reference = sink.take(parseText(raw['reference'], 'reference', { required: true, max: 500 }));
  let servicePeriod: ActualInput['servicePeriod'] = null;
  const sp = raw['servicePeriod'];
  if (sp !== undefined && sp !== null) {
    if (!isObj(sp)) sink.add('servicePeriod', 'must be an object { start, end }');
    else {
      const start = sink.take(parseDate(sp['start'], 'servicePeriod.start'));
      const end = sink.take(parseDate(sp['end'], 'servicePeriod.end'));
      if (start && end && end < start)
        sink.add('servicePeriod.end', `${end} is before servicePeriod.start ${start}`);
      else if (start && end) servicePeriod = { start, end };
    }
  }
  let invoiceDate: CalendarDate | null = null;
  if (raw['invoiceDate'] !== undefined && raw['invoiceDate'] !== null) {
    invoiceDate = sink.take(parseDate(raw['invoiceDate'], 'invoiceDate')) ?? null;
  }
  const fx = parseFx(raw['fx'], 'fx', sink);
  if (
    sink.errors.length > 0 ||
    !agreementId ||
    !categoryKey ||
    !date ||
    !amount ||
    !reference ||
    fx === undefined
  ) {
    return { ok: false, errors: sink.errors };
  }
  const orderId = typeof orderIdRaw === 'string' ? orderIdRaw : null;
  return {
    ok: true,
    value: { agreementId, categoryKey, orderId, date, amount, reference, servicePeriod, invoiceDate, fx },
  };
}

export interface CapRevisionInput {
  readonly amount: Money;
  readonly effectiveFrom: CalendarDate;
  readonly approvedOn: CalendarDate;
  readonly reason: string;
  readonly approvalReference: string;
}

/** A revision is in the cap's own currency; `currency` may be omitted. */
export function parseCapRevisionInput(raw: unknown, capCurrency: CurrencyCode): Parsed<CapRevisionInput> {
  if (!isObj(raw)) return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  const sink = new ErrorSink();
  let currency: CurrencyCode | undefined = capCurrency;
  if (raw['currency'] !== undefined) {
    currency = sink.take(parseCurrency(raw['currency'], 'currency'));
    if (currency && currency !== capCurrency) {
      sink.add('currency', `a revision is stated in the cap's currency (${capCurrency})`);
      currency = undefined;
    }
  }
  const amountRaw = raw['amount'];
  let minor: bigint | undefined;
  if (typeof amountRaw === 'string' && amountRaw.includes('%')) {
    sink.add(
      'amount',
      `"${amountRaw}" is a percentage: an annual cap must be expressed in monetary terms (Rule 14A.53)`,
    );
  } else if (currency) minor = sink.take(parseAmount(amountRaw, currency, 'amount', { positive: true }));
  const effectiveFrom = sink.take(parseDate(raw['effectiveFrom'], 'effectiveFrom'));
  const approvedOn = sink.take(parseDate(raw['approvedOn'], 'approvedOn'));
  const reason = sink.take(parseText(raw['reason'], 'reason', { required: true }));
  const approvalReference = sink.take(
    parseText(raw['approvalReference'], 'approvalReference', { required: true, max: 500 }),
  );
  if (effectiveFrom && approvedOn && effectiveFrom < approvedOn) {
    sink.add(
      'effectiveFrom',
      `${effectiveFrom} is before approvedOn ${approvedOn}: a revision takes effect no earlier than its approval`,
    );
  }
  if (
    sink.errors.length > 0 ||
    minor === undefined ||
    !currency ||
    !effectiveFrom ||
    !approvedOn ||
    !reason ||
    !approvalReference
  ) {
    return { ok: false, errors: sink.errors };
  }
  return {
    ok: true,
    value: { amount: { currency, minor }, effectiveFrom, approvedOn, reason, approvalReference },
  };
}

export interface TerminationInput {
  readonly categoryKey: string;
  readonly effectiveOn: CalendarDate;
  readonly reason: string;
}

export function parseTerminationInput(raw: unknown): Parsed<TerminationInput> {
  if (!isObj(raw)) return { ok: false, errors: [{ path: '', message: 'the body must be a JSON object' }] };
  const sink = new ErrorSink();
  const categoryKey = requireId(raw, 'categoryKey', sink);
  const effectiveOn = sink.take(parseDate(raw['effectiveOn'], 'effectiveOn'));
  const reason = sink.take(parseText(raw['reason'], 'reason', { required: true }));
  if (sink.errors.length > 0 || !categoryKey || !effectiveOn || !reason)
    return { ok: false, errors: sink.errors };
  return { ok: true, value: { categoryKey, effectiveOn, reason } };
}

export type { FieldError };
