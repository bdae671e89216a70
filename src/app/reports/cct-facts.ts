/**
 * Issue 7, items 5 and 6: what the annual report disclosure (14A.71) and the announcement draft
 * (14A.35, 14A.68) both say about a continuing connected transaction — the connected relationship
 * read from the stored register, the directors with a material interest (13.44), the period names
 * of announcements ("the period from 29 July 2025 to 31 December 2025", "the year ending 31 December
 * 2026"), amounts in paragraphs ("RMB82.0 million" / "人民幣82.0百萬元"), and the visible markers of
 * what the records lack ("[To be completed: …]"), so that nothing is invented.
 */
import { analyseConnections, type BasisStep } from '../../domain/chapter14a/index.js';
import { interestedDirectorsWith } from '../../domain/chapter14a/directors.js';
import { percentShort } from '../../domain/chapter14a/fraction.js';
import { formatDateZhLong } from '../../domain/chapter14a/implications.js';
import {
  addDays,
  daysInMonth,
  displayCurrency,
  divRoundHalfUp,
  formatDateEn,
  formatMinorDigits,
  makeDate,
  minorUnits,
  type CalendarDate,
  type CurrencyCode,
  type LocalisedName,
} from '../../domain/index.js';
import { bilingual, type Bilingual } from '../../domain/reports/document.js';
import { currencyName } from '../../domain/reports/format.js';
import type { AppContext } from '../context.js';
import type { AgreementRecord, CapRecord, CategoryRecord, IssuerRecord } from '../ports.js';
import { connectionScenario, registerLists } from '../stored-scenario.js';
import { revisionCountsFrom } from '../views.js';
import { named } from './common.js';

/** "Rule 14A.71 of the Listing Rules" / "上市規則第14A.71條" (presentation.md). */
export const ruleRef = (rule: string): Bilingual =>
  bilingual(`Rule ${rule} of the Listing Rules`, `上市規則第${rule}條`);

/**
 * What the records lack and the reader must supply, marked so that it cannot be missed or pasted
 * unnoticed: "[To be completed: …]" / "[待填寫：…]".
 */
export const toBeCompleted = (en: string, zh: string): Bilingual =>
  bilingual(`[To be completed: ${en}]`, `[待填寫：${zh}]`);
export const TO_BE_COMPLETED_EN = '[To be completed:';
export const TO_BE_COMPLETED_ZH = '[待填寫：';

/** A date as announcements write it: "29 July 2025" / "二零二五年七月二十九日". */
export const longDate = (d: CalendarDate): Bilingual => bilingual(formatDateEn(d), formatDateZhLong(d));

/**
 * An amount in millions with one decimal, as paragraphs write it: "RMB82.0 million" /
 * "人民幣82.0百萬元"; "HK$3.0 million" / "3.0百萬港元". Rounded half-up from the exact minor units.
 */
export function millions(minor: bigint, currency: CurrencyCode): Bilingual {
  const scaled = divRoundHalfUp(minor * 10n, 10n ** BigInt(minorUnits(currency) + 6));
  const digits = formatMinorDigits(scaled < 0n ? -scaled : scaled, 1);
  const zhName = currencyName(currency, 'zh-Hant');
  const zh =
    currency === 'CNY'
      ? `人民幣${digits}百萬元`
      : zhName === displayCurrency(currency)
        ? `${zhName}${digits}百萬`
        : `${digits}百萬${zhName}`;
  const en = `${displayCurrency(currency)}${digits} million`;
  return scaled < 0n ? bilingual(`(${en})`, `(${zh})`) : bilingual(en, zh);
}

/** A list as prose: "A, B and C" / "A、B及C". */
export function listed(items: readonly Bilingual[]): Bilingual {
  const en = items.map((i) => i.en);
  const zh = items.map((i) => i['zh-Hant']);
  const join = (xs: string[], sep: string, last: string) =>
    xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(sep)}${last}${xs[xs.length - 1]}`;
  return bilingual(join(en, ', ', ' and '), join(zh, '、', '及'));
}

/** The issuer's financial year ending in `year` (its year end on MM-DD; 29 February in other years: the 28th). */
export function financialYear(
  year: number,
  financialYearEnd: string,
): { start: CalendarDate; end: CalendarDate } {
  const [mm = 12, dd = 31] = financialYearEnd.split('-').map(Number);
  const yearEnd = (y: number) => makeDate(y, mm, Math.min(dd, daysInMonth(y, mm)));
  return { start: addDays(yearEnd(year - 1), 1), end: yearEnd(year) };
}

/**
 * A cap period as announcements name it: a whole financial year by its end ("the year ending 31
 * December 2026", "截至二零二六年十二月三十一日止年度"), a stub period by both ends ("the period from 29
 * July 2025 to 31 December 2025", "自二零二五年七月二十九日起至二零二五年十二月三十一日止期間").
 * "ended" once `reference` is on or after its end.
 */
export function periodName(
  start: CalendarDate,
  end: CalendarDate,
  financialYearEnd: string,
  reference: CalendarDate,
): Bilingual {
  const fy = financialYear(Number(end.slice(0, 4)), financialYearEnd);
  if (fy.start === start && fy.end === end)
    return bilingual(
      `the year ${end <= reference ? 'ended' : 'ending'} ${formatDateEn(end)}`,
      `截至${formatDateZhLong(end)}止年度`,
    );
  return bilingual(
    `the period from ${formatDateEn(start)} to ${formatDateEn(end)}`,
    `自${formatDateZhLong(start)}起至${formatDateZhLong(end)}止期間`,
  );
}

/** The categories an agreement's counterparty provides to the group, and those it buys from it. */
export function categoriesByDirection(a: AgreementRecord): {
  purchases: CategoryRecord[];
  sales: CategoryRecord[];
} {
  return {
    purchases: a.categories.filter((c) => c.direction === 'issuer-purchases'),
    sales: a.categories.filter((c) => c.direction === 'issuer-sells'),
  };
}

/** "Xiaomi Corporation provides IDC services to the Group" / "小米集團向本集團提供IDC相關服務", per direction. */
export function subjectMatter(a: AgreementRecord): Bilingual {
  const cp = named(a.counterparty.name);
  const { purchases, sales } = categoriesByDirection(a);
  const parts: Bilingual[] = [];
  if (purchases.length > 0) {
    const names = listed(purchases.map((c) => named(c.name)));
    parts.push(
      bilingual(
        `${cp.en} provides ${names.en} to the Group`,
        `${cp['zh-Hant']}向本集團提供${names['zh-Hant']}`,
      ),
    );
  }
  if (sales.length > 0) {
    const names = listed(sales.map((c) => named(c.name)));
    parts.push(
      bilingual(
        `the Group provides ${names.en} to ${cp.en}`,
        `本集團向${cp['zh-Hant']}提供${names['zh-Hant']}`,
      ),
    );
  }
  return listed(parts);
}

/** The pricing policy of a category as the announcement and the annual report state it. */
export function pricingPolicyText(a: AgreementRecord, c: CategoryRecord): Bilingual {
  const cp = named(a.counterparty.name);
  const name = named(c.name);
  const p = c.pricingPolicy;
  const basis =
    c.pricingBasis === null
      ? bilingual('', '')
      : bilingual(
          ` The basis of the fees, as recorded: "${c.pricingBasis}".`,
          `記錄的定價基準：「${c.pricingBasis}」。`,
        );
  if (p.minIndependentQuotes === 0)
    return bilingual(
      `${name.en}: no independent quotations are required, the price being fixed by the agreement.${basis.en}`,
      `${name['zh-Hant']}：價格由協議釐定，毋須索取獨立報價。${basis['zh-Hant']}`,
    );
  const n = p.minIndependentQuotes;
  const buying = p.comparison === 'connected-lower';
  const validity = p.quoteValidityRequired
    ? bilingual(', each valid on the date of the specific agreement', '（各報價於具體協議日期須仍然有效）')
    : bilingual('', '');
  const exception = p.exceptionsAllowed
    ? bilingual(
        ' A departure from this policy requires a documented exception approved by another officer.',
        '如偏離此政策，須記錄例外理由並經另一名人員批准。',
      )
    : bilingual('', '');
  return bilingual(
    `${name.en}: before entering into any specific agreement, the Group obtains quotations from at least ${n} independent third ${n === 1 ? 'party' : 'parties'}${validity.en}, and enters into the specific agreement only if ${cp.en}'s ${buying ? 'quotation' : 'offer'} is more favourable to the Group than ${n === 1 ? 'that quotation' : 'each of those quotations'} (${buying ? 'a lower price' : 'a higher price'}).${exception.en}${basis.en}`,
    `${name['zh-Hant']}：本集團在訂立任何具體協議前，將向至少${n}名獨立第三方索取報價${validity['zh-Hant']}，並僅於${cp['zh-Hant']}的${buying ? '報價' : '出價'}較該等報價對本集團更為有利（${buying ? '價格較低' : '價格較高'}）時，方會訂立具體協議。${exception['zh-Hant']}${basis['zh-Hant']}`,
  );
}

/** What the stored register says about an agreement's counterparty and the issuer's directors. */
export interface ConnectionFacts {
  /** False when the register could not be read for it (no party id, or a party it does not hold). */
  readonly recorded: boolean;
  readonly connected: boolean;
  readonly basis: readonly BasisStep[];
  /** The counterparty's own shareholding in the issuer in force, as a percentage ("11.12"). */
  readonly holdingPercent: string | null;
  /** The directors with a material interest (13.44), with their names in the register. */
  readonly interested: readonly {
    readonly personId: string;
    readonly name: LocalisedName;
    readonly reasons: readonly BasisStep[];
  }[];
  /** Every party's name in the register, by id. */
  readonly names: ReadonlyMap<string, LocalisedName>;
}

const NOT_RECORDED = (names: ReadonlyMap<string, LocalisedName>): ConnectionFacts => ({
  recorded: false,
  connected: false,
  basis: [],
  holdingPercent: null,
  interested: [],
  names,
});

/**
 * The connection of each agreement's counterparty as at `asOf`, from the stored register, composed
 * as the abstention check composes it (no figures needed: the connection rules do not read them).
 * One agreement at a time, so that one the register cannot place does not hide the others.
 */
export async function connectionFacts(
  ctx: AppContext,
  issuer: IssuerRecord,
  agreements: readonly AgreementRecord[],
  asOf: CalendarDate,
): Promise<Map<string, ConnectionFacts>> {
  const register = await registerLists(ctx.store, issuer.id);
  const out = new Map<string, ConnectionFacts>();
  for (const a of agreements) {
    const parsed = a.counterparty.partyId === null ? null : connectionScenario(issuer, register, a, asOf);
    if (!parsed?.ok) {
      out.set(a.id, NOT_RECORDED(new Map()));
      continue;
    }
    const analysis = analyseConnections(parsed.value);
    const names = new Map([...analysis.reg.parties].map(([id, p]) => [id, p.name]));
    const cp = a.counterparty.partyId ?? '';
    const connection = analysis.connections.find((x) => x.id === cp);
    if (!connection) {
      out.set(a.id, NOT_RECORDED(names));
      continue;
    }
    const holding = analysis.reg.holdings.find((h) => h.holder === cp && h.company === issuer.id);
    out.set(a.id, {
      recorded: true,
      connected: connection.connected,
      basis: connection.basis,
      holdingPercent: holding ? percentShort(holding.percent) : null,
      interested: interestedDirectorsWith(analysis, a.id).map((d) => ({
        personId: d.personId,
        name: names.get(d.personId) ?? { en: d.personId, 'zh-Hant': null },
        reasons: d.reasons,
      })),
      names,
    });
  }
  return out;
}

/**
 * The connected relationship in a sentence (14A.68(2), 14A.71(2)): "Xiaomi Corporation holds about
 * 11.12% of the shares of the Company and is therefore a substantial shareholder and a connected
 * person of the Company (Rule 14A.07(1) of the Listing Rules)." Said plainly when the register has
 * nothing, or finds no connection.
 */
export function relationshipText(
  a: AgreementRecord,
  f: ConnectionFacts | undefined,
  asOf: CalendarDate,
): Bilingual {
  const cp = named(a.counterparty.name);
  const date = longDate(asOf);
  if (!f?.recorded)
    return toBeCompleted(
      `the connected relationship of ${cp.en}: the register holds no record of it${a.counterparty.partyId === null ? ' (the agreement names no party of the register)' : ''}`,
      `${cp['zh-Hant']}的關連關係：關連人士名冊並無相關記錄`,
    );
  if (!f.connected)
    return bilingual(
      `According to the register as at ${date.en}, ${cp.en} is not a connected person of the Company.`,
      `根據關連人士名冊，於${date['zh-Hant']}，${cp['zh-Hant']}並非本公司的關連人士。`,
    );
  const rules = [...new Set(f.basis.map((b) => b.rule))];
  const cite = listed(rules.map(ruleRef));
  const ten = f.holdingPercent !== null && Number(f.holdingPercent) >= 10;
  if (ten && f.holdingPercent !== null)
    return bilingual(
      `As at ${date.en}, ${cp.en} holds about ${f.holdingPercent}% of the shares of the Company and is therefore a substantial shareholder and a connected person of the Company (${cite.en}).`,
      `於${date['zh-Hant']}，${cp['zh-Hant']}持有本公司約${f.holdingPercent}%股份，為本公司的主要股東，故為本公司的關連人士（${cite['zh-Hant']}）。`,
    );
  const en = f.basis.map((b) => b.text).join('; ');
  const zh = f.basis.every((b) => b.textZh !== undefined)
    ? f.basis.map((b) => b.textZh ?? '').join('；')
    : null;
  return bilingual(
    `As at ${date.en}, ${cp.en} is a connected person of the Company according to the register: ${en} (${cite.en}).`,
    zh === null
      ? `根據關連人士名冊，於${date['zh-Hant']}，${cp['zh-Hant']}為本公司的關連人士（${cite['zh-Hant']}）。`
      : `於${date['zh-Hant']}，${zh}，故${cp['zh-Hant']}為本公司的關連人士（${cite['zh-Hant']}）。`,
  );
}

/** The nature of the connected person's interest (14A.71(5)): it is the counterparty. */
export function interestText(a: AgreementRecord): Bilingual {
  const cp = named(a.counterparty.name);
  const subject = subjectMatter(a);
  return bilingual(
    `${cp.en} is interested in the transactions as the counterparty: under the agreement, ${subject.en}.`,
    `${cp['zh-Hant']}作為交易對手方於該等交易中擁有權益：根據協議，${subject['zh-Hant']}。`,
  );
}

/** A cap's place among the agreement's categories (the order they are stated in the agreement). */
export const categoryOrder = (a: AgreementRecord, c: CapRecord): number =>
  Math.min(
    ...c.categoryIds.map((id) => a.categories.findIndex((k) => k.id === id)).filter((i) => i >= 0),
    a.categories.length,
  );

/**
 * The cap as revised by the draft's date: the stated amount, or the latest revision approved by
 * `date` (every required approval given) that takes effect within the cap period — an announcement
 * states the caps as they will apply, not only the amount counting on its date.
 */
export function capAsRevised(c: CapRecord, date: CalendarDate): bigint {
  const approved = [...c.revisions]
    .filter((r) => r.approvedOn <= date && revisionCountsFrom(r) !== null && r.effectiveFrom <= c.periodEnd)
    .sort((x, y) => x.seq - y.seq);
  return approved.at(-1)?.amountMinor ?? c.amountMinor;
}
