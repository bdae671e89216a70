import {
  MAX_MINOR,
  convertMinor,
  invertRate,
  parseRateText,
  rateText,
  type CalendarDate,
  type CurrencyCode,
  type FxGiven,
  type Rate,
} from '../domain/index.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { StoredFx } from './ports.js';

export interface Converted {
  readonly minor: bigint;
  readonly fx: StoredFx | null;
}

/**
 * Converts an entry into its cap's currency at a dated rate: the one given with the entry, else the
 * rate recorded for `date` (or the inverse of the opposite rate, as an exact fraction). The rate and
 * the rounding are kept with the entry.
 */
export async function toCapCurrency(
  ctx: AppContext,
  issuerId: string,
  minor: bigint,
  from: CurrencyCode,
  to: CurrencyCode,
  date: CalendarDate,
  given: FxGiven | null,
  path: string,
): Promise<Converted> {
  if (from === to) return { minor, fx: null };
  const checked = (c: Converted): Converted => {
    if (c.minor > MAX_MINOR || -c.minor > MAX_MINOR) {
      throw AppError.invalid([
        { path, message: `converted into ${to}, the amount is larger than the largest amount kept` },
      ]);
    }
    return c;
  };
  if (given) {
    const c = convertMinor(minor, from, to, given.rate);
    return checked({
      minor: c.minor,
      fx: { rate: given.rateText, date: given.date, source: given.source, rounding: c.rounding },
    });
  }
  const recorded = await findRecordedRate(ctx, issuerId, from, to, date);
  if (recorded) {
    const c = convertMinor(minor, from, to, recorded.rate);
    return checked({ minor: c.minor, fx: { ...recorded.fx, rounding: c.rounding } });
  }
  throw AppError.invalid([
    {
      path,
      message:
        `no FX rate ${from}→${to} is recorded for ${date}: give "fx": { "rate", "date", "source" } with the entry ` +
        `or record the rate with POST /api/v1/fx-rates`,
    },
  ]);
}

/**
 * The rate recorded for `date` (POST /api/v1/fx-rates), or the inverse of the opposite rate as an
 * exact fraction; null when neither is recorded.
 */
export async function findRecordedRate(
  ctx: AppContext,
  issuerId: string,
  from: CurrencyCode,
  to: CurrencyCode,
  date: CalendarDate,
): Promise<{ rate: Rate; fx: Omit<StoredFx, 'rounding'> } | null> {
  const direct = await ctx.store.findFxRate(issuerId, from, to, date);
  if (direct) {
    return {
      rate: parseRateText(direct.rate),
      fx: { rate: direct.rate, date: direct.date, source: direct.source },
    };
  }
  const inverse = await ctx.store.findFxRate(issuerId, to, from, date);
  if (inverse) {
    const rate = invertRate(parseRateText(inverse.rate));
    return {
      rate,
      fx: { rate: rateText(rate), date: inverse.date, source: `inverse of ${inverse.source}` },
    };
  }
  return null;
}
