/**
 * Use case "classify the stored agreements" (issue 3, items 2–4): composes a scenario from the store
 * as of a date — the issuer and its latest figures, the FX rates recorded on or before the date, the
 * register, and the agreements with the caps in force — and classifies it exactly as a scenario file
 * is classified (`classify`), adding each agreement's board resolutions.
 */
import { parseScenario } from '../domain/chapter14a/scenario.js';
import {
  parseCurrency,
  parseDate,
  type CalendarDate,
  type CurrencyCode,
  type FieldError,
} from '../domain/index.js';
import { classify, type ClassificationView } from './classify.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  Actor,
  AgreementRecord,
  BoardResolutionRecord,
  FxRateRecord,
  JsonObject,
  StoreReader,
} from './ports.js';
import { getIssuerOrThrow } from './register.js';
import {
  agreementDocument,
  approves,
  checkResolution,
  registerLists,
  requestErrors,
  scenarioIssuer,
  type ResolutionCheck,
} from './stored-scenario.js';

/** Until recorded with recordAgreementFacts. */
const DEFAULT_FACTS = { normalCommercialTerms: true, inedConfirmed: false } as const;

export interface ResolutionRef {
  readonly id: string;
  readonly reference: string;
  readonly meetingDate: CalendarDate;
  /** False when a vote on this agreement breached 13.44 or the votes for did not outnumber those against. */
  readonly approves: boolean;
  readonly violations: readonly { readonly personId: string; readonly rule: string; readonly text: string }[];
}

export type StoredAgreementClassification = ClassificationView['agreements'][number] & {
  readonly boardApproved: boolean;
  /** The resolutions held on or before `asOf` that list the agreement. */
  readonly resolutions: readonly ResolutionRef[];
  readonly facts: {
    readonly normalCommercialTerms: boolean;
    readonly inedConfirmed: boolean;
    /** `default` until recorded with recordAgreementFacts. */
    readonly source: 'recorded' | 'default';
  };
};

export interface StoredClassificationView extends Omit<ClassificationView, 'agreements'> {
  readonly agreements: readonly StoredAgreementClassification[];
  readonly figures: { readonly id: string; readonly asOf: CalendarDate; readonly source: string };
  /** The recorded rates used, each the latest on or before `asOf`. */
  readonly fxRates: readonly {
    readonly from: CurrencyCode;
    readonly to: CurrencyCode;
    readonly rate: string;
    readonly date: CalendarDate;
    readonly source: string;
  }[];
  /** What was assumed for want of a record, in words. */
  readonly assumptions: readonly string[];
  /** The scenario document classified: `armslength classify` on it gives the same result. */
  readonly scenario: JsonObject;
}

/** The latest rate between `currency` and HK$ on or before `asOf`, in either direction (the inverse is derived). */
async function rateToHkd(
  reader: StoreReader,
  issuerId: string,
  currency: CurrencyCode,
  asOf: CalendarDate,
): Promise<FxRateRecord | null> {
  const [direct, inverse] = await Promise.all([
    reader.latestFxRate(issuerId, currency, 'HKD', asOf),
    reader.latestFxRate(issuerId, 'HKD', currency, asOf),
  ]);
  if (direct && inverse) return inverse.date > direct.date ? inverse : direct;
  return direct ?? inverse;
}

/**
 * Classifies the agreements signed on or before `asOf` (default: today) — and `agreementId` whatever
 * its date — aggregated per 14A.81–14A.83; with `agreementId` only that agreement is returned.
 */
export async function classifyAgreements(
  ctx: AppContext,
  actor: Actor,
  query: { readonly asOf?: string; readonly agreementId?: string } = {},
): Promise<StoredClassificationView> {
  requireAction(actor, 'classification.read');
  return classifyStoredAgreements(ctx, actor, query);
}

/**
 * `classifyAgreements` without the authorisation check, for use cases that re-classify as part of
 * their own action (creating an agreement, a material change, a cap revision): those are checked
 * against their own action, and re-classifying must not need a second one.
 */
export async function classifyStoredAgreements(
  ctx: AppContext,
  actor: Actor,
  query: { readonly asOf?: string; readonly agreementId?: string } = {},
): Promise<StoredClassificationView> {
  let asOf: CalendarDate;
  if (query.asOf === undefined) asOf = ctx.clock.today();
  else {
    const d = parseDate(query.asOf, 'asOf');
    if (!d.ok) throw AppError.invalid(d.errors);
    asOf = d.value;
  }
  const reader = ctx.store;
  const issuer = await getIssuerOrThrow(reader, actor.issuerId);
  const all = await reader.listAgreements(actor.issuerId);
  if (query.agreementId !== undefined && !all.some((a) => a.id === query.agreementId)) {
    throw AppError.notFound(`agreement ${query.agreementId}`);
  }
  const agreements = all.filter((a) => a.signedOn <= asOf || a.id === query.agreementId);
  if (agreements.length === 0) {
    throw AppError.invalid([{ path: 'asOf', message: `no agreement is signed on or before ${asOf}` }]);
  }

  const errors: FieldError[] = [];
  const figures = await reader.latestIssuerFigures(actor.issuerId, asOf);
  if (!figures) {
    errors.push({
      path: 'issuer.figures',
      message: `no issuer figures are recorded as of ${asOf} or earlier: record the total assets, revenue, profits and market capitalisation first`,
    });
  }
  for (const a of agreements) {
    if (a.counterparty.partyId === null) {
      errors.push({
        path: `agreements[${a.id}].counterparty.partyId`,
        message: `record the counterparty's party id: ${a.counterparty.name.en} must be a party of the register to be classified`,
      });
    }
  }

  const currencies = new Set<CurrencyCode>(agreements.flatMap((a) => a.caps.map((c) => c.currency)));
  const figuresCurrency = figures
    ? parseCurrency(figures.figures['currency'], 'issuer.figures.currency')
    : null;
  if (figuresCurrency?.ok) currencies.add(figuresCurrency.value);
  currencies.delete('HKD');
  const rates: FxRateRecord[] = [];
  for (const c of [...currencies].sort()) {
    const rate = await rateToHkd(reader, actor.issuerId, c, asOf);
    if (rate) rates.push(rate);
    else {
      errors.push({
        path: 'fx',
        message: `no ${c}→HKD rate is recorded on or before ${asOf}: record one with POST /api/v1/fx-rates`,
      });
    }
  }
  if (errors.length > 0 || !figures) throw AppError.invalid(errors);

  const register = await registerLists(reader, actor.issuerId);
  const facts = new Map((await reader.listAgreementFacts(actor.issuerId)).map((f) => [f.agreementId, f]));
  const resolutions = (await reader.listBoardResolutions(actor.issuerId)).filter(
    (r) => r.meetingDate <= asOf,
  );
  const checks = new Map<string, ResolutionCheck>();
  const checkOf = (r: BoardResolutionRecord): ResolutionCheck => {
    let c = checks.get(r.id);
    if (!c) {
      c = checkResolution(issuer, register, r, all);
      checks.set(r.id, c);
    }
    return c;
  };
  const resolutionsOf = (a: AgreementRecord): ResolutionRef[] =>
    resolutions
      .filter((r) => r.agreementIds.includes(a.id))
      .map((r) => {
        const check = checkOf(r);
        return {
          id: r.id,
          reference: r.reference,
          meetingDate: r.meetingDate,
          approves: approves(r, a.id, check),
          violations: check.violations
            .filter((v) => v.agreementId === a.id)
            .map((v) => ({ personId: v.personId, rule: v.rule, text: v.text })),
        };
      });

  const assumptions: string[] = [];
  const perAgreement = new Map<
    string,
    Omit<StoredAgreementClassification, keyof ClassificationView['agreements'][number]>
  >();
  const documents = agreements.map((a) => {
    const recorded = facts.get(a.id);
    if (!recorded) {
      assumptions.push(
        `${a.id}: no facts recorded — assumed on normal commercial terms or better, and not confirmed by the independent non-executive directors (14A.101)`,
      );
    }
    const f = recorded ?? DEFAULT_FACTS;
    const refs = resolutionsOf(a);
    const boardApproved = refs.some((r) => r.approves);
    perAgreement.set(a.id, {
      boardApproved,
      resolutions: refs,
      facts: {
        normalCommercialTerms: f.normalCommercialTerms,
        inedConfirmed: f.inedConfirmed,
        source: recorded ? 'recorded' : 'default',
      },
    });
    return agreementDocument(
      a,
      asOf,
      { normalCommercialTerms: f.normalCommercialTerms, inedConfirmed: f.inedConfirmed, boardApproved },
      true,
    );
  });

  const scenario: JsonObject = {
    asOf,
    issuer: scenarioIssuer(issuer, figures.figures),
    fx: rates.map((r) => ({ from: r.from, to: r.to, rate: r.rate })),
    parties: register.parties,
    relationships: register.relationships,
    agreements: documents,
  };
  const parsed = parseScenario(scenario);
  if (!parsed.ok) {
    throw AppError.invalid(
      requestErrors(
        parsed.errors,
        (list, i) =>
          list === 'agreements' ? `agreements[${agreements[i]?.id ?? i}]` : `register.${list}[${i}]`,
        (path) => path,
      ),
    );
  }
  const view = classify(scenario);
  const wanted = view.agreements.filter((a) => query.agreementId === undefined || a.id === query.agreementId);
  return {
    ...view,
    agreements: wanted.map((a) => {
      const extra = perAgreement.get(a.id);
      if (!extra) throw new Error(`agreement ${a.id} was classified but not composed`);
      return { ...a, ...extra };
    }),
    figures: { id: figures.id, asOf: figures.asOf, source: figures.source },
    fxRates: rates.map((r) => ({ from: r.from, to: r.to, rate: r.rate, date: r.date, source: r.source })),
    assumptions,
    scenario,
  };
}
