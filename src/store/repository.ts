import type { Role } from '../domain/authz/index.js';
import { auditRow, placeOrderAuditEvent, placeOrderAuditValues, type AuditEventRow } from './audit-store.js';
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  DEFAULT_PRICING_POLICY_FIELDS,
  calendarDate,
  comparisonFor,
  type CalendarDate,
  type CurrencyCode,
  type Direction,
  type LocalisedName,
  type PricingPolicy,
} from '../domain/index.js';
import type {
  ActualListFilter,
  ActualListRecord,
  ActualRecord,
  AgreementFactsRecord,
  AgreementLinks,
  AgreementRecord,
  BoardResolutionRecord,
  BoardVoteValue,
  BreachRecord,
  CapRecord,
  CapRevisionRecord,
  RevisionApprovalRecord,
  CapUsage,
  CategoryRecord,
  FxRateRecord,
  IdempotencyRecord,
  IssuerFiguresRecord,
  IssuerRecord,
  JsonObject,
  LedgerEntry,
  MaterialChangeReclassification,
  MaterialChangeRecord,
  ReComplianceRequirement,
  OrderCapBalance,
  OrderPlacement,
  OrderListFilter,
  OrderRecord,
  PlacementResult,
  OrderStatus,
  RegisterPartyRecord,
  RegisterRelationshipRecord,
  ScheduleLineRecord,
  StoreTx,
  TerminationRecord,
  UtilisationRow,
  EvidenceQuote,
  OrderEvidenceFile,
  OrderEvidenceLink,
  AgreementEvidenceKind,
  AgreementEvidenceRecord,
  EvidenceRecord,
  NewEvidence,
} from '../app/ports.js';
import type {
  AcknowledgementRecord,
  AlertFilter,
  AlertRecord,
  EscalationRecord,
  EscalationStatus,
  EscalationStepRecord,
  InboxItemRecord,
  OutboxRecord,
  RemediationRecord,
  SubscriptionRecord,
} from '../app/monitoring-ports.js';
import * as alertsStore from './alerts-store.js';
import * as forecastStore from './forecast-store.js';
import * as accountsStore from './accounts-store.js';
import * as reviewStore from './review-store.js';
import * as importStore from './import-store.js';
import type {
  ImportCounts,
  ImportedActual,
  ImportedActualsBatch,
  ImportedRowKey,
  ImportedRowRecord,
  ImportMappingRecord,
  ImportRunRecord,
  ImportStatus,
  ImportTx,
} from '../app/import-ports.js';
import type { ImportKind } from '../domain/import/preset.js';
import type {
  AnnualReviewSettingsRecord,
  AuditorLetterRecord,
  FollowUpStatus,
  FollowUpTaskRecord,
  InedSignOffRecord,
  IssuedReportRecord,
} from '../app/review-ports.js';
import type {
  ApiTokenRecord,
  LoginFailure,
  MembershipRecord,
  RecusalRecord,
  SessionRecord,
  UserRecord,
} from '../app/accounts-ports.js';
import { jsonText } from './json-text.js';
import type { Database } from './schema.js';

/** Exact integers from either engine: better-sqlite3 gives bigint (safeIntegers), pg gives bigint via the type parser. */
export const big = (v: unknown): bigint => {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (typeof v === 'string') return BigInt(v);
  if (v === null || v === undefined) return 0n;
  throw new TypeError(`not an integer: ${typeof v}`);
};
const num = (v: unknown): number => Number(big(v));

/** A category's policy as stored; a null column (a category recorded before 0006) is the seed's default. */
function storedPricingPolicy(c: {
  direction: string;
  min_independent_quotes: unknown;
  quote_validity_required: unknown;
  exceptions_allowed: unknown;
}): PricingPolicy {
  const flag = (v: unknown, fallback: boolean) => (v === null || v === undefined ? fallback : num(v) !== 0);
  return {
    minIndependentQuotes:
      c.min_independent_quotes === null || c.min_independent_quotes === undefined
        ? DEFAULT_PRICING_POLICY_FIELDS.minIndependentQuotes
        : num(c.min_independent_quotes),
    comparison: comparisonFor(c.direction as Direction),
    quoteValidityRequired: flag(
      c.quote_validity_required,
      DEFAULT_PRICING_POLICY_FIELDS.quoteValidityRequired,
    ),
    exceptionsAllowed: flag(c.exceptions_allowed, DEFAULT_PRICING_POLICY_FIELDS.exceptionsAllowed),
  };
}
const d = (v: string): CalendarDate => calendarDate(v);
const dn = (v: string | null): CalendarDate | null => (v === null ? null : calendarDate(v));
const name = (en: string, zh: string | null): LocalisedName => ({ en, 'zh-Hant': zh });

type Row<T extends keyof Database> = Selectable<Database[T]>;

/** A JSON object column written by this repository. */
const jsonObject = (text: string): JsonObject => {
  const v: unknown = JSON.parse(text);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError('not a JSON object');
  return v as JsonObject;
};

/**
 * Assembled agreements by id, each with the version it was read at. An agreement is read on every
 * order, and its version is one indexed lookup where assembling it is five queries.
 */
export type AgreementCache = Map<string, AgreementRecord>;

/** The Store's reads and writes. Runs on a pool (reads) or inside a transaction (both). */
export class Repository implements StoreTx {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly dialect: 'sqlite' | 'postgres',
    protected readonly cache: AgreementCache = new Map(),
    /** Only committed reads may fill the cache: a transaction may still roll back what it read. */
    private readonly fillsCache = false,
  ) {}

  // ---- issuers ----
  async getIssuer(id: string): Promise<IssuerRecord | null> {
    const r = await this.db.selectFrom('issuers').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? this.issuer(r) : null;
  }
  async listIssuers(): Promise<IssuerRecord[]> {
    const rows = await this.db
      .selectFrom('issuers')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => this.issuer(r));
  }
  private issuer(r: Row<'issuers'>): IssuerRecord {
    return {
      id: r.id,
      name: name(r.name_en, r.name_zh),
      isDemo: num(r.is_demo) === 1,
      financialYearEnd: r.financial_year_end,
      prcIssuer: num(r.prc_issuer) === 1,
    };
  }
  async updateIssuerSettings(
    issuerId: string,
    settings: { prcIssuer?: boolean; financialYearEnd?: string },
  ): Promise<void> {
    await this.db
      .updateTable('issuers')
      .set({
        ...(settings.prcIssuer === undefined ? {} : { prc_issuer: settings.prcIssuer ? 1 : 0 }),
        ...(settings.financialYearEnd === undefined ? {} : { financial_year_end: settings.financialYearEnd }),
      })
      .where('id', '=', issuerId)
      .execute();
  }
  async insertIssuer(issuer: IssuerRecord, createdAt: string): Promise<boolean> {
    const r = await this.db
      .insertInto('issuers')
      .values({
        id: issuer.id,
        name_en: issuer.name.en,
        name_zh: issuer.name['zh-Hant'],
        is_demo: issuer.isDemo ? 1 : 0,
        prc_issuer: issuer.prcIssuer ? 1 : 0,
        financial_year_end: issuer.financialYearEnd,
        created_at: createdAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return big(r.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  // ---- agreements ----
  async getAgreement(issuerId: string, id: string, mayBeStale = false): Promise<AgreementRecord | null> {
    const known = this.cache.get(id);
    if (mayBeStale && known?.issuerId === issuerId) return known;
    const v = await this.db
      .selectFrom('agreements')
      .select('version')
      .where('id', '=', id)
      .where('issuer_id', '=', issuerId)
      .executeTakeFirst();
    if (!v) return null;
    const cached = this.cache.get(id);
    if (cached && cached.version === num(v.version) && cached.issuerId === issuerId) return cached;
    const a = await this.db
      .selectFrom('agreements')
      .selectAll()
      .where('id', '=', id)
      .where('issuer_id', '=', issuerId)
      .executeTakeFirst();
    if (!a) return null;
    return (await this.assemble([a]))[0] ?? null;
  }
  async listAgreements(issuerId: string): Promise<AgreementRecord[]> {
    const rows = await this.db
      .selectFrom('agreements')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .orderBy('signed_on')
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const stale = rows.filter((r) => this.cache.get(r.id)?.version !== num(r.version));
    const fresh = new Map((await this.assemble(stale)).map((a) => [a.id, a]));
    return rows.flatMap((r) => {
      const a = fresh.get(r.id) ?? this.cache.get(r.id);
      return a ? [a] : [];
    });
  }
  async agreementExists(issuerId: string, id: string): Promise<boolean> {
    return (
      (await this.db
        .selectFrom('agreements')
        .select('id')
        .where('id', '=', id)
        .where('issuer_id', '=', issuerId)
        .executeTakeFirst()) !== undefined
    );
  }
  async agreementVersion(agreementId: string, lock: boolean): Promise<number | null> {
    let q = this.db.selectFrom('agreements').select('version').where('id', '=', agreementId);
    if (lock && this.dialect === 'postgres') q = q.forShare();
    const r = await q.executeTakeFirst();
    return r ? num(r.version) : null;
  }
  async bumpAgreementVersion(agreementId: string): Promise<void> {
    await this.db
      .updateTable('agreements')
      .set({ version: sql`version + 1` })
      .where('id', '=', agreementId)
      .execute();
    await this.db
      .updateTable('cap_usage')
      .set({ agreement_version: sql`agreement_version + 1` })
      .where('agreement_id', '=', agreementId)
      .execute();
  }
  async findCap(issuerId: string, capId: string): Promise<{ agreementId: string } | null> {
    const r = await this.db
      .selectFrom('caps')
      .select('agreement_id')
      .where('id', '=', capId)
      .where('issuer_id', '=', issuerId)
      .executeTakeFirst();
    return r ? { agreementId: r.agreement_id } : null;
  }

  async capCurrency(capId: string): Promise<CurrencyCode | null> {
    const r = await this.db.selectFrom('caps').select('currency').where('id', '=', capId).executeTakeFirst();
    return r ? (r.currency as CurrencyCode) : null;
  }

  private async assemble(rows: Row<'agreements'>[]): Promise<AgreementRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const cats = await this.db
      .selectFrom('categories')
      .leftJoin('category_terminations', 'category_terminations.category_id', 'categories.id')
      .selectAll('categories')
      .select([
        'category_terminations.effective_on',
        'category_terminations.reason',
        'category_terminations.recorded_at',
        'category_terminations.recorded_by',
      ])
      .where('agreement_id', 'in', ids)
      .orderBy('position')
      .execute();
    const caps = await this.db
      .selectFrom('caps')
      .selectAll()
      .where('agreement_id', 'in', ids)
      .orderBy('position')
      .execute();
    const capIds = caps.map((c) => c.id);
    const links = capIds.length
      ? await this.db.selectFrom('cap_categories').selectAll().where('cap_id', 'in', capIds).execute()
      : [];
    const revs = capIds.length
      ? await this.db
          .selectFrom('cap_revisions')
          .selectAll()
          .where('cap_id', 'in', capIds)
          .orderBy('seq')
          .execute()
      : [];
    const revIds = revs.map((r) => r.id);
    const reclassifications = revIds.length
      ? await this.db
          .selectFrom('cap_revision_reclassifications')
          .selectAll()
          .where('revision_id', 'in', revIds)
          .execute()
      : [];
    const approvals = revIds.length
      ? await this.db
          .selectFrom('cap_revision_approvals')
          .selectAll()
          .where('revision_id', 'in', revIds)
          .orderBy('seq')
          .execute()
      : [];
    const reclassificationOf = new Map(reclassifications.map((r) => [r.revision_id, r.body]));
    return rows.map((a) => {
      const categories: CategoryRecord[] = cats
        .filter((c) => c.agreement_id === a.id)
        .map((c) => ({
          id: c.id,
          key: c.key,
          name: name(c.name_en, c.name_zh),
          direction: c.direction as CategoryRecord['direction'],
          termStart: d(c.term_start),
          termEnd: d(c.term_end),
          pricingBasis: c.pricing_basis,
          pricingPolicy: storedPricingPolicy(c),
          ifaOpinion:
            c.ifa_adviser && c.ifa_date && c.ifa_reference
              ? { adviser: c.ifa_adviser, date: d(c.ifa_date), reference: c.ifa_reference }
              : null,
          termination:
            c.effective_on && c.reason !== null && c.recorded_at && c.recorded_by
              ? {
                  effectiveOn: d(c.effective_on),
                  reason: c.reason,
                  recordedAt: c.recorded_at,
                  recordedBy: c.recorded_by,
                }
              : null,
        }));
      const capRecords: CapRecord[] = caps
        .filter((c) => c.agreement_id === a.id)
        .map((c) => ({
          id: c.id,
          categoryIds: categories
            .filter((k) => links.some((l) => l.cap_id === c.id && l.category_id === k.id))
            .map((k) => k.id),
          periodStart: d(c.period_start),
          periodEnd: d(c.period_end),
          currency: c.currency as CurrencyCode,
          amountMinor: big(c.amount_minor),
          revisions: revs
            .filter((r) => r.cap_id === c.id)
            .map((r) =>
              this.revision(
                r,
                reclassificationOf.get(r.id) ?? null,
                approvals.filter((x) => x.revision_id === r.id),
              ),
            ),
        }));
      const record: AgreementRecord = {
        id: a.id,
        issuerId: a.issuer_id,
        version: num(a.version),
        name: name(a.name_en, a.name_zh),
        counterparty: {
          name: name(a.counterparty_name_en, a.counterparty_name_zh),
          partyId: a.counterparty_party_id,
        },
        signedOn: d(a.signed_on),
        recognitionBasis: a.recognition_basis as AgreementRecord['recognitionBasis'],
        amountsInclude: a.amounts_include as AgreementRecord['amountsInclude'],
        createdAt: a.created_at,
        createdBy: a.created_by,
        categories,
        caps: capRecords,
      };
      if (this.fillsCache) this.cache.set(record.id, record);
      return record;
    });
  }
  private revision(
    r: Row<'cap_revisions'>,
    reclassification: string | null,
    approvals: readonly Row<'cap_revision_approvals'>[],
  ): CapRevisionRecord {
    const extra = reclassification === null ? null : jsonObject(reclassification);
    return {
      reclassification: (extra?.['reclassification'] ?? null) as CapRevisionRecord['reclassification'],
      requiredApprovals: (extra?.['requiredApprovals'] ?? []) as CapRevisionRecord['requiredApprovals'],
      approvals: approvals.map((x) => ({
        id: x.id,
        revisionId: x.revision_id,
        kind: x.kind as RevisionApprovalRecord['kind'],
        date: d(x.date),
        reference: x.reference,
        recordedAt: x.recorded_at,
        recordedBy: x.recorded_by,
      })),
      id: r.id,
      seq: num(r.seq),
      amountMinor: big(r.amount_minor),
      effectiveFrom: d(r.effective_from),
      approvedOn: d(r.approved_on),
      reason: r.reason,
      approvalReference: r.approval_reference,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    };
  }

  async insertAgreement(a: AgreementRecord): Promise<void> {
    await this.db
      .insertInto('agreements')
      .values({
        id: a.id,
        issuer_id: a.issuerId,
        name_en: a.name.en,
        name_zh: a.name['zh-Hant'],
        counterparty_name_en: a.counterparty.name.en,
        counterparty_name_zh: a.counterparty.name['zh-Hant'],
        counterparty_party_id: a.counterparty.partyId,
        signed_on: a.signedOn,
        recognition_basis: a.recognitionBasis,
        amounts_include: a.amountsInclude,
        version: a.version,
        created_at: a.createdAt,
        created_by: a.createdBy,
      })
      .execute();
    await this.db
      .insertInto('categories')
      .values(
        a.categories.map((c, i) => ({
          id: c.id,
          agreement_id: a.id,
          position: i,
          key: c.key,
          name_en: c.name.en,
          name_zh: c.name['zh-Hant'],
          direction: c.direction,
          term_start: c.termStart,
          term_end: c.termEnd,
          pricing_basis: c.pricingBasis,
          min_independent_quotes: c.pricingPolicy.minIndependentQuotes,
          quote_validity_required: c.pricingPolicy.quoteValidityRequired ? 1 : 0,
          exceptions_allowed: c.pricingPolicy.exceptionsAllowed ? 1 : 0,
          ifa_adviser: c.ifaOpinion?.adviser ?? null,
          ifa_date: c.ifaOpinion?.date ?? null,
          ifa_reference: c.ifaOpinion?.reference ?? null,
        })),
      )
      .execute();
    if (a.caps.length === 0) return;
    await this.db
      .insertInto('caps')
      .values(
        a.caps.map((c, i) => ({
          id: c.id,
          agreement_id: a.id,
          issuer_id: a.issuerId,
          position: i,
          period_start: c.periodStart,
          period_end: c.periodEnd,
          currency: c.currency,
          amount_minor: c.amountMinor,
        })),
      )
      .execute();
    await this.db
      .insertInto('cap_categories')
      .values(a.caps.flatMap((c) => c.categoryIds.map((k) => ({ cap_id: c.id, category_id: k }))))
      .execute();
    await this.db
      .insertInto('cap_usage')
      .values(
        a.caps.map((c) => ({
          cap_id: c.id,
          agreement_id: a.id,
          agreement_version: a.version,
          actual_minor: 0n,
          committed_minor: 0n,
        })),
      )
      .execute();
  }

  async insertRevisionApproval(x: RevisionApprovalRecord): Promise<void> {
    const last = await this.db
      .selectFrom('cap_revision_approvals')
      .select(sql<unknown>`max(seq)`.as('m'))
      .where('revision_id', '=', x.revisionId)
      .executeTakeFirst();
    const seq = last?.m === null || last?.m === undefined ? 1 : num(last.m) + 1;
    await this.db
      .insertInto('cap_revision_approvals')
      .values({
        id: x.id,
        revision_id: x.revisionId,
        seq,
        kind: x.kind,
        date: x.date,
        reference: x.reference,
        recorded_at: x.recordedAt,
        recorded_by: x.recordedBy,
      })
      .execute();
  }

  async insertCapRevision(
    capId: string,
    r: Omit<CapRevisionRecord, 'seq' | 'approvals'>,
  ): Promise<CapRevisionRecord> {
    const last = await this.db
      .selectFrom('cap_revisions')
      .select(sql<unknown>`max(seq)`.as('m'))
      .where('cap_id', '=', capId)
      .executeTakeFirst();
    const seq = last?.m === null || last?.m === undefined ? 1 : num(last.m) + 1;
    await this.db
      .insertInto('cap_revisions')
      .values({
        id: r.id,
        cap_id: capId,
        seq,
        amount_minor: r.amountMinor,
        effective_from: r.effectiveFrom,
        approved_on: r.approvedOn,
        reason: r.reason,
        approval_reference: r.approvalReference,
        recorded_at: r.recordedAt,
        recorded_by: r.recordedBy,
      })
      .execute();
    if (r.reclassification !== null) {
      await this.db
        .insertInto('cap_revision_reclassifications')
        .values({
          revision_id: r.id,
          body: JSON.stringify({
            reclassification: r.reclassification,
            requiredApprovals: r.requiredApprovals,
          }),
        })
        .execute();
    }
    return { ...r, seq, approvals: [] };
  }

  async insertTermination(categoryId: string, t: TerminationRecord): Promise<void> {
    await this.db
      .insertInto('category_terminations')
      .values({
        category_id: categoryId,
        effective_on: t.effectiveOn,
        reason: t.reason,
        recorded_at: t.recordedAt,
        recorded_by: t.recordedBy,
      })
      .execute();
  }

  // ---- orders ----
  async getOrder(issuerId: string, id: string): Promise<OrderRecord | null> {
    const o = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', id)
      .where('issuer_id', '=', issuerId)
      .executeTakeFirst();
    return o ? this.order(o) : null;
  }
  async lockOrder(issuerId: string, id: string): Promise<OrderRecord | null> {
    let q = this.db.selectFrom('orders').selectAll().where('id', '=', id).where('issuer_id', '=', issuerId);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const o = await q.executeTakeFirst();
    return o ? this.order(o) : null;
  }
  async listOpenOrders(categoryId: string): Promise<OrderRecord[]> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('category_id', '=', categoryId)
      .where('status', '=', 'accepted')
      .orderBy('id')
      .execute();
    return Promise.all(rows.map((o) => this.order(o)));
  }
  async listOrdersSigned(issuerId: string, from: CalendarDate, to: CalendarDate): Promise<OrderRecord[]> {
    const rows = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .where('signed_on', '>=', from)
      .where('signed_on', '<=', to)
      .orderBy('signed_on')
      .orderBy('reference')
      .orderBy('id')
      .execute();
    return Promise.all(rows.map((o) => this.order(o)));
  }
  async listOrders(issuerId: string, filter: OrderListFilter): Promise<OrderRecord[]> {
    let q = this.db.selectFrom('orders').selectAll().where('issuer_id', '=', issuerId);
    if (filter.agreementId !== undefined) q = q.where('agreement_id', '=', filter.agreementId);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.from !== undefined) q = q.where('signed_on', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('signed_on', '<=', filter.to);
    const rows = await q
      .orderBy('signed_on', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return Promise.all(rows.map((o) => this.order(o)));
  }
  private async order(o: Row<'orders'>): Promise<OrderRecord> {
    const lines = await this.db
      .selectFrom('order_schedule')
      .selectAll()
      .where('order_id', '=', o.id)
      .where('version', '=', o.schedule_version)
      .orderBy('line_no')
      .execute();
    return {
      id: o.id,
      issuerId: o.issuer_id,
      agreementId: o.agreement_id,
      categoryId: o.category_id,
      reference: o.reference,
      signedOn: d(o.signed_on),
      status: o.status as OrderStatus,
      currency: o.currency as CurrencyCode,
      createdAt: o.created_at,
      createdBy: o.created_by,
      pricing: o.pricing === null ? null : (JSON.parse(o.pricing) as JsonObject),
      schedule: lines.map((l) => ({
        lineNo: num(l.line_no),
        date: d(l.date),
        currency: l.currency as CurrencyCode,
        amountMinor: big(l.amount_minor),
        capId: l.cap_id,
        capAmountMinor: big(l.cap_amount_minor),
        fx:
          l.fx_rate && l.fx_date && l.fx_source
            ? { rate: l.fx_rate, date: d(l.fx_date), source: l.fx_source, rounding: l.fx_rounding ?? '0/1' }
            : null,
      })),
    };
  }
  async insertOrderWithLedger(
    o: OrderRecord,
    entries: readonly LedgerEntry[],
    evidence: readonly OrderEvidenceLink[] = [],
  ): Promise<void> {
    if (this.dialect === 'sqlite' || evidence.length > 0) {
      await this.insertOrder(o);
      if (evidence.length > 0)
        await this.db.insertInto('order_evidence').values(this.evidenceRows(o, evidence)).execute();
      await this.appendLedger(entries);
      return;
    }
    // PostgreSQL: one statement, one round trip, while no lock is held yet.
    await this.db
      .with('o', (db) => db.insertInto('orders').values(this.orderRow(o)))
      .with('s', (db) => db.insertInto('order_schedule').values(this.scheduleRows(o.id, 1, o.schedule)))
      .insertInto('ledger_entries')
      .values(entries.map((e) => this.ledgerRow(e)))
      .execute();
  }
  private orderRow(o: OrderRecord) {
    return {
      id: o.id,
      issuer_id: o.issuerId,
      agreement_id: o.agreementId,
      category_id: o.categoryId,
      reference: o.reference,
      signed_on: o.signedOn,
      status: o.status,
      currency: o.currency,
      schedule_version: 1,
      created_at: o.createdAt,
      created_by: o.createdBy,
      pricing: o.pricing === null ? null : jsonText(o.pricing),
    };
  }
  private evidenceRows(o: OrderRecord, links: readonly OrderEvidenceLink[]) {
    return links.map((l, i) => ({
      order_id: o.id,
      seq: i + 1,
      issuer_id: o.issuerId,
      sha256: l.sha256,
      quote: l.quote,
      quote_index: l.quoteIndex,
    }));
  }
  async orderEvidence(orderId: string): Promise<OrderEvidenceFile[]> {
    const rows = await this.db
      .selectFrom('order_evidence as l')
      .innerJoin('evidence_files as f', (j) =>
        j.onRef('f.issuer_id', '=', 'l.issuer_id').onRef('f.sha256', '=', 'l.sha256'),
      )
      .select([
        'l.sha256',
        'l.quote',
        'l.quote_index',
        'f.filename',
        'f.media_type',
        'f.size_bytes',
        'f.issued_on',
      ])
      .where('l.order_id', '=', orderId)
      .orderBy('l.seq')
      .execute();
    return rows.map((r) => ({
      sha256: r.sha256,
      quote: r.quote as EvidenceQuote,
      quoteIndex: r.quote_index === null ? null : num(r.quote_index),
      filename: r.filename,
      mediaType: r.media_type,
      sizeBytes: num(r.size_bytes),
      issuedOn: d(r.issued_on),
    }));
  }
  private scheduleRows(orderId: string, version: number, lines: readonly ScheduleLineRecord[]) {
    return lines.map((l) => ({
      order_id: orderId,
      version,
      line_no: l.lineNo,
      date: l.date,
      currency: l.currency,
      amount_minor: l.amountMinor,
      cap_id: l.capId,
      cap_amount_minor: l.capAmountMinor,
      fx_rate: l.fx?.rate ?? null,
      fx_date: l.fx?.date ?? null,
      fx_source: l.fx?.source ?? null,
      fx_rounding: l.fx?.rounding ?? null,
    }));
  }
  private ledgerRow(e: LedgerEntry) {
    return {
      issuer_id: e.issuerId,
      cap_id: e.capId,
      category_id: e.categoryId,
      order_id: e.orderId,
      actual_id: e.actualId,
      kind: e.kind,
      effective_on: e.effectiveOn,
      actual_delta: e.actualDelta,
      committed_delta: e.committedDelta,
      created_at: e.createdAt,
    };
  }
  private async insertOrder(o: OrderRecord): Promise<void> {
    await this.db.insertInto('orders').values(this.orderRow(o)).execute();
    await this.insertSchedule(o.id, 1, o.schedule);
  }
  private async insertSchedule(
    orderId: string,
    version: number,
    lines: readonly ScheduleLineRecord[],
  ): Promise<void> {
    if (lines.length === 0) return;
    await this.db
      .insertInto('order_schedule')
      .values(this.scheduleRows(orderId, version, lines))
      .execute();
  }
  async setOrderStatus(orderId: string, status: OrderStatus): Promise<void> {
    await this.db.updateTable('orders').set({ status }).where('id', '=', orderId).execute();
  }
  /** Schedules are versioned: a reduction adds a version, the earlier ones stay. */
  async replaceOrderSchedule(orderId: string, schedule: readonly ScheduleLineRecord[]): Promise<void> {
    const o = await this.db
      .selectFrom('orders')
      .select('schedule_version')
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow();
    const version = num(o.schedule_version) + 1;
    await this.insertSchedule(orderId, version, schedule);
    await this.db
      .updateTable('orders')
      .set({ schedule_version: version })
      .where('id', '=', orderId)
      .execute();
  }
  async orderBalances(orderId: string): Promise<OrderCapBalance[]> {
    const rows = await this.db
      .selectFrom('ledger_entries')
      .select([
        'cap_id',
        sql<unknown>`sum(committed_delta)`.as('open'),
        sql<unknown>`sum(case when kind = 'reserve' then committed_delta else 0 end)`.as('scheduled'),
        sql<unknown>`sum(case when kind = 'consume' then -committed_delta when kind = 'restore' then -committed_delta else 0 end)`.as(
          'consumed',
        ),
      ])
      .where('order_id', '=', orderId)
      .where('cap_id', 'is not', null)
      .where('kind', 'in', ['reserve', 'release', 'consume', 'restore'])
      .groupBy('cap_id')
      .orderBy('cap_id')
      .execute();
    const sched = await this.db
      .selectFrom('orders')
      .innerJoin('order_schedule', (j) =>
        j
          .onRef('order_schedule.order_id', '=', 'orders.id')
          .onRef('order_schedule.version', '=', 'orders.schedule_version'),
      )
      .select(['order_schedule.cap_id', sql<unknown>`sum(order_schedule.cap_amount_minor)`.as('total')])
      .where('orders.id', '=', orderId)
      .groupBy('order_schedule.cap_id')
      .execute();
    return rows.map((r) => ({
      capId: r.cap_id ?? '',
      openMinor: big(r.open),
      consumedMinor: big(r.consumed),
      scheduledMinor: big(sched.find((s) => s.cap_id === r.cap_id)?.total ?? r.scheduled),
    }));
  }

  // ---- actuals ----
  async getActual(issuerId: string, id: string): Promise<ActualRecord | null> {
    const r = await this.db
      .selectFrom('actuals')
      .selectAll()
      .where('id', '=', id)
      .where('issuer_id', '=', issuerId)
      .executeTakeFirst();
    return r ? this.actual(r) : null;
  }
  async findReversal(issuerId: string, actualId: string): Promise<ActualRecord | null> {
    const r = await this.db
      .selectFrom('actuals')
      .selectAll()
      .where('reverses_id', '=', actualId)
      .where('issuer_id', '=', issuerId)
      .executeTakeFirst();
    return r ? this.actual(r) : null;
  }
  async listActuals(issuerId: string, filter: ActualListFilter): Promise<ActualListRecord[]> {
    let q = this.db
      .selectFrom('actuals as a')
      .leftJoin('actuals as r', 'r.reverses_id', 'a.id')
      .leftJoin('orders as o', 'o.id', 'a.order_id')
      .selectAll('a')
      .select(['r.id as reversed_by', 'o.reference as order_reference'])
      .where('a.issuer_id', '=', issuerId);
    if (filter.agreementId !== undefined) q = q.where('a.agreement_id', '=', filter.agreementId);
    if (filter.orderId !== undefined) q = q.where('a.order_id', '=', filter.orderId);
    if (filter.from !== undefined) q = q.where('a.date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('a.date', '<=', filter.to);
    const rows = await q
      .orderBy('a.date', 'desc')
      .orderBy('a.created_at', 'desc')
      // A reversing entry is dated like the original: on a tie it comes first, as it came later.
      .orderBy(sql`case when a.reverses_id is null then 1 else 0 end`)
      .orderBy('a.id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map((r) => ({
      ...this.actual(r),
      orderReference: r.order_reference ?? null,
      reversedBy: r.reversed_by ?? null,
    }));
  }
  private actual(r: Row<'actuals'>): ActualRecord {
    return {
      id: r.id,
      issuerId: r.issuer_id,
      agreementId: r.agreement_id,
      categoryId: r.category_id,
      orderId: r.order_id,
      capId: r.cap_id,
      date: d(r.date),
      currency: r.currency as CurrencyCode,
      amountMinor: big(r.amount_minor),
      capAmountMinor: big(r.cap_amount_minor),
      fx:
        r.fx_rate && r.fx_date && r.fx_source
          ? { rate: r.fx_rate, date: d(r.fx_date), source: r.fx_source, rounding: r.fx_rounding ?? '0/1' }
          : null,
      reference: r.reference,
      servicePeriodStart: dn(r.service_period_start),
      servicePeriodEnd: dn(r.service_period_end),
      invoiceDate: dn(r.invoice_date),
      reversesId: r.reverses_id,
      reason: r.reason,
      createdAt: r.created_at,
      createdBy: r.created_by,
    };
  }
  async insertActual(a: ActualRecord): Promise<void> {
    await this.db
      .insertInto('actuals')
      .values({
        id: a.id,
        issuer_id: a.issuerId,
        agreement_id: a.agreementId,
        category_id: a.categoryId,
        order_id: a.orderId,
        cap_id: a.capId,
        date: a.date,
        currency: a.currency,
        amount_minor: a.amountMinor,
        cap_amount_minor: a.capAmountMinor,
        fx_rate: a.fx?.rate ?? null,
        fx_date: a.fx?.date ?? null,
        fx_source: a.fx?.source ?? null,
        fx_rounding: a.fx?.rounding ?? null,
        reference: a.reference,
        service_period_start: a.servicePeriodStart,
        service_period_end: a.servicePeriodEnd,
        invoice_date: a.invoiceDate,
        reverses_id: a.reversesId,
        reason: a.reason,
        created_at: a.createdAt,
        created_by: a.createdBy,
      })
      .execute();
  }
  async consumedByActual(actualId: string): Promise<{ capId: string; minor: bigint }[]> {
    const rows = await this.db
      .selectFrom('ledger_entries')
      .select(['cap_id', sql<unknown>`sum(-committed_delta)`.as('minor')])
      .where('actual_id', '=', actualId)
      .where('kind', '=', 'consume')
      .groupBy('cap_id')
      .execute();
    return rows.map((r) => ({ capId: r.cap_id ?? '', minor: big(r.minor) }));
  }

  // ---- ledger ----
  async appendLedger(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db
      .insertInto('ledger_entries')
      .values(entries.map((e) => this.ledgerRow(e)))
      .execute();
  }
  async getUsage(capId: string): Promise<CapUsage> {
    const r = await this.db
      .selectFrom('cap_usage')
      .selectAll()
      .where('cap_id', '=', capId)
      .executeTakeFirst();
    return { actualMinor: big(r?.actual_minor ?? 0n), committedMinor: big(r?.committed_minor ?? 0n) };
  }
  /** The guarded reservation of one cap, in one statement (used inside a SQLite write transaction). */
  async tryReserve(
    capId: string,
    addMinor: bigint,
    capMinor: bigint,
    agreementVersion: number,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('cap_usage')
      .set({ committed_minor: sql`committed_minor + ${addMinor}` })
      .where('cap_id', '=', capId)
      .where('agreement_version', '=', agreementVersion)
      .where(sql<boolean>`actual_minor + committed_minor + ${addMinor} <= ${capMinor}`)
      .executeTakeFirst();
    return big(r.numUpdatedRows) > 0n;
  }

  /**
   * PostgreSQL: the whole gate write as one statement. The guarded updates run first; every insert is
   * conditional on all of them having held; if not all held, or the idempotency key was taken
   * meanwhile, the statement raises and PostgreSQL undoes all of it. A cap row is locked only from its
   * update to the implicit commit, and the agreement version is checked on that row (a revision
   * raises it there), so a revision committed while the update waited is seen.
   */
  async placeOrderInOneStatement(
    p: OrderPlacement,
    /** Runs the compiled statement as a named prepared statement, planned once per connection. */
    runPrepared: (name: string, text: string, values: readonly unknown[]) => Promise<void>,
    /** The placement's audit event (audit-store.ts), inserted by the same statement. */
    auditEvent: AuditEventRow = auditRow(placeOrderAuditEvent(p)),
  ): Promise<PlacementResult> {
    const o = p.order;
    const guards = p.guards.map(
      (g, i) =>
        sql`${sql.ref(`g${i}`)} as (update cap_usage set committed_minor = committed_minor + ${g.addMinor}::bigint
          where cap_id = ${g.capId} and agreement_version = ${p.agreementVersion}::integer
            and actual_minor + committed_minor + ${g.addMinor}::bigint <= ${g.capMinor}::bigint
          returning 1 as one)`,
    );
    const held = sql.join(
      p.guards.map((_, i) => sql`(select count(*) from ${sql.ref(`g${i}`)})`),
      sql` + `,
    );
    const lines = sql.join(
      o.schedule.map(
        (l) =>
          sql`(${o.id}, 1, ${l.lineNo}::integer, ${l.date}, ${l.currency}, ${l.amountMinor}::bigint, ${l.capId}, ${l.capAmountMinor}::bigint,
               ${l.fx?.rate ?? null}::text, ${l.fx?.date ?? null}::text, ${l.fx?.source ?? null}::text, ${l.fx?.rounding ?? null}::text)`,
      ),
    );
    const ledger = sql.join(
      p.entries.map(
        (e) =>
          sql`(${e.issuerId}, ${e.capId}::text, ${e.categoryId}, ${e.orderId}::text, ${e.actualId}::text, ${e.kind}, ${e.effectiveOn},
               ${e.actualDelta}::bigint, ${e.committedDelta}::bigint, ${e.createdAt})`,
      ),
    );
    // The evidence links reference the order row inserted by the same statement.
    const evidence =
      p.evidence.length === 0
        ? sql``
        : sql`, e as (insert into order_evidence (order_id, seq, issuer_id, sha256, quote, quote_index)
            select v.* from ok, (values ${sql.join(
              this.evidenceRows(o, p.evidence).map(
                (r) =>
                  sql`(${r.order_id}, ${r.seq}::integer, ${r.issuer_id}, ${r.sha256}, ${r.quote}, ${r.quote_index}::integer)`,
              ),
            )}) as v where ok.ok returning 1 as one)`;
    // The pricing gate judged the quotes on a reading of the register: it must still be current.
    const registerGuard = p.registerGuard
      ? sql`and ${this.registerVersionSql(p.registerGuard.issuerId)} = ${p.registerGuard.version}::text`
      : sql``;
    const key = p.idempotency
      ? sql`, k as (insert into idempotency_keys (issuer_id, key, request_hash, status_code, response_json, created_at)
            select ${o.issuerId}, ${p.idempotency.key}, ${p.idempotency.record.requestHash}, ${p.idempotency.record.statusCode}::integer,
                   ${p.idempotency.record.responseJson}, ${p.idempotency.createdAt}
            from ok where ok.ok on conflict (issuer_id, key) do nothing returning 1 as one)`
      : sql``;
    const keyTaken = p.idempotency
      ? sql`when not exists (select 1 from k) then armslength_abort('key-taken')`
      : sql``;
    const query = sql<{ placed: number }>`
      with ${sql.join(guards)},
      ok as (select (${held}) = ${p.guards.length}::bigint ${registerGuard} as ok),
      o as (insert into orders (id, issuer_id, agreement_id, category_id, reference, signed_on, status, currency, schedule_version, created_at, created_by, pricing)
            select ${o.id}, ${o.issuerId}, ${o.agreementId}, ${o.categoryId}, ${o.reference}, ${o.signedOn}, ${o.status}, ${o.currency}, 1,
                   ${o.createdAt}, ${o.createdBy}, ${o.pricing === null ? null : jsonText(o.pricing)}::text
            from ok where ok.ok returning 1 as one),
      s as (insert into order_schedule (order_id, version, line_no, date, currency, amount_minor, cap_id, cap_amount_minor, fx_rate, fx_date, fx_source, fx_rounding)
            select v.* from ok, (values ${lines}) as v where ok.ok returning 1 as one),
      l as (insert into ledger_entries (issuer_id, cap_id, category_id, order_id, actual_id, kind, effective_on, actual_delta, committed_delta, created_at)
            select v.* from ok, (values ${ledger}) as v where ok.ok returning 1 as one)
      ${evidence}
      ${key},
      a as (insert into audit_events (issuer_id, recorded_at, actor, via, request_id, action, entity, entity_id, before, after)
            select v.* from ok, (values ${placeOrderAuditValues(auditEvent)}) as v where ok.ok returning 1 as one)
      select case when not (select ok from ok) then armslength_abort('refused') ${keyTaken} else 1 end as placed`;
    const compiled = query.compile(this.db);
    // One name per shape of the statement (number of caps and lines, with or without a key).
    const name = `al_place_${createHash('sha1').update(compiled.sql).digest('hex').slice(0, 16)}`;
    try {
      await runPrepared(name, compiled.sql, compiled.parameters);
      return 'placed';
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === 'AL001' && err.message === 'refused') return 'refused';
      if (err.code === 'AL001' && err.message === 'key-taken') return 'key-taken';
      throw e;
    }
  }
  async adjustUsage(capId: string, actualDelta: bigint, committedDelta: bigint): Promise<CapUsage> {
    const r = await this.db
      .updateTable('cap_usage')
      .set({
        actual_minor: sql`actual_minor + ${actualDelta}`,
        committed_minor: sql`committed_minor + ${committedDelta}`,
      })
      .where('cap_id', '=', capId)
      .returning(['actual_minor', 'committed_minor'])
      .executeTakeFirstOrThrow();
    return { actualMinor: big(r.actual_minor), committedMinor: big(r.committed_minor) };
  }
  async actualsByDate(capId: string, knownAt?: string): Promise<{ date: CalendarDate; minor: bigint }[]> {
    let q = this.db
      .selectFrom('ledger_entries')
      .select(['effective_on', sql<unknown>`sum(actual_delta)`.as('minor')])
      .where('cap_id', '=', capId)
      .where('kind', 'in', ['actual', 'actual-reversal']);
    if (knownAt !== undefined) q = q.where('created_at', '<=', knownAt);
    const rows = await q.groupBy('effective_on').orderBy('effective_on').execute();
    return rows.map((r) => ({ date: d(r.effective_on), minor: big(r.minor) }));
  }
  async utilisation(
    capIds: readonly string[],
    asOf: CalendarDate,
    knownAt?: string,
  ): Promise<UtilisationRow[]> {
    if (capIds.length === 0) return [];
    let q = this.db
      .selectFrom('ledger_entries')
      .select([
        'cap_id',
        sql<unknown>`sum(actual_delta)`.as('actual'),
        sql<unknown>`sum(committed_delta)`.as('committed'),
      ])
      .where('cap_id', 'in', [...capIds])
      .where('effective_on', '<=', asOf);
    if (knownAt !== undefined) q = q.where('created_at', '<=', knownAt);
    const rows = await q.groupBy('cap_id').execute();
    return rows.map((r) => ({
      capId: r.cap_id ?? '',
      actualMinor: big(r.actual),
      committedMinor: big(r.committed),
    }));
  }

  // ---- breaches, FX, idempotency ----
  async insertBreach(b: BreachRecord): Promise<void> {
    await this.db
      .insertInto('breaches')
      .values({
        id: b.id,
        issuer_id: b.issuerId,
        code: b.code,
        agreement_id: b.agreementId,
        category_id: b.categoryId,
        cap_id: b.capId,
        actual_id: b.actualId,
        revision_id: b.revisionId,
        occurred_on: b.occurredOn,
        currency: b.currency,
        cap_minor: b.capMinor,
        actual_minor: b.actualMinor,
        excess_minor: b.excessMinor,
        recorded_at: b.recordedAt,
      })
      .execute();
  }
  async listBreaches(issuerId: string, agreementId?: string): Promise<BreachRecord[]> {
    let q = this.db.selectFrom('breaches').selectAll().where('issuer_id', '=', issuerId);
    if (agreementId !== undefined) q = q.where('agreement_id', '=', agreementId);
    const rows = await q.orderBy('recorded_at').orderBy('id').execute();
    return rows.map((b) => ({
      id: b.id,
      issuerId: b.issuer_id,
      code: b.code as BreachRecord['code'],
      agreementId: b.agreement_id,
      categoryId: b.category_id,
      capId: b.cap_id,
      actualId: b.actual_id,
      revisionId: b.revision_id,
      occurredOn: d(b.occurred_on),
      currency: b.currency as CurrencyCode | null,
      capMinor: b.cap_minor === null ? null : big(b.cap_minor),
      actualMinor: b.actual_minor === null ? null : big(b.actual_minor),
      excessMinor: b.excess_minor === null ? null : big(b.excess_minor),
      recordedAt: b.recorded_at,
    }));
  }
  async findFxRate(
    issuerId: string,
    from: CurrencyCode,
    to: CurrencyCode,
    date: CalendarDate,
  ): Promise<FxRateRecord | null> {
    const r = await this.db
      .selectFrom('fx_rates')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .where('from_ccy', '=', from)
      .where('to_ccy', '=', to)
      .where('date', '=', date)
      .executeTakeFirst();
    return r
      ? {
          id: r.id,
          issuerId: r.issuer_id,
          from: r.from_ccy as CurrencyCode,
          to: r.to_ccy as CurrencyCode,
          date: d(r.date),
          rate: r.rate,
          source: r.source,
          recordedAt: r.recorded_at,
        }
      : null;
  }
  async insertFxRate(r: FxRateRecord): Promise<void> {
    await this.db
      .insertInto('fx_rates')
      .values({
        id: r.id,
        issuer_id: r.issuerId,
        from_ccy: r.from,
        to_ccy: r.to,
        date: r.date,
        rate: r.rate,
        source: r.source,
        recorded_at: r.recordedAt,
      })
      .execute();
  }
  async getIdempotency(issuerId: string, key: string): Promise<IdempotencyRecord | null> {
    const r = await this.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .where('key', '=', key)
      .executeTakeFirst();
    return r
      ? { requestHash: r.request_hash, statusCode: num(r.status_code), responseJson: r.response_json }
      : null;
  }
  async putIdempotency(
    issuerId: string,
    key: string,
    rec: IdempotencyRecord,
    createdAt: string,
  ): Promise<boolean> {
    const r = await this.db
      .insertInto('idempotency_keys')
      .values({
        issuer_id: issuerId,
        key,
        request_hash: rec.requestHash,
        status_code: rec.statusCode,
        response_json: rec.responseJson,
        created_at: createdAt,
      })
      .onConflict((oc) => oc.columns(['issuer_id', 'key']).doNothing())
      .executeTakeFirst();
    return big(r.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  async latestFxRate(
    issuerId: string,
    from: CurrencyCode,
    to: CurrencyCode,
    onOrBefore: CalendarDate,
  ): Promise<FxRateRecord | null> {
    const r = await this.db
      .selectFrom('fx_rates')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .where('from_ccy', '=', from)
      .where('to_ccy', '=', to)
      .where('date', '<=', onOrBefore)
      .orderBy('date', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r
      ? {
          id: r.id,
          issuerId: r.issuer_id,
          from: r.from_ccy as CurrencyCode,
          to: r.to_ccy as CurrencyCode,
          date: d(r.date),
          rate: r.rate,
          source: r.source,
          recordedAt: r.recorded_at,
        }
      : null;
  }

  // ---- register (issue 3) ----
  /**
   * The register's version as one SQL text expression (null without the issuer), so that the gate's
   * statement can check it exactly as `registerVersion` reads it.
   */
  private registerVersionSql(issuerId: string) {
    return sql<string | null>`(select cast(i.prc_issuer as text) || ':' ||
        cast((select count(*) from register_parties rp where rp.issuer_id = ${issuerId}) as text) || ':' ||
        cast((select count(*) from register_relationships rr where rr.issuer_id = ${issuerId}) as text)
      from issuers i where i.id = ${issuerId})`;
  }
  async registerVersion(issuerId: string): Promise<string | null> {
    const r = await sql<{ v: string | null }>`select ${this.registerVersionSql(issuerId)} as v`.execute(
      this.db,
    );
    return r.rows[0]?.v ?? null;
  }
  async listRegisterParties(issuerId: string): Promise<RegisterPartyRecord[]> {
    const rows = await this.db
      .selectFrom('register_parties')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .orderBy('seq')
      .orderBy('party_id')
      .execute();
    return rows.map((r) => ({
      issuerId: r.issuer_id,
      partyId: r.party_id,
      seq: num(r.seq),
      body: jsonObject(r.body),
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    }));
  }
  async listRegisterRelationships(issuerId: string): Promise<RegisterRelationshipRecord[]> {
    const rows = await this.db
      .selectFrom('register_relationships')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .orderBy('seq')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      issuerId: r.issuer_id,
      seq: num(r.seq),
      body: jsonObject(r.body),
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    }));
  }
  async insertRegisterParty(p: RegisterPartyRecord): Promise<boolean> {
    const r = await this.db
      .insertInto('register_parties')
      .values({
        issuer_id: p.issuerId,
        party_id: p.partyId,
        seq: p.seq,
        body: JSON.stringify(p.body),
        recorded_at: p.recordedAt,
        recorded_by: p.recordedBy,
      })
      .onConflict((oc) => oc.columns(['issuer_id', 'party_id']).doNothing())
      .executeTakeFirst();
    return big(r.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  async insertRegisterRelationships(rels: readonly RegisterRelationshipRecord[]): Promise<void> {
    if (rels.length === 0) return;
    await this.db
      .insertInto('register_relationships')
      .values(
        rels.map((r) => ({
          id: r.id,
          issuer_id: r.issuerId,
          seq: r.seq,
          body: JSON.stringify(r.body),
          recorded_at: r.recordedAt,
          recorded_by: r.recordedBy,
        })),
      )
      .execute();
  }
  async latestIssuerFigures(issuerId: string, onOrBefore: CalendarDate): Promise<IssuerFiguresRecord | null> {
    const r = await this.db
      .selectFrom('issuer_figures')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .where('as_of', '<=', onOrBefore)
      .orderBy('as_of', 'desc')
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r
      ? {
          id: r.id,
          issuerId: r.issuer_id,
          asOf: d(r.as_of),
          figures: jsonObject(r.body),
          source: r.source,
          recordedAt: r.recorded_at,
          recordedBy: r.recorded_by,
        }
      : null;
  }
  async insertIssuerFigures(f: IssuerFiguresRecord): Promise<void> {
    await this.db
      .insertInto('issuer_figures')
      .values({
        id: f.id,
        issuer_id: f.issuerId,
        as_of: f.asOf,
        body: JSON.stringify(f.figures),
        source: f.source,
        recorded_at: f.recordedAt,
        recorded_by: f.recordedBy,
      })
      .execute();
  }
  async listAgreementFacts(issuerId: string): Promise<AgreementFactsRecord[]> {
    const rows = await this.db
      .selectFrom('agreement_facts')
      .innerJoin('agreements', 'agreements.id', 'agreement_facts.agreement_id')
      .selectAll('agreement_facts')
      .where('agreements.issuer_id', '=', issuerId)
      .orderBy('agreement_facts.agreement_id')
      .execute();
    return rows.map((r) => ({
      agreementId: r.agreement_id,
      normalCommercialTerms: num(r.normal_commercial_terms) === 1,
      inedConfirmed: num(r.ined_confirmed) === 1,
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    }));
  }
  async putAgreementFacts(f: AgreementFactsRecord): Promise<void> {
    const values = {
      normal_commercial_terms: f.normalCommercialTerms ? 1 : 0,
      ined_confirmed: f.inedConfirmed ? 1 : 0,
      recorded_at: f.recordedAt,
      recorded_by: f.recordedBy,
    };
    await this.db
      .insertInto('agreement_facts')
      .values({ agreement_id: f.agreementId, ...values })
      .onConflict((oc) => oc.column('agreement_id').doUpdateSet(values))
      .execute();
  }
  async listBoardResolutions(issuerId: string): Promise<BoardResolutionRecord[]> {
    const rows = await this.db
      .selectFrom('board_resolutions')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .orderBy('meeting_date')
      .orderBy('seq')
      .orderBy('id')
      .execute();
    return rows.map((r) => {
      const body = jsonObject(r.body) as {
        directorsPresent: string[];
        votes: { personId: string; vote: BoardVoteValue }[];
        agreementIds: string[];
      };
      return {
        id: r.id,
        issuerId: r.issuer_id,
        seq: num(r.seq),
        meetingDate: d(r.meeting_date),
        reference: r.reference,
        directorsPresent: body.directorsPresent,
        votes: body.votes,
        agreementIds: body.agreementIds,
        recordedAt: r.recorded_at,
        recordedBy: r.recorded_by,
      };
    });
  }
  async insertBoardResolution(b: BoardResolutionRecord): Promise<void> {
    await this.db
      .insertInto('board_resolutions')
      .values({
        id: b.id,
        issuer_id: b.issuerId,
        seq: b.seq,
        meeting_date: b.meetingDate,
        reference: b.reference,
        body: JSON.stringify({
          directorsPresent: b.directorsPresent,
          votes: b.votes,
          agreementIds: b.agreementIds,
        }),
        recorded_at: b.recordedAt,
        recorded_by: b.recordedBy,
      })
      .execute();
  }

  // ---- renewals and material changes (14A.54(2)) ----
  async agreementLinks(issuerId: string, agreementId: string): Promise<AgreementLinks> {
    const rows = await this.db
      .selectFrom('agreement_renewals')
      .innerJoin('agreements', 'agreements.id', 'agreement_renewals.agreement_id')
      .select(['agreement_renewals.agreement_id', 'agreement_renewals.renews_id'])
      .where('agreements.issuer_id', '=', issuerId)
      .where((eb) =>
        eb.or([
          eb('agreement_renewals.agreement_id', '=', agreementId),
          eb('agreement_renewals.renews_id', '=', agreementId),
        ]),
      )
      .orderBy('agreement_renewals.recorded_at')
      .orderBy('agreement_renewals.agreement_id')
      .execute();
    return {
      renews: rows.find((r) => r.agreement_id === agreementId)?.renews_id ?? null,
      renewedBy: rows.filter((r) => r.renews_id === agreementId).map((r) => r.agreement_id),
    };
  }
  async insertRenewal(agreementId: string, renewsId: string, recordedAt: string): Promise<void> {
    await this.db
      .insertInto('agreement_renewals')
      .values({ agreement_id: agreementId, renews_id: renewsId, recorded_at: recordedAt })
      .execute();
  }
  async listMaterialChanges(agreementId: string): Promise<MaterialChangeRecord[]> {
    const rows = await this.db
      .selectFrom('agreement_material_changes')
      .selectAll()
      .where('agreement_id', '=', agreementId)
      .orderBy('seq')
      .execute();
    return rows.map((r) => {
      const body = jsonObject(r.body) as {
        reclassification: MaterialChangeReclassification;
        requirementsBeforeEffective: ReComplianceRequirement[];
      };
      return {
        id: r.id,
        agreementId: r.agreement_id,
        seq: num(r.seq),
        description: r.description,
        effectiveOn: d(r.effective_on),
        approvedOn: dn(r.approved_on),
        reclassification: body.reclassification,
        requirementsBeforeEffective: body.requirementsBeforeEffective,
        recordedAt: r.recorded_at,
        recordedBy: r.recorded_by,
      };
    });
  }
  async insertMaterialChange(c: Omit<MaterialChangeRecord, 'seq'>): Promise<MaterialChangeRecord> {
    const last = await this.db
      .selectFrom('agreement_material_changes')
      .select(sql<unknown>`max(seq)`.as('m'))
      .where('agreement_id', '=', c.agreementId)
      .executeTakeFirst();
    const seq = last?.m === null || last?.m === undefined ? 1 : num(last.m) + 1;
    await this.db
      .insertInto('agreement_material_changes')
      .values({
        id: c.id,
        agreement_id: c.agreementId,
        seq,
        description: c.description,
        effective_on: c.effectiveOn,
        approved_on: c.approvedOn,
        body: JSON.stringify({
          reclassification: c.reclassification,
          requirementsBeforeEffective: c.requirementsBeforeEffective,
        }),
        recorded_at: c.recordedAt,
        recorded_by: c.recordedBy,
      })
      .execute();
    return { ...c, seq };
  }

  // ---- evidence (issue 4) ----
  private evidenceRecord(r: {
    sha256: string;
    size_bytes: unknown;
    media_type: string;
    filename: string;
    issued_on: string;
    description: string | null;
    uploaded_at: string;
    uploaded_by: string;
  }): EvidenceRecord {
    return {
      sha256: r.sha256,
      sizeBytes: num(r.size_bytes),
      mediaType: r.media_type,
      filename: r.filename,
      issuedOn: d(r.issued_on),
      description: r.description,
      uploadedAt: r.uploaded_at,
      uploadedBy: r.uploaded_by,
    };
  }
  private static readonly EVIDENCE_COLUMNS = [
    'sha256',
    'size_bytes',
    'media_type',
    'filename',
    'issued_on',
    'description',
    'uploaded_at',
    'uploaded_by',
  ] as const;
  async getEvidence(issuerId: string, sha256: string): Promise<EvidenceRecord | null> {
    const r = await this.db
      .selectFrom('evidence_files')
      .select(Repository.EVIDENCE_COLUMNS)
      .where('issuer_id', '=', issuerId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return r ? this.evidenceRecord(r) : null;
  }
  async getEvidenceContent(issuerId: string, sha256: string): Promise<Uint8Array | null> {
    const r = await this.db
      .selectFrom('evidence_files')
      .select('content')
      .where('issuer_id', '=', issuerId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!r) return null;
    // better-sqlite3 (blob) and pg (bytea) both give a Buffer: hand out a plain view of its bytes.
    const c = r.content;
    return new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
  }
  async evidenceAgreementIds(issuerId: string, sha256: string): Promise<string[]> {
    // Both links are indexed on (issuer_id, sha256).
    const [byOrders, byRecords] = await Promise.all([
      this.db
        .selectFrom('order_evidence as l')
        .innerJoin('orders as o', 'o.id', 'l.order_id')
        .select('o.agreement_id')
        .distinct()
        .where('l.issuer_id', '=', issuerId)
        .where('l.sha256', '=', sha256)
        .execute(),
      this.db
        .selectFrom('agreement_evidence_files as l')
        .innerJoin('agreement_evidence as r', 'r.id', 'l.record_id')
        .select('r.agreement_id')
        .distinct()
        .where('l.issuer_id', '=', issuerId)
        .where('l.sha256', '=', sha256)
        .execute(),
    ]);
    return [...new Set([...byOrders, ...byRecords].map((r) => r.agreement_id))].sort();
  }
  async missingEvidence(issuerId: string, sha256s: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(sha256s)];
    if (wanted.length === 0) return [];
    const found = await this.db
      .selectFrom('evidence_files')
      .select('sha256')
      .where('issuer_id', '=', issuerId)
      .where('sha256', 'in', wanted)
      .execute();
    const have = new Set(found.map((f) => f.sha256));
    return wanted.filter((h) => !have.has(h));
  }
  async insertEvidence(e: NewEvidence): Promise<boolean> {
    const r = await this.db
      .insertInto('evidence_files')
      .values({
        issuer_id: e.issuerId,
        sha256: e.sha256,
        size_bytes: BigInt(e.sizeBytes),
        media_type: e.mediaType,
        filename: e.filename,
        issued_on: e.issuedOn,
        description: e.description,
        content: e.content,
        uploaded_at: e.uploadedAt,
        uploaded_by: e.uploadedBy,
      })
      .onConflict((oc) => oc.columns(['issuer_id', 'sha256']).doNothing())
      .executeTakeFirst();
    return big(r.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }
  async listAgreementEvidence(issuerId: string, agreementId: string): Promise<AgreementEvidenceRecord[]> {
    const records = await this.db
      .selectFrom('agreement_evidence')
      .selectAll()
      .where('issuer_id', '=', issuerId)
      .where('agreement_id', '=', agreementId)
      .orderBy('seq')
      .execute();
    if (records.length === 0) return [];
    const files = await this.db
      .selectFrom('agreement_evidence_files as l')
      .innerJoin('evidence_files as f', (j) =>
        j.onRef('f.issuer_id', '=', 'l.issuer_id').onRef('f.sha256', '=', 'l.sha256'),
      )
      .select([
        'l.record_id',
        'l.position',
        'f.sha256',
        'f.size_bytes',
        'f.media_type',
        'f.filename',
        'f.issued_on',
        'f.description',
        'f.uploaded_at',
        'f.uploaded_by',
      ])
      .where(
        'l.record_id',
        'in',
        records.map((r) => r.id),
      )
      .orderBy('l.record_id')
      .orderBy('l.position')
      .execute();
    return records.map((r) => ({
      id: r.id,
      issuerId: r.issuer_id,
      agreementId: r.agreement_id,
      seq: num(r.seq),
      kind: r.kind as AgreementEvidenceKind,
      summary: r.summary,
      files: files.filter((f) => f.record_id === r.id).map((f) => this.evidenceRecord(f)),
      recordedAt: r.recorded_at,
      recordedBy: r.recorded_by,
    }));
  }
  async insertAgreementEvidence(
    record: Omit<AgreementEvidenceRecord, 'seq' | 'files'> & { readonly sha256s: readonly string[] },
  ): Promise<AgreementEvidenceRecord> {
    // The next seq is claimed with ON CONFLICT DO NOTHING: under READ COMMITTED a concurrent record
    // for the same agreement may take it first (the insert waits for it to commit), and the next
    // attempt reads the seq it committed. On SQLite the write lock makes the first attempt succeed.
    let seq = 0;
    for (let attempt = 0; seq === 0; attempt += 1) {
      if (attempt >= 50) throw new Error(`could not number the evidence of agreement ${record.agreementId}`);
      const last = await this.db
        .selectFrom('agreement_evidence')
        .select(sql<unknown>`max(seq)`.as('seq'))
        .where('agreement_id', '=', record.agreementId)
        .executeTakeFirst();
      const next = last?.seq === null || last?.seq === undefined ? 1 : num(last.seq) + 1;
      const claimed = await this.db
        .insertInto('agreement_evidence')
        .values({
          id: record.id,
          issuer_id: record.issuerId,
          agreement_id: record.agreementId,
          seq: next,
          kind: record.kind,
          summary: record.summary,
          recorded_at: record.recordedAt,
          recorded_by: record.recordedBy,
        })
        .onConflict((oc) => oc.columns(['agreement_id', 'seq']).doNothing())
        .executeTakeFirst();
      if (big(claimed.numInsertedOrUpdatedRows ?? 0n) > 0n) seq = next;
    }
    if (record.sha256s.length > 0) {
      await this.db
        .insertInto('agreement_evidence_files')
        .values(
          record.sha256s.map((sha256, i) => ({
            record_id: record.id,
            position: i + 1,
            issuer_id: record.issuerId,
            sha256,
          })),
        )
        .execute();
    }
    const files: EvidenceRecord[] = [];
    for (const h of record.sha256s) {
      const f = await this.getEvidence(record.issuerId, h);
      if (f) files.push(f);
    }
    const { sha256s: _sha256s, ...rest } = record;
    return { ...rest, seq, files };
  }

  // ---- alerts (issue 5) ----
  listAlerts(issuerId: string, filter?: AlertFilter): Promise<AlertRecord[]> {
    return alertsStore.listAlerts(this.db, issuerId, filter);
  }
  getAlert(issuerId: string, id: string): Promise<AlertRecord | null> {
    return alertsStore.getAlert(this.db, issuerId, id);
  }
  listAcknowledgements(alertIds: readonly string[]): Promise<AcknowledgementRecord[]> {
    return alertsStore.listAcknowledgements(this.db, alertIds);
  }
  listRemediations(alertIds: readonly string[]): Promise<RemediationRecord[]> {
    return alertsStore.listRemediations(this.db, alertIds);
  }
  listInbox(issuerId: string, recipient?: string): Promise<InboxItemRecord[]> {
    return alertsStore.listInbox(this.db, issuerId, recipient);
  }
  listSubscriptions(issuerId: string, includeInactive?: boolean): Promise<SubscriptionRecord[]> {
    return alertsStore.listSubscriptions(this.db, issuerId, includeInactive);
  }
  getMonitoringPolicy(issuerId: string): Promise<JsonObject | null> {
    return alertsStore.getMonitoringPolicy(this.db, issuerId);
  }
  insertAlert(
    alert: AlertRecord,
    inbox: readonly InboxItemRecord[],
    outbox: readonly OutboxRecord[],
  ): Promise<boolean> {
    return alertsStore.insertAlert(this.db, alert, inbox, outbox);
  }
  insertAcknowledgement(ack: AcknowledgementRecord): Promise<void> {
    return alertsStore.insertAcknowledgement(this.db, ack);
  }
  insertRemediation(remediation: RemediationRecord): Promise<void> {
    return alertsStore.insertRemediation(this.db, remediation);
  }
  markInboxRead(issuerId: string, itemId: string, readAt: string, readBy: string): Promise<boolean> {
    return alertsStore.markInboxRead(this.db, issuerId, itemId, readAt, readBy);
  }
  insertSubscription(subscription: SubscriptionRecord): Promise<void> {
    return alertsStore.insertSubscription(this.db, subscription);
  }
  setSubscriptionActive(issuerId: string, id: string, active: boolean): Promise<boolean> {
    return alertsStore.setSubscriptionActive(this.db, issuerId, id, active);
  }
  putMonitoringPolicy(issuerId: string, body: JsonObject, at: string, by: string): Promise<void> {
    return alertsStore.putMonitoringPolicy(this.db, issuerId, body, at, by);
  }
  listEscalations(issuerId: string, status?: EscalationStatus): Promise<EscalationRecord[]> {
    return alertsStore.listEscalations(this.db, issuerId, status);
  }
  getEscalation(issuerId: string, id: string): Promise<EscalationRecord | null> {
    return alertsStore.getEscalation(this.db, issuerId, id);
  }
  listEscalationSteps(escalationIds: readonly string[]): Promise<EscalationStepRecord[]> {
    return alertsStore.listEscalationSteps(this.db, escalationIds);
  }
  insertEscalation(escalation: EscalationRecord, raised: EscalationStepRecord): Promise<boolean> {
    return alertsStore.insertEscalation(this.db, escalation, raised);
  }
  advanceEscalation(from: EscalationStatus, step: EscalationStepRecord): Promise<boolean> {
    return alertsStore.advanceEscalation(this.db, from, step);
  }

  // ---- issued reports, annual review, 14A.59 tasks (issue 7) ----
  listIssuedReports(
    issuerId: string,
    filter?: { readonly kind?: string; readonly period?: string; readonly scope?: string },
  ): Promise<IssuedReportRecord[]> {
    return reviewStore.listIssuedReports(this.db, issuerId, filter);
  }
  getIssuedReport(issuerId: string, id: string): Promise<IssuedReportRecord | null> {
    return reviewStore.getIssuedReport(this.db, issuerId, id);
  }
  insertIssuedReport(report: IssuedReportRecord): Promise<boolean> {
    return reviewStore.insertIssuedReport(this.db, report);
  }
  listInedSignOffs(issuerId: string, financialYear?: string): Promise<InedSignOffRecord[]> {
    return reviewStore.listInedSignOffs(this.db, issuerId, financialYear);
  }
  insertInedSignOff(signOff: InedSignOffRecord): Promise<boolean> {
    return reviewStore.insertInedSignOff(this.db, signOff);
  }
  listAuditorLetters(issuerId: string, financialYear?: string): Promise<AuditorLetterRecord[]> {
    return reviewStore.listAuditorLetters(this.db, issuerId, financialYear);
  }
  insertAuditorLetter(letter: AuditorLetterRecord): Promise<boolean> {
    return reviewStore.insertAuditorLetter(this.db, letter);
  }
  markAuditorLetterSent(issuerId: string, id: string, sentOn: CalendarDate): Promise<boolean> {
    return reviewStore.markAuditorLetterSent(this.db, issuerId, id, sentOn);
  }
  getAnnualReviewSettings(
    issuerId: string,
    financialYear: string,
  ): Promise<AnnualReviewSettingsRecord | null> {
    return reviewStore.getAnnualReviewSettings(this.db, issuerId, financialYear);
  }
  putAnnualReviewSettings(settings: AnnualReviewSettingsRecord): Promise<void> {
    return reviewStore.putAnnualReviewSettings(this.db, settings);
  }
  listFollowUpTasks(
    issuerId: string,
    filter?: { readonly status?: FollowUpStatus; readonly financialYear?: string },
  ): Promise<FollowUpTaskRecord[]> {
    return reviewStore.listFollowUpTasks(this.db, issuerId, filter);
  }
  getFollowUpTask(issuerId: string, id: string): Promise<FollowUpTaskRecord | null> {
    return reviewStore.getFollowUpTask(this.db, issuerId, id);
  }
  insertFollowUpTask(task: FollowUpTaskRecord): Promise<void> {
    return reviewStore.insertFollowUpTask(this.db, task);
  }
  completeFollowUpTask(issuerId: string, id: string, at: string, by: string, note: string): Promise<boolean> {
    return reviewStore.completeFollowUpTask(this.db, issuerId, id, at, by, note);
  }

  // ---- forecasts (issue 5) ----
  categoryActualsBefore(capId: string, knownAt?: string) {
    return forecastStore.categoryActualsBefore(this.db, capId, knownAt);
  }
  openCommitmentsByDate(capId: string, asOf: CalendarDate, knownAt?: string) {
    return forecastStore.openCommitmentsByDate(this.db, capId, asOf, knownAt);
  }
  ledgerByDate(capId: string, knownAt?: string) {
    return forecastStore.ledgerByDate(this.db, capId, knownAt);
  }

  // ---- accounts (issue 6) ----
  getUserByEmail(email: string): Promise<UserRecord | null> {
    return accountsStore.getUserByEmail(this.db, email);
  }
  getUser(id: string): Promise<UserRecord | null> {
    return accountsStore.getUser(this.db, id);
  }
  listMemberships(userId: string, issuerId?: string): Promise<MembershipRecord[]> {
    return accountsStore.listMemberships(this.db, userId, issuerId);
  }
  getApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    return accountsStore.getApiTokenByHash(this.db, tokenHash);
  }
  listApiTokens(userId: string): Promise<ApiTokenRecord[]> {
    return accountsStore.listApiTokens(this.db, userId);
  }
  insertUser(user: UserRecord): Promise<boolean> {
    return accountsStore.insertUser(this.db, user);
  }
  insertMembership(membership: MembershipRecord): Promise<boolean> {
    return accountsStore.insertMembership(this.db, membership);
  }
  recordLoginFailure(userId: string, lockAfter: number, lockUntil: string): Promise<LoginFailure> {
    return accountsStore.recordLoginFailure(this.db, userId, lockAfter, lockUntil);
  }
  recordLoginSuccess(userId: string): Promise<void> {
    return accountsStore.recordLoginSuccess(this.db, userId);
  }
  insertApiToken(token: ApiTokenRecord): Promise<void> {
    return accountsStore.insertApiToken(this.db, token);
  }
  revokeApiToken(userId: string, tokenId: string, revokedAt: string): Promise<boolean> {
    return accountsStore.revokeApiToken(this.db, userId, tokenId, revokedAt);
  }
  touchApiToken(tokenId: string, usedAt: string): Promise<void> {
    return accountsStore.touchApiToken(this.db, tokenId, usedAt);
  }
  getSessionByHash(tokenHash: string): Promise<SessionRecord | null> {
    return accountsStore.getSessionByHash(this.db, tokenHash);
  }
  countUsers(): Promise<number> {
    return accountsStore.countUsers(this.db);
  }
  listIssuerMembers(issuerId: string) {
    return accountsStore.listIssuerMembers(this.db, issuerId);
  }
  insertSession(session: SessionRecord): Promise<void> {
    return accountsStore.insertSession(this.db, session);
  }
  revokeSession(sessionId: string, revokedAt: string): Promise<boolean> {
    return accountsStore.revokeSession(this.db, sessionId, revokedAt);
  }
  revokeUserSessions(userId: string, revokedAt: string, except: string | null = null): Promise<number> {
    return accountsStore.revokeUserSessions(this.db, userId, revokedAt, except);
  }
  touchSession(sessionId: string, seenAt: string): Promise<void> {
    return accountsStore.touchSession(this.db, sessionId, seenAt);
  }
  setUserDisabled(userId: string, disabled: boolean): Promise<boolean> {
    return accountsStore.setUserDisabled(this.db, userId, disabled);
  }
  deleteMembership(userId: string, issuerId: string, role: Role): Promise<boolean> {
    return accountsStore.deleteMembership(this.db, userId, issuerId, role);
  }
  setPassword(userId: string, passwordHash: string, mustChange: boolean): Promise<void> {
    return accountsStore.setPassword(this.db, userId, passwordHash, mustChange);
  }
  setUserLanguage(userId: string, language: string): Promise<void> {
    return accountsStore.setUserLanguage(this.db, userId, language);
  }

  // ---- recusals (issue 6, item 5) ----
  getRecusal(issuerId: string, agreementId: string, userId: string): Promise<RecusalRecord | null> {
    return accountsStore.getRecusal(this.db, issuerId, agreementId, userId);
  }
  listRecusals(issuerId: string, agreementId: string): Promise<RecusalRecord[]> {
    return accountsStore.listRecusals(this.db, issuerId, agreementId);
  }
  insertRecusal(recusal: RecusalRecord): Promise<boolean> {
    return accountsStore.insertRecusal(this.db, recusal);
  }

  // ---- imports (issue 9) ----
  getImportMapping(issuerId: string, name: string): Promise<ImportMappingRecord | null> {
    return importStore.getImportMapping(this.db, issuerId, name);
  }
  listImportMappings(issuerId: string): Promise<ImportMappingRecord[]> {
    return importStore.listImportMappings(this.db, issuerId);
  }
  putImportMapping(m: ImportMappingRecord): Promise<void> {
    return importStore.putImportMapping(this.db, m);
  }
  getImportRun(issuerId: string, id: string): Promise<ImportRunRecord | null> {
    return importStore.getImportRun(this.db, issuerId, id);
  }
  insertImportRun(r: ImportRunRecord): Promise<void> {
    return importStore.insertImportRun(this.db, r);
  }
  updateImportProgress(
    issuerId: string,
    id: string,
    status: ImportStatus,
    counts: ImportCounts,
  ): Promise<void> {
    return importStore.updateImportProgress(this.db, issuerId, id, status, counts);
  }
  finishImportRun(
    issuerId: string,
    id: string,
    outcome: Parameters<ImportTx['finishImportRun']>[2],
  ): Promise<void> {
    return importStore.finishImportRun(this.db, issuerId, id, outcome);
  }
  findImportedRows(
    issuerId: string,
    kind: ImportKind,
    references: readonly string[],
  ): Promise<(ImportedRowRecord & { readonly importStatus: ImportStatus | null })[]> {
    return importStore.findImportedRows(this.db, issuerId, kind, references);
  }
  insertImportedActuals(batch: ImportedActualsBatch): Promise<void> {
    return importStore.insertImportedActuals(this.db, this.dialect, batch);
  }
  insertImportedRows(issuerId: string, rows: readonly ImportedRowRecord[]): Promise<void> {
    return importStore.insertImportedRows(this.db, this.dialect, issuerId, rows);
  }
  deleteImportedRows(issuerId: string, kind: ImportKind, keys: readonly ImportedRowKey[]): Promise<void> {
    return importStore.deleteImportedRows(this.db, issuerId, kind, keys);
  }
  unreversedImportedActuals(
    issuerId: string,
    importId: string,
    ids: readonly string[],
  ): Promise<ImportedActual[]> {
    return importStore.unreversedImportedActuals(this.db, issuerId, importId, ids);
  }
}
