import { describe, expect, it } from 'vitest';
import { parseActualInput, parseCapRevisionInput, parseOrderInput, parseTerminationInput } from './ledger.js';
import type { Parsed } from './result.js';

type Json = Record<string, unknown>;
const errorsOf = <T>(r: Parsed<T>) => (r.ok ? [] : r.errors);
const pathsOf = <T>(r: Parsed<T>) => errorsOf(r).map((e) => e.path);
const fxGiven = { rate: '7.1234', date: '2025-09-01', source: 'HKAB 2025-09-01 TT selling' };

describe('parseOrderInput', () => {
  const order = (): Json => ({
    agreementId: 'agr-1',
    categoryKey: 'network-hardware',
    reference: 'PO-2025-0001',
    signedOn: '2025-09-01',
    schedule: [
      { date: '2025-09-30', amount: '1200000.00', currency: 'RMB' },
      { date: '2025-12-31', amount: '800000.00', currency: 'CNY' },
    ],
  });

  it('accepts a purchase order with a payment schedule, resolving RMB to CNY', () => {
    const r = parseOrderInput(order());
    expect(errorsOf(r)).toEqual([]);
    expect(r.ok && r.value).toEqual({
      agreementId: 'agr-1',
      categoryKey: 'network-hardware',
      reference: 'PO-2025-0001',
      signedOn: '2025-09-01',
      schedule: [
        { date: '2025-09-30', amount: { currency: 'CNY', minor: 120000000n } },
        { date: '2025-12-31', amount: { currency: 'CNY', minor: 80000000n } },
      ],
      fx: null,
      pricing: null,
    });
  });

  it('keeps the FX rate as given, with its date and source', () => {
    const r = parseOrderInput({
      ...order(),
      schedule: [{ date: '2025-09-30', amount: '10000.00', currency: 'USD' }],
      fx: fxGiven,
    });
    expect(r.ok && r.value.fx).toEqual({
      rate: { numerator: 71234n, denominator: 10000n },
      rateText: '7.1234',
      date: '2025-09-01',
      source: 'HKAB 2025-09-01 TT selling',
    });
  });

  it.each<{ what: string; change: Json; paths: string[] }>([
    { what: 'missing agreement id', change: { agreementId: undefined }, paths: ['agreementId'] },
    { what: 'blank category key', change: { categoryKey: '  ' }, paths: ['categoryKey'] },
    { what: 'missing reference', change: { reference: '' }, paths: ['reference'] },
    { what: 'malformed signing date', change: { signedOn: '2025-02-29' }, paths: ['signedOn'] },
    { what: 'empty schedule', change: { schedule: [] }, paths: ['schedule'] },
    { what: 'schedule not a list', change: { schedule: { date: '2025-09-30' } }, paths: ['schedule'] },
    {
      what: 'a schedule line with a zero amount',
      change: { schedule: [{ date: '2025-09-30', amount: '0.00', currency: 'CNY' }] },
      paths: ['schedule[0].amount'],
    },
    {
      what: 'a schedule line with too many decimals and a bad date',
      change: {
        schedule: [
          { date: '2025-09-30', amount: '1.00', currency: 'CNY' },
          { date: '2025-09-31', amount: '1.001', currency: 'CNY' },
        ],
      },
      paths: ['schedule[1].date', 'schedule[1].amount'],
    },
    {
      what: 'a schedule line with an unknown currency',
      change: { schedule: [{ date: '2025-09-30', amount: '1.00', currency: 'XYZ' }] },
      paths: ['schedule[0].currency'],
    },
    {
      what: 'schedule lines in two currencies',
      change: {
        schedule: [
          { date: '2025-09-30', amount: '1.00', currency: 'CNY' },
          { date: '2025-10-30', amount: '1.00', currency: 'HKD' },
        ],
      },
      paths: ['schedule[1].currency'],
    },
    { what: 'a schedule line that is not an object', change: { schedule: ['1.00'] }, paths: ['schedule[0]'] },
    {
      what: 'an FX rate given as a number',
      change: { fx: { ...fxGiven, rate: 7.1234 } },
      paths: ['fx.rate'],
    },
    {
      what: 'an FX rate without its source',
      change: { fx: { rate: '7.1234', date: '2025-09-01' } },
      paths: ['fx.source'],
    },
    {
      what: 'an FX rate of zero with no date',
      change: { fx: { rate: '0', source: 'x' } },
      paths: ['fx.rate', 'fx.date'],
    },
  ])('refuses $what → $paths', ({ change, paths }) => {
    const r = parseOrderInput({ ...order(), ...change });
    expect(r.ok).toBe(false);
    expect(pathsOf(r)).toEqual(paths);
  });

  it('reports several bad fields at once', () => {
    const r = parseOrderInput({ schedule: [{ date: 'soon', amount: 5, currency: 'CNY' }] });
    expect(pathsOf(r)).toEqual([
      'agreementId',
      'categoryKey',
      'reference',
      'signedOn',
      'schedule[0].date',
      'schedule[0].amount',
    ]);
  });

  it('refuses a schedule of more than 1000 lines', () => {
    const schedule = Array.from({ length: 1001 }, () => ({
      date: '2025-09-30',
      amount: '1.00',
      currency: 'CNY',
    }));
    expect(pathsOf(parseOrderInput({ ...order(), schedule }))).toEqual(['schedule']);
  });
});

describe('parseActualInput', () => {
  const actual = (): Json => ({
    agreementId: 'agr-1',
    categoryKey: 'idc-services',
    date: '2025-08-31',
    amount: '3416666.67',
    currency: 'RMB',
    reference: 'INV-2025-08',
  });

  it('accepts an actual amount with the optional fields absent', () => {
    const r = parseActualInput(actual());
    expect(r.ok && r.value).toEqual({
      agreementId: 'agr-1',
      categoryKey: 'idc-services',
      orderId: null,
      date: '2025-08-31',
      amount: { currency: 'CNY', minor: 341666667n },
      reference: 'INV-2025-08',
      servicePeriod: null,
      invoiceDate: null,
      fx: null,
    });
  });

  it('keeps the order, service period and invoice date when given', () => {
    const r = parseActualInput({
      ...actual(),
      orderId: 'ord-7',
      servicePeriod: { start: '2025-08-01', end: '2025-08-31' },
      invoiceDate: '2025-09-05',
    });
    expect(r.ok && [r.value.orderId, r.value.servicePeriod, r.value.invoiceDate]).toEqual([
      'ord-7',
      { start: '2025-08-01', end: '2025-08-31' },
      '2025-09-05',
    ]);
  });

  it.each<{ what: string; change: Json; paths: string[] }>([
    {
      what: 'a negative amount (reversals are not posted as actuals)',
      change: { amount: '-1.00' },
      paths: ['amount'],
    },
    { what: 'a JSON number amount', change: { amount: 3416666.67 }, paths: ['amount'] },
    { what: 'no currency', change: { currency: undefined }, paths: ['currency'] },
    { what: 'a malformed date', change: { date: '2025-8-31' }, paths: ['date'] },
    { what: 'an empty order id', change: { orderId: '' }, paths: ['orderId'] },
    { what: 'a numeric order id', change: { orderId: 7 }, paths: ['orderId'] },
    {
      what: 'a service period ending before it starts',
      change: { servicePeriod: { start: '2025-08-31', end: '2025-08-01' } },
      paths: ['servicePeriod.end'],
    },
    {
      what: 'a service period without a start',
      change: { servicePeriod: { end: '2025-08-31' } },
      paths: ['servicePeriod.start'],
    },
    {
      what: 'a service period that is a string',
      change: { servicePeriod: '2025-08' },
      paths: ['servicePeriod'],
    },
    { what: 'a malformed invoice date', change: { invoiceDate: '31/08/2025' }, paths: ['invoiceDate'] },
    { what: 'a missing reference', change: { reference: undefined }, paths: ['reference'] },
    { what: 'an FX block that is not an object', change: { fx: '7.1234' }, paths: ['fx'] },
  ])('refuses $what → $paths', ({ change, paths }) => {
    const r = parseActualInput({ ...actual(), ...change });
    expect(r.ok).toBe(false);
    expect(pathsOf(r)).toEqual(paths);
  });

  it('refuses a body that is not an object', () => {
    expect(pathsOf(parseActualInput('{}'))).toEqual(['']);
  });
});

describe('parseCapRevisionInput', () => {
  const revision = (): Json => ({
    amount: '100000000.00',
    effectiveFrom: '2026-07-01',
    approvedOn: '2026-06-15',
    reason: 'AI infrastructure demand above forecast',
    approvalReference: 'Board resolution 2026/14; announcement 2026-06-15',
  });

  it('accepts a revision in the cap currency, the currency being optional', () => {
    const r = parseCapRevisionInput(revision(), 'CNY');
    expect(r.ok && r.value).toEqual({
      amount: { currency: 'CNY', minor: 10000000000n },
      effectiveFrom: '2026-07-01',
      approvedOn: '2026-06-15',
      reason: 'AI infrastructure demand above forecast',
      approvalReference: 'Board resolution 2026/14; announcement 2026-06-15',
    });
  });

  it.each([
    { what: 'effective on the day of approval', effectiveFrom: '2026-06-15', ok: true },
    { what: 'effective the day before approval', effectiveFrom: '2026-06-14', ok: false },
    { what: 'effective long before approval (backdating)', effectiveFrom: '2026-01-01', ok: false },
  ])('$what: accepted $ok', ({ effectiveFrom, ok }) => {
    const r = parseCapRevisionInput({ ...revision(), effectiveFrom }, 'CNY');
    expect(r.ok).toBe(ok);
    if (!ok) {
      expect(errorsOf(r)).toEqual([
        { path: 'effectiveFrom', message: expect.stringMatching(/before approvedOn 2026-06-15/) as unknown },
      ]);
    }
  });

  it.each<{ what: string; change: Json; paths: string[]; message?: RegExp }>([
    { what: 'the RMB alias for a CNY cap is fine', change: { currency: 'RMB' }, paths: [] },
    {
      what: 'a different currency from the cap',
      change: { currency: 'HKD' },
      paths: ['currency'],
      message: /cap's currency \(CNY\)/,
    },
    { what: 'an unknown currency', change: { currency: 'XYZ' }, paths: ['currency'] },
    { what: 'a percentage (14A.53)', change: { amount: '110%' }, paths: ['amount'], message: /14A\.53/ },
    { what: 'a zero amount', change: { amount: '0' }, paths: ['amount'], message: /greater than zero/ },
    { what: 'too many decimals for the cap currency', change: { amount: '1.001' }, paths: ['amount'] },
    { what: 'no reason', change: { reason: '' }, paths: ['reason'] },
    { what: 'no approval reference', change: { approvalReference: undefined }, paths: ['approvalReference'] },
    { what: 'a malformed approval date', change: { approvedOn: '2026-06-31' }, paths: ['approvedOn'] },
  ])('$what → $paths', ({ change, paths, message }) => {
    const r = parseCapRevisionInput({ ...revision(), ...change }, 'CNY');
    expect(r.ok).toBe(paths.length === 0);
    expect(pathsOf(r)).toEqual(paths);
    if (message) expect(errorsOf(r)[0]?.message).toMatch(message);
  });

  it('reads the amount in the cap currency: JPY has no decimals', () => {
    expect(pathsOf(parseCapRevisionInput({ ...revision(), amount: '100.50' }, 'JPY'))).toEqual(['amount']);
    const r = parseCapRevisionInput({ ...revision(), amount: '100' }, 'JPY');
    expect(r.ok && r.value.amount).toEqual({ currency: 'JPY', minor: 100n });
  });
});

describe('parseTerminationInput', () => {
  const termination = (): Json => ({
    categoryKey: 'network-hardware',
    effectiveOn: '2026-03-01',
    reason: 'Supply moved in house',
  });

  it('accepts a termination', () => {
    expect(parseTerminationInput(termination())).toEqual({ ok: true, value: termination() });
  });

  it.each<{ what: string; change: Json; paths: string[] }>([
    { what: 'no category key', change: { categoryKey: undefined }, paths: ['categoryKey'] },
    { what: 'a malformed effective date', change: { effectiveOn: '2026-3-1' }, paths: ['effectiveOn'] },
    { what: 'no reason', change: { reason: null }, paths: ['reason'] },
    { what: 'a reason that is not text', change: { reason: 42 }, paths: ['reason'] },
    {
      what: 'everything missing',
      change: { categoryKey: '', effectiveOn: undefined, reason: undefined },
      paths: ['categoryKey', 'effectiveOn', 'reason'],
    },
  ])('refuses $what → $paths', ({ change, paths }) => {
    const r = parseTerminationInput({ ...termination(), ...change });
    expect(r.ok).toBe(false);
    expect(pathsOf(r)).toEqual(paths);
  });
});
