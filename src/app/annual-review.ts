/**
 * Issue 7: what the INEDs' annual review (Rule 14A.55) and its pack share — the financial year
 * reviewed, the CCTs of that year, the limb wording the issuer uses for it, and the INEDs who sign.
 */
import {
  addDays,
  daysInMonth,
  effectiveTerm,
  formatDateEn,
  makeDate,
  minDate,
  type CalendarDate,
} from '../domain/index.js';
import { formatDateZhLong } from '../domain/chapter14a/implications.js';
import { bilingual, type Bilingual } from '../domain/reports/document.js';
import {
  DEFAULT_LIMB_WORDING,
  limbsOf,
  type ConfirmationLimb,
  type LimbWording,
} from '../domain/review/limbs.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import type { AgreementRecord, BreachRecord, CapRecord, CategoryRecord, StoreReader } from './ports.js';
import { inForce } from './reports/common.js';
import { capAmountInForce } from './views.js';
import { membershipValidOn } from './users.js';

/** A financial year, named by the calendar year it ends in ('2025' for the year ended 31 December 2025). */
export interface FinancialYear {
  readonly year: string;
  readonly start: CalendarDate;
  readonly end: CalendarDate;
  /** The year's last day, or today while the year is still running. */
  readonly asOf: CalendarDate;
  /** True once the year's last day is over (Hong Kong time). */
  readonly ended: boolean;
  /** "year ended 31 December 2025" / "截至二零二五年十二月三十一日止年度". */
  readonly label: Bilingual;
}

const YEAR = /^(\d{4})$/;

/**
 * 'YYYY': the issuer's financial year ending in that calendar year (financialYearEnd is MM-DD; a year
 * end on 29 February falls on 28 February in other years). A year that has not started is refused
 * (422 at `path`): there is nothing to review yet.
 */
export function parseFinancialYear(
  value: unknown,
  financialYearEnd: string,
  today: CalendarDate,
  path = 'period',
): FinancialYear {
  const invalid = (message: string) => AppError.invalid([{ path, message }]);
  const m = typeof value === 'string' ? YEAR.exec(value.trim()) : null;
  if (!m)
    throw invalid(
      `must be a financial year as YYYY, the calendar year it ends in, such as "2025" (got ${JSON.stringify(value)})`,
    );
  const year = Number(m[1]);
  if (year < 1900) throw invalid(`"${m[1]}" is not a financial year`);
  const [mm = 12, dd = 31] = financialYearEnd.split('-').map(Number);
  const yearEnd = (y: number) => makeDate(y, mm, Math.min(dd, daysInMonth(y, mm)));
  const start = addDays(yearEnd(year - 1), 1);
  const end = yearEnd(year);
  if (start > today)
    throw invalid(`FY${year} starts on ${start}, after today (${today}): it cannot be reviewed yet`);
  const ended = end < today;
  return {
    year: String(year),
    start,
    end,
    asOf: minDate(end, today),
    ended,
    label: bilingual(
      `${ended ? 'year ended' : 'year ending'} ${formatDateEn(end)}`,
      `截至${formatDateZhLong(end)}止年度`,
    ),
  };
}

const overlaps = (
  range: { readonly start: CalendarDate; readonly end: CalendarDate } | null,
  fy: FinancialYear,
): boolean => range !== null && range.start <= fy.end && range.end >= fy.start;

/** A category's term as in force (a termination cuts it short), or null when it never ran. */
export const termInForce = (c: CategoryRecord) =>
  effectiveTerm({
    termStart: c.termStart,
    termEnd: c.termEnd,
    terminatedOn: c.termination?.effectiveOn ?? null,
  });

/** The categories of the agreement whose term (as in force) or cap periods overlap the year. */
export function categoriesOfYear(a: AgreementRecord, fy: FinancialYear): CategoryRecord[] {
  return a.categories.filter(
    (c) =>
      overlaps(termInForce(c), fy) ||
      a.caps.some(
        (cap) =>
          cap.categoryIds.includes(c.id) && overlaps({ start: cap.periodStart, end: cap.periodEnd }, fy),
      ),
  );
}

/**
 * The CCTs of the year: agreements with a category term or a cap period overlapping it, whenever
 * they were signed (a framework signed in an earlier year is reviewed every year it runs).
 */
export const cctsOfYear = (agreements: readonly AgreementRecord[], fy: FinancialYear): AgreementRecord[] =>
  agreements.filter((a) => categoriesOfYear(a, fy).length > 0);

/**
 * A cap period of the year against the ledger: what the INED pack, the auditor's schedule and the
 * annual report disclosure all show, computed once so that they cannot disagree.
 */
export interface CapOfYear {
  readonly agreement: AgreementRecord;
  readonly cap: CapRecord;
  /** The day the cap period is shown as at: the earlier of its end and the year's `asOf`. */
  readonly asOf: CalendarDate;
  /** The cap in force on `asOf`, revisions included. */
  readonly capMinor: bigint;
  /** Actual amounts dated in the year and within the cap period, up to `asOf`. */
  readonly actualInYear: bigint;
  /** Actual amounts of the cap period up to `asOf`: what the cap is compared with. */
  readonly actualToDate: bigint;
  /** The ledger's actual amount exceeded the cap in force on some day up to `asOf` (a later revision does not undo it, 14A.54). */
  readonly exceededOnLedger: boolean;
  /** The breaches recorded against the cap period, dated in the year up to `asOf`. */
  readonly breaches: readonly BreachRecord[];
  /** Exceeded on the ledger, or a CAP_EXCEEDED breach is recorded. */
  readonly exceeded: boolean;
}

/** Each cap period in force in the year, of `agreements`, against the ledger and `breaches`. */
export async function capsOfYear(
  reader: StoreReader,
  agreements: readonly AgreementRecord[],
  fy: FinancialYear,
  breaches: readonly BreachRecord[],
): Promise<CapOfYear[]> {
  const out: CapOfYear[] = [];
  for (const agreement of agreements)
    for (const cap of agreement.caps.filter((c) => inForce(agreement, c, fy))) {
      const asOf = minDate(cap.periodEnd, fy.asOf);
      const from = cap.periodStart > fy.start ? cap.periodStart : fy.start;
      let actualToDate = 0n;
      let actualInYear = 0n;
      let exceededOnLedger = false;
      for (const day of await reader.ledgerByDate(cap.id)) {
        if (day.date > asOf) break;
        actualToDate += day.actualDelta;
        if (day.date >= from) actualInYear += day.actualDelta;
        if (actualToDate > capAmountInForce(cap, day.date)) exceededOnLedger = true;
      }
      const own = breaches.filter(
        (b) => b.capId === cap.id && b.occurredOn >= fy.start && b.occurredOn <= asOf,
      );
      out.push({
        agreement,
        cap,
        asOf,
        capMinor: capAmountInForce(cap, asOf),
        actualInYear,
        actualToDate,
        exceededOnLedger,
        breaches: own,
        exceeded: exceededOnLedger || own.some((b) => b.code === 'CAP_EXCEEDED'),
      });
    }
  return out;
}

/** The limb wording the issuer uses for the year (issuer policy [P]); the seed's four when none is recorded. */
export async function limbWordingOf(
  reader: StoreReader,
  issuerId: string,
  financialYear: string,
): Promise<{ wording: LimbWording; recorded: boolean; limbs: readonly ConfirmationLimb[] }> {
  const settings = await reader.getAnnualReviewSettings(issuerId, financialYear);
  const wording = settings?.limbWording ?? DEFAULT_LIMB_WORDING;
  return { wording, recorded: settings !== null, limbs: limbsOf(wording) };
}

export interface InedMember {
  readonly userId: string;
  /** The account's name, else its e-mail address. */
  readonly name: string;
  /** The register person the INED is (13.44), when linked. */
  readonly personId: string | null;
}

/** The users holding the role 'ined' at the issuer today, by name. */
export async function inedMembers(ctx: AppContext, issuerId: string): Promise<InedMember[]> {
  const today = ctx.clock.today();
  return (await ctx.store.listIssuerMembers(issuerId))
    .flatMap(({ user, memberships }) => {
      const ined = memberships.filter((m) => m.role === 'ined' && membershipValidOn(m, today));
      if (ined.length === 0 || user.disabled) return [];
      const personId = memberships.find((m) => m.personId !== null)?.personId ?? null;
      return [{ userId: user.id, name: user.name ?? user.email, personId }];
    })
    .sort((x, y) => x.name.localeCompare(y.name) || x.userId.localeCompare(y.userId));
}
