import type { AuditStore } from './audit-ports.js';
import type { BackupStore } from './backup-ports.js';
import type { AccountsReader, AccountsTx } from './accounts-ports.js';
import type { ReviewReader, ReviewTx } from './review-ports.js';
import type { ImportReader, ImportTx } from './import-ports.js';
import type { Role } from '../domain/authz/index.js';
import type {
  AmountsInclude,
  CalendarDate,
  CurrencyCode,
  Direction,
  IfaOpinion,
  LocalisedName,
  PricingPolicy,
  RecognitionBasis,
} from '../domain/index.js';
import type {
  AlertsReader,
  AlertsTx,
  EscalationsReader,
  EscalationsTx,
  ForecastReader,
  OutboxStore,
  SchedulerStore,
} from './monitoring-ports.js';

/**
 * Who is acting, for which issuer, with which roles there (issue 6). Every use case receives one and
 * checks its action with `requireAction` (app/authorize.ts) before it reads or writes anything.
 */
export interface Actor {
  readonly userId: string;
  readonly issuerId: string;
  /** The roles held at `issuerId` now (a token with one role carries only that one). */
  readonly roles: readonly Role[];
}

/** "Today" in Asia/Hong_Kong, and the current instant for record-keeping. */
export interface Clock {
  today(): CalendarDate;
  now(): string;
}

export interface IdGenerator {
  next(prefix: string): string;
}

export interface IssuerRecord {
  readonly id: string;
  readonly name: LocalisedName;
  readonly isDemo: boolean;
  readonly financialYearEnd: string;
  /** A PRC issuer: Rule 14A.15 (joint-venture partners) applies. */
  readonly prcIssuer: boolean;
}

export interface TerminationRecord {
  readonly effectiveOn: CalendarDate;
  readonly reason: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface CategoryRecord {
  readonly id: string;
  readonly key: string;
  readonly name: LocalisedName;
  readonly direction: Direction;
  readonly termStart: CalendarDate;
  readonly termEnd: CalendarDate;
  readonly pricingBasis: string | null;
  /** Issue 4: the pricing-policy gate's policy (the seed's defaults for categories recorded before it). */
  readonly pricingPolicy: PricingPolicy;
  readonly ifaOpinion: IfaOpinion | null;
  readonly termination: TerminationRecord | null;
}

export interface CapRevisionRecord {
  readonly id: string;
  readonly seq: number;
  readonly amountMinor: bigint;
  readonly effectiveFrom: CalendarDate;
  readonly approvedOn: CalendarDate;
  readonly reason: string;
  readonly approvalReference: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /**
   * The re-classification run when the revision was recorded (14A.54, issue 3 item 5); null for a
   * revision recorded before it existed (approved as recorded).
   */
  readonly reclassification: RevisionReclassification | null;
  /** What must be done before the old cap is exceeded: empty unless the revision raised the tier. */
  readonly requiredApprovals: readonly RevisionRequirement[];
  /** Append-only, in recording order. */
  readonly approvals: readonly RevisionApprovalRecord[];
}

export type RevisionReclassification =
  | {
      readonly status: 'done';
      readonly asOf: CalendarDate;
      readonly tierBefore: string;
      readonly tierAfter: string;
    }
  | { readonly status: 'not-run'; readonly reason: string };

/** The kinds of approval a revision that raises the tier may need (14A.54 → 14A.35–14A.46). */
export type RevisionApprovalKind =
  | 'announcement'
  | 'circular'
  | 'independent-financial-adviser'
  | 'independent-board-committee'
  | 'independent-shareholders-approval';

export interface RevisionRequirement {
  /** The classification engine's requirement code (ANNOUNCEMENT, INDEPENDENT_SHAREHOLDERS_APPROVAL…). */
  readonly code: string;
  readonly kind: RevisionApprovalKind;
  readonly rule: string;
  readonly text: string;
}

export interface RevisionApprovalRecord {
  readonly id: string;
  readonly revisionId: string;
  readonly kind: RevisionApprovalKind;
  readonly date: CalendarDate;
  readonly reference: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface CapRecord {
  readonly id: string;
  readonly categoryIds: readonly string[];
  readonly periodStart: CalendarDate;
  readonly periodEnd: CalendarDate;
  readonly currency: CurrencyCode;
  /** The amount stated in the agreement. */
  readonly amountMinor: bigint;
  readonly revisions: readonly CapRevisionRecord[];
}

export interface AgreementRecord {
  readonly id: string;
  readonly issuerId: string;
  /** Raised by every change to the agreement's caps or terms; the gate refuses to act on an older one. */
  readonly version: number;
  readonly name: LocalisedName;
  readonly counterparty: { readonly name: LocalisedName; readonly partyId: string | null };
  readonly signedOn: CalendarDate;
  readonly recognitionBasis: RecognitionBasis;
  readonly amountsInclude: AmountsInclude;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly categories: readonly CategoryRecord[];
  readonly caps: readonly CapRecord[];
}

/** Which agreement a renewal replaces, and which renewals replace it (14A.54(2)); ids. */
export interface AgreementLinks {
  readonly renews: string | null;
  /** In recording order. */
  readonly renewedBy: readonly string[];
}

/** A requirement of the tier to complete before a renewal or material change takes effect (14A.54(2)). */
export interface ReComplianceRequirement {
  readonly code: string;
  readonly rule: string;
  readonly text: string;
}

/**
 * The re-classification run when a material change of terms was recorded: as of its effectiveOn,
 * aggregated. `tierBefore` is the tier it last complied under (the latest earlier material change,
 * else as of the agreement's signing), when that could be classified.
 */
export type MaterialChangeReclassification =
  | {
      readonly status: 'done';
      readonly asOf: CalendarDate;
      readonly tierBefore?: string;
      readonly tierAfter: string;
      readonly requirements: readonly ReComplianceRequirement[];
    }
  | { readonly status: 'not-run'; readonly reason: string };

/** A material change of an agreement's terms (14A.54(2)): append-only. */
export interface MaterialChangeRecord {
  readonly id: string;
  readonly agreementId: string;
  /** Recording order within the agreement. */
  readonly seq: number;
  readonly description: string;
  readonly effectiveOn: CalendarDate;
  readonly approvedOn: CalendarDate | null;
  readonly reclassification: MaterialChangeReclassification;
  /** The requirements (with rule references) to complete before the change takes effect. */
  readonly requirementsBeforeEffective: readonly ReComplianceRequirement[];
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export type OrderStatus = 'accepted' | 'cancelled' | 'closed';

export interface ScheduleLineRecord {
  readonly lineNo: number;
  readonly date: CalendarDate;
  readonly currency: CurrencyCode;
  readonly amountMinor: bigint;
  readonly capId: string;
  /** In the cap's currency. */
  readonly capAmountMinor: bigint;
  readonly fx: StoredFx | null;
}

export interface StoredFx {
  readonly rate: string;
  readonly date: CalendarDate;
  readonly source: string;
  readonly rounding: string;
}

export interface OrderRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly agreementId: string;
  readonly categoryId: string;
  readonly reference: string;
  readonly signedOn: CalendarDate;
  readonly status: OrderStatus;
  readonly currency: CurrencyCode;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly schedule: readonly ScheduleLineRecord[];
  /**
   * Issue 4: the pricing comparison kept with the order, as recorded (the JSON shape of
   * `OrderPricingView`); null for orders placed before the pricing gate existed.
   */
  readonly pricing: JsonObject | null;
}

/** Which quote of an order's comparison an evidence file supports. */
export type EvidenceQuote = 'connected' | 'independent' | 'third-party-terms';

/** An evidence file cited by an order's comparison, written with the order (issue 4). */
export interface OrderEvidenceLink {
  readonly sha256: string;
  readonly quote: EvidenceQuote;
  /** The independent quote's index; null for the connected quote and the third-party terms. */
  readonly quoteIndex: number | null;
}

/** A link with the file's metadata, for the order view and the reports. */
export interface OrderEvidenceFile extends OrderEvidenceLink {
  readonly filename: string;
  readonly mediaType: string;
  readonly sizeBytes: number;
  readonly issuedOn: CalendarDate;
}

export interface ActualRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly agreementId: string;
  readonly categoryId: string;
  readonly orderId: string | null;
  readonly capId: string | null;
  readonly date: CalendarDate;
  readonly currency: CurrencyCode;
  readonly amountMinor: bigint;
  /** In the cap's currency (equal to amountMinor when no conversion was needed). */
  readonly capAmountMinor: bigint;
  readonly fx: StoredFx | null;
  readonly reference: string;
  readonly servicePeriodStart: CalendarDate | null;
  readonly servicePeriodEnd: CalendarDate | null;
  readonly invoiceDate: CalendarDate | null;
  /** Set on a reversing entry: the actual it reverses. */
  readonly reversesId: string | null;
  readonly reason: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** GET /api/v1/orders and GET /api/v1/actuals: the filters, newest first, at most `limit` rows. */
export interface LedgerListFilter {
  readonly agreementId?: string | undefined;
  /** Inclusive: the signing date of an order, the date of an actual. */
  readonly from?: CalendarDate | undefined;
  readonly to?: CalendarDate | undefined;
  readonly limit: number;
}

export interface OrderListFilter extends LedgerListFilter {
  readonly status?: OrderStatus | undefined;
}

export interface ActualListFilter extends LedgerListFilter {
  readonly orderId?: string | undefined;
}

/** An actual as listed: with the reference of its order and the entry that reversed it, if any. */
export interface ActualListRecord extends ActualRecord {
  readonly orderReference: string | null;
  readonly reversedBy: string | null;
}

export type LedgerKind = 'reserve' | 'release' | 'consume' | 'actual' | 'actual-reversal' | 'restore';

/** One append-only movement of a cap's actual or committed amount. */
export interface LedgerEntry {
  readonly issuerId: string;
  readonly capId: string | null;
  readonly categoryId: string;
  readonly orderId: string | null;
  readonly actualId: string | null;
  readonly kind: LedgerKind;
  readonly effectiveOn: CalendarDate;
  readonly actualDelta: bigint;
  readonly committedDelta: bigint;
  readonly createdAt: string;
}

export interface CapUsage {
  readonly actualMinor: bigint;
  readonly committedMinor: bigint;
}

export type BreachCode = 'CAP_EXCEEDED' | 'OUTSIDE_TERM' | 'NO_COVERING_CAP';

export interface BreachRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly code: BreachCode;
  readonly agreementId: string;
  readonly categoryId: string;
  readonly capId: string | null;
  readonly actualId: string | null;
  readonly revisionId: string | null;
  readonly occurredOn: CalendarDate;
  readonly currency: CurrencyCode | null;
  readonly capMinor: bigint | null;
  readonly actualMinor: bigint | null;
  readonly excessMinor: bigint | null;
  readonly recordedAt: string;
}

export interface FxRateRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  readonly date: CalendarDate;
  readonly rate: string;
  readonly source: string;
  readonly recordedAt: string;
}

export interface IdempotencyRecord {
  readonly requestHash: string;
  readonly statusCode: number;
  readonly responseJson: string;
}

export interface OrderCapBalance {
  readonly capId: string;
  /** Reserved minus released minus consumed: what the order still holds in that cap. */
  readonly openMinor: bigint;
  readonly consumedMinor: bigint;
  readonly scheduledMinor: bigint;
}

export interface UtilisationRow {
  readonly capId: string;
  readonly actualMinor: bigint;
  readonly committedMinor: bigint;
}

/** A JSON object as recorded: a party, relationship or figures object of the scenario format. */
export type JsonObject = { readonly [key: string]: unknown };

/** A party of the register (issue 3): `body` is the scenario format's party object. */
export interface RegisterPartyRecord {
  readonly issuerId: string;
  readonly partyId: string;
  /** Recording order within the issuer's register. */
  readonly seq: number;
  readonly body: JsonObject;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** A relationship of the register: `body` is the scenario format's relationship object (with its validity). */
export interface RegisterRelationshipRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly seq: number;
  readonly body: JsonObject;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** The issuer's figures as of a date: `figures` is the scenario format's issuer.figures object. */
export interface IssuerFiguresRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly asOf: CalendarDate;
  readonly figures: JsonObject;
  readonly source: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** Facts a classification needs that the agreement itself does not carry (14A.101). */
export interface AgreementFactsRecord {
  readonly agreementId: string;
  readonly normalCommercialTerms: boolean;
  readonly inedConfirmed: boolean;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export type BoardVoteValue = 'for' | 'against' | 'abstain';

/** A board resolution approving agreements, as minuted: who was present and how each voted (13.44). */
export interface BoardResolutionRecord {
  readonly id: string;
  readonly issuerId: string;
  /** Recording order within the issuer's resolutions. */
  readonly seq: number;
  readonly meetingDate: CalendarDate;
  readonly reference: string;
  readonly directorsPresent: readonly string[];
  readonly votes: readonly { readonly personId: string; readonly vote: BoardVoteValue }[];
  readonly agreementIds: readonly string[];
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** An evidence file's metadata (issue 4): content-addressed per issuer; the bytes are read separately. */
export interface EvidenceRecord {
  /** Lower-case hex SHA-256 of the bytes: the file's identity within its issuer. */
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly mediaType: string;
  /** The base name it was uploaded with (the first upload's, when the same bytes come again). */
  readonly filename: string;
  /** When the document was issued (a quote's date); one per file. */
  readonly issuedOn: CalendarDate;
  readonly description: string | null;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

/** What `insertEvidence` writes: the metadata, the issuer and the bytes. */
export type NewEvidence = EvidenceRecord & { readonly issuerId: string; readonly content: Uint8Array };

/** connected-party-terms-to-third-parties: the terms the connected party offers independent third parties. */
export type AgreementEvidenceKind = 'connected-party-terms-to-third-parties' | 'other';

/** Evidence recorded on an agreement (issue 4 item 6): append-only, numbered per agreement. */
export interface AgreementEvidenceRecord {
  readonly id: string;
  readonly issuerId: string;
  readonly agreementId: string;
  /** Recording order within the agreement, from 1. */
  readonly seq: number;
  readonly kind: AgreementEvidenceKind;
  readonly summary: string;
  /** The files cited, in the order given. */
  readonly files: readonly EvidenceRecord[];
  readonly recordedAt: string;
  readonly recordedBy: string;
}

/** Reading, inside or outside a transaction. */
export interface StoreReader
  extends AlertsReader, ForecastReader, EscalationsReader, AccountsReader, ReviewReader, ImportReader {
  getIssuer(id: string): Promise<IssuerRecord | null>;
  listIssuers(): Promise<IssuerRecord[]>;
  /**
   * The agreement as committed. With `mayBeStale`, a copy already in memory is returned without
   * asking the database: for callers whose writes re-check the version (the gate), and re-read on
   * a mismatch.
   */
  getAgreement(issuerId: string, id: string, mayBeStale?: boolean): Promise<AgreementRecord | null>;
  listAgreements(issuerId: string): Promise<AgreementRecord[]>;
  agreementExists(issuerId: string, id: string): Promise<boolean>;
  findCap(issuerId: string, capId: string): Promise<{ agreementId: string } | null>;
  capCurrency(capId: string): Promise<CurrencyCode | null>;
  getOrder(issuerId: string, id: string): Promise<OrderRecord | null>;
  getActual(issuerId: string, id: string): Promise<ActualRecord | null>;
  findReversal(issuerId: string, actualId: string): Promise<ActualRecord | null>;
  getUsage(capId: string): Promise<CapUsage>;
  orderBalances(orderId: string): Promise<OrderCapBalance[]>;
  /** The evidence files an order's comparison cites, in the order they were given. */
  orderEvidence(orderId: string): Promise<OrderEvidenceFile[]>;
  /** The period's actual amounts (in the cap's currency) grouped by the day they count in. */
  actualsByDate(capId: string, knownAt?: string): Promise<{ date: CalendarDate; minor: bigint }[]>;
  /**
   * Actual and committed amounts counted at `asOf` (see docs/decisions/0004). With `knownAt` (an
   * instant), only ledger entries recorded by then count: a report's knowledge date (issue 7).
   */
  utilisation(capIds: readonly string[], asOf: CalendarDate, knownAt?: string): Promise<UtilisationRow[]>;
  findFxRate(
    issuerId: string,
    from: CurrencyCode,
    to: CurrencyCode,
    date: CalendarDate,
  ): Promise<FxRateRecord | null>;
  listBreaches(issuerId: string, agreementId?: string): Promise<BreachRecord[]>;
  /**
   * The agreement's version, as committed (or as this transaction sees it). With `lock`, a shared lock is held until
   * the transaction ends, so that a revision or termination cannot commit in between (PostgreSQL).
   */
  agreementVersion(agreementId: string, lock: boolean): Promise<number | null>;
  listOpenOrders(categoryId: string): Promise<OrderRecord[]>;
  /**
   * The issuer's orders signed from `from` to `to` (inclusive), whatever their status now, by
   * signing date, then reference (the monthly monitoring report, issue 7).
   */
  listOrdersSigned(issuerId: string, from: CalendarDate, to: CalendarDate): Promise<OrderRecord[]>;
  /** The issuer's orders by signing date, newest first (then latest recorded), at most `filter.limit`. */
  listOrders(issuerId: string, filter: OrderListFilter): Promise<OrderRecord[]>;
  /** The issuer's actuals and reversing entries by date, newest first (then latest recorded), at most `filter.limit`. */
  listActuals(issuerId: string, filter: ActualListFilter): Promise<ActualListRecord[]>;
  /** What an actual took from its order's reservations, by cap. */
  consumedByActual(actualId: string): Promise<{ capId: string; minor: bigint }[]>;
  getIdempotency(issuerId: string, key: string): Promise<IdempotencyRecord | null>;
  /** The latest rate for the pair dated on or before `onOrBefore` (one direction only). */
  latestFxRate(
    issuerId: string,
    from: CurrencyCode,
    to: CurrencyCode,
    onOrBefore: CalendarDate,
  ): Promise<FxRateRecord | null>;
  /** The register, in recording order. */
  listRegisterParties(issuerId: string): Promise<RegisterPartyRecord[]>;
  /**
   * A token that changes whenever what the connection rules read changes: the issuer's PRC flag and
   * the register (append-only) of parties and relationships. Null when there is no such issuer. One
   * query, so a cached reading of the register can be checked before every order.
   */
  registerVersion(issuerId: string): Promise<string | null>;
  listRegisterRelationships(issuerId: string): Promise<RegisterRelationshipRecord[]>;
  /** The figures with the latest `asOf` on or before `onOrBefore` (the latest recorded on a tie). */
  latestIssuerFigures(issuerId: string, onOrBefore: CalendarDate): Promise<IssuerFiguresRecord | null>;
  listAgreementFacts(issuerId: string): Promise<AgreementFactsRecord[]>;
  /** By meeting date, then recording order. */
  listBoardResolutions(issuerId: string): Promise<BoardResolutionRecord[]>;
  /** The renewal links of an agreement of the issuer (none when it has none, or is not the issuer's). */
  agreementLinks(issuerId: string, agreementId: string): Promise<AgreementLinks>;
  /** In recording order. */
  listMaterialChanges(agreementId: string): Promise<MaterialChangeRecord[]>;
  // ---- evidence (issue 4) ----
  /** The file's metadata, without its bytes; null when this issuer has not uploaded it. */
  getEvidence(issuerId: string, sha256: string): Promise<EvidenceRecord | null>;
  getEvidenceContent(issuerId: string, sha256: string): Promise<Uint8Array | null>;
  /** The agreements whose orders or agreement evidence cite the file (issue 6 item 5: recusals), sorted. */
  evidenceAgreementIds(issuerId: string, sha256: string): Promise<string[]>;
  /** Those of `sha256s` this issuer has not uploaded, in the order given, each once (one query). */
  missingEvidence(issuerId: string, sha256s: readonly string[]): Promise<string[]>;
  /** In recording order, each with its files' metadata in the order cited. */
  listAgreementEvidence(issuerId: string, agreementId: string): Promise<AgreementEvidenceRecord[]>;
}

/** Writing: only inside `Store.transaction`. */
export interface StoreTx extends StoreReader, AlertsTx, EscalationsTx, AccountsTx, ReviewTx, ImportTx {
  /** False when an issuer with that id already exists (nothing is written then). */
  insertIssuer(issuer: IssuerRecord, createdAt: string): Promise<boolean>;
  updateIssuerSettings(
    issuerId: string,
    settings: { prcIssuer?: boolean; financialYearEnd?: string },
  ): Promise<void>;
  insertAgreement(agreement: AgreementRecord): Promise<void>;
  insertCapRevision(
    capId: string,
    revision: Omit<CapRevisionRecord, 'seq' | 'approvals'>,
  ): Promise<CapRevisionRecord>;
  /** Append-only: an approval of a pending revision (announcement, shareholders' approval…). */
  insertRevisionApproval(approval: RevisionApprovalRecord): Promise<void>;
  insertTermination(categoryId: string, termination: TerminationRecord): Promise<void>;
  setOrderStatus(orderId: string, status: OrderStatus): Promise<void>;
  replaceOrderSchedule(orderId: string, schedule: readonly ScheduleLineRecord[]): Promise<void>;
  /** Takes a lock on the order so that concurrent actuals against it consume its reservation once. */
  lockOrder(issuerId: string, orderId: string): Promise<OrderRecord | null>;
  insertActual(actual: ActualRecord): Promise<void>;
  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
  /**
   * Raises the agreement's version, on the agreement and on each of its caps' usage rows (where the
   * gate checks it), locking them until the transaction ends.
   */
  bumpAgreementVersion(agreementId: string): Promise<void>;
  /** Unguarded movement (actuals are facts; releases only lower usage). */
  adjustUsage(capId: string, actualDelta: bigint, committedDelta: bigint): Promise<CapUsage>;
  insertBreach(breach: BreachRecord): Promise<void>;
  insertFxRate(rate: FxRateRecord): Promise<void>;
  /** False when the key was already taken (a concurrent request with the same key). */
  putIdempotency(
    issuerId: string,
    key: string,
    record: IdempotencyRecord,
    createdAt: string,
  ): Promise<boolean>;
  /** False when the issuer's register already has a party with that id (nothing is written then). */
  insertRegisterParty(party: RegisterPartyRecord): Promise<boolean>;
  insertRegisterRelationships(relationships: readonly RegisterRelationshipRecord[]): Promise<void>;
  insertIssuerFigures(figures: IssuerFiguresRecord): Promise<void>;
  /** Records the agreement's facts, replacing earlier ones (the latest statement of them stands). */
  putAgreementFacts(facts: AgreementFactsRecord): Promise<void>;
  insertBoardResolution(resolution: BoardResolutionRecord): Promise<void>;
  /** Links a renewal (already inserted) to the agreement it replaces. */
  insertRenewal(agreementId: string, renewsId: string, recordedAt: string): Promise<void>;
  /** Append-only; the seq is assigned here. */
  insertMaterialChange(change: Omit<MaterialChangeRecord, 'seq'>): Promise<MaterialChangeRecord>;
  // ---- evidence (issue 4) ----
  /**
   * False when the issuer already has a file with that SHA-256 (nothing is written then). Safe
   * against a concurrent identical upload on both engines (ON CONFLICT DO NOTHING).
   */
  insertEvidence(evidence: NewEvidence): Promise<boolean>;
  /**
   * Append-only; the seq is assigned here. Every file must already be uploaded by the issuer (the
   * foreign key refuses it otherwise); check with `missingEvidence` first.
   */
  insertAgreementEvidence(
    record: Omit<AgreementEvidenceRecord, 'seq' | 'files'> & { readonly sha256s: readonly string[] },
  ): Promise<AgreementEvidenceRecord>;
}

export type TxOutcome<T> = { readonly commit: boolean; readonly value: T };

/** What the order gate writes when an order is accepted. */
export interface OrderPlacement {
  readonly order: OrderRecord;
  readonly entries: readonly LedgerEntry[];
  /** One per cap period the order touches, in cap-id order; `capMinor` is the cap in force on the signing date. */
  readonly guards: readonly {
    readonly capId: string;
    readonly addMinor: bigint;
    readonly capMinor: bigint;
  }[];
  /** The agreement version the cap amounts were computed from. */
  readonly agreementVersion: number;
  /** The evidence files the order's comparison cites (already uploaded by the issuer). */
  readonly evidence: readonly OrderEvidenceLink[];
  /**
   * The register version the quotes' independence was judged on (`registerVersion`); the placement
   * is refused if the register has moved since. Null when the register was not consulted.
   */
  readonly registerGuard: { readonly issuerId: string; readonly version: string } | null;
  readonly idempotency: {
    readonly key: string;
    readonly record: IdempotencyRecord;
    readonly createdAt: string;
  } | null;
}

/**
 * `placed`: every guard held and everything was written. `refused`: some cap would be exceeded or
 * the agreement (or, for `registerGuard`, the register) changed since it was read: nothing was written. `key-taken`: a concurrent request
 * with the same Idempotency-Key was recorded first: nothing was written.
 */
export type PlacementResult = 'placed' | 'refused' | 'key-taken';

export interface Store extends StoreReader, OutboxStore, SchedulerStore, AuditStore, BackupStore {
  readonly engine: 'sqlite' | 'postgres';
  /**
   * One write transaction. On SQLite it holds the database's write lock from its first statement
   * (BEGIN IMMEDIATE); on PostgreSQL it is READ COMMITTED and the guarded statements take row locks.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<TxOutcome<T>>): Promise<T>;
  /**
   * The gate's write, all or nothing: for each guard, committed += addMinor only if
   * actual + committed + addMinor ≤ capMinor and the agreement is still at `agreementVersion` (checked
   * on the cap's own row, so a revision committed meanwhile is seen); and only if every guard holds,
   * the order, its schedule, its ledger entries and the idempotency record. On PostgreSQL this is one
   * statement; on SQLite one transaction under the write lock.
   */
  placeOrder(placement: OrderPlacement): Promise<PlacementResult>;
  close(): Promise<void>;
}
