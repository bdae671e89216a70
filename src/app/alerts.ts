/**
 * Alerts (issue 5): raised in the transaction that causes them, once per dedupe key, with an inbox
 * item per recipient role and an outbox row per active subscription of those roles — so a rolled-back
 * posting tells nobody, and a committed one loses no notification.
 */
import {
  recusalFor,
  RECUSED_MESSAGE,
  RECUSED_MESSAGE_ZH,
  withheldNotice,
  type WithheldNotice,
} from './recusal.js';
import {
  ErrorSink,
  formatDateEn,
  formatDateZh,
  formatDisplay,
  formatMinor,
  formatPercent,
  parseText,
  type CalendarDate,
  type CurrencyCode,
  type LocalisedName,
} from '../domain/index.js';
import {
  defaultMonitoringPolicy,
  monitoringPolicyJson,
  ALERT_KINDS,
  parseMonitoringPolicy,
  reaches,
  RECIPIENT_ROLES,
  type MonitoringPolicy,
  type Percent,
} from '../domain/monitoring/policy.js';
import type { AppContext } from './context.js';
import { requireAction } from './authorize.js';
import { AppError } from './errors.js';
import type {
  AcknowledgementRecord,
  AlertFilter,
  AlertKind,
  AlertRecord,
  AlertSeverity,
  InboxItemRecord,
  OutboxRecord,
  RemediationRecord,
} from './monitoring-ports.js';
import type {
  Actor,
  AgreementRecord,
  BreachRecord,
  CapRecord,
  CategoryRecord,
  StoreReader,
  StoreTx,
} from './ports.js';

/** The issuer's policy: as recorded, or the seed's defaults. */
export async function monitoringPolicyOf(reader: StoreReader, issuerId: string): Promise<MonitoringPolicy> {
  const stored = await reader.getMonitoringPolicy(issuerId);
  if (stored === null) return defaultMonitoringPolicy();
  const parsedPolicy = parseMonitoringPolicy(stored);
  // Stored policies were checked when recorded; a default stands in if the rules have since tightened.
  return parsedPolicy.ok ? parsedPolicy.value : defaultMonitoringPolicy();
}

export interface AlertSpec {
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly dedupeKey: string;
  readonly agreementId: string | null;
  readonly categoryId: string | null;
  readonly cap: CapRecord | null;
  readonly threshold: string | null;
  readonly capMinor: bigint | null;
  readonly actualMinor: bigint | null;
  readonly committedMinor: bigint | null;
  readonly actualId: string | null;
  readonly breachId: string | null;
  readonly occurredOn: CalendarDate;
  readonly message: { readonly en: string; readonly 'zh-Hant': string };
  readonly subject: string;
  readonly details?: { readonly [key: string]: unknown };
}

/**
 * Raises an alert inside `tx`: false when one with the same dedupe key exists (nothing is written).
 * The recipients are the roles the policy names for the kind.
 */
export async function raiseAlert(
  ctx: AppContext,
  tx: StoreTx,
  issuerId: string,
  policy: MonitoringPolicy,
  spec: AlertSpec,
): Promise<AlertRecord | null> {
  const now = ctx.clock.now();
  const recipients = policy.recipients[spec.kind];
  const alert: AlertRecord = {
    id: ctx.ids.next('alr'),
    issuerId,
    kind: spec.kind,
    severity: spec.severity,
    dedupeKey: spec.dedupeKey,
    agreementId: spec.agreementId,
    categoryId: spec.categoryId,
    capId: spec.cap?.id ?? null,
    periodStart: spec.cap?.periodStart ?? null,
    periodEnd: spec.cap?.periodEnd ?? null,
    threshold: spec.threshold,
    currency: spec.cap?.currency ?? null,
    capMinor: spec.capMinor,
    actualMinor: spec.actualMinor,
    committedMinor: spec.committedMinor,
    actualId: spec.actualId,
    breachId: spec.breachId,
    occurredOn: spec.occurredOn,
    raisedAt: now,
    recipients,
    message: spec.message,
    details: spec.details ?? {},
  };
  const inbox: InboxItemRecord[] = recipients.map((recipient) => ({
    id: ctx.ids.next('inb'),
    issuerId,
    recipient,
    alertId: alert.id,
    createdAt: now,
    readAt: null,
    readBy: null,
  }));
  const subscriptions = (await tx.listSubscriptions(issuerId)).filter((s) => recipients.includes(s.role));
  const view = alertView(alert, [], []);
  const outbox: OutboxRecord[] = subscriptions.map((s) => ({
    id: ctx.ids.next('out'),
    issuerId,
    alertId: alert.id,
    subscriptionId: s.id,
    channel: s.channel,
    target: s.target,
    subject: spec.subject,
    payload:
      s.channel === 'webhook'
        ? JSON.stringify({ event: 'alert.raised', role: s.role, alert: view })
        : emailText(alert),
    createdAt: now,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    deliveredAt: null,
    lastError: null,
  }));
  return (await tx.insertAlert(alert, inbox, outbox)) ? alert : null;
}

function emailText(a: AlertRecord): string {
  const lines = [
    a.message.en,
    '',
    a.message['zh-Hant'],
    '',
    `Alert: ${a.kind} (${a.severity}), raised ${a.raisedAt}, id ${a.id}`,
    ...(a.capId ? [`Cap period: ${a.periodStart ?? ''} to ${a.periodEnd ?? ''} (cap ${a.capId})`] : []),
    `Sent to: ${a.recipients.join(', ')}`,
    '',
    "Acknowledge it in Arm's Length: POST /api/v1/alerts/" + a.id + '/acknowledge',
  ];
  return lines.join('\n');
}

const categoryName = (agreement: AgreementRecord, categoryIds: readonly string[]): LocalisedName => {
  const names = agreement.categories.filter((c) => categoryIds.includes(c.id)).map((c) => c.name);
  return {
    en: names.map((n) => n.en).join(' and ') || 'the category',
    'zh-Hant': names.map((n) => n['zh-Hant'] ?? n.en).join('及') || '該類別',
  };
};

const periodEn = (cap: CapRecord) => `${formatDateEn(cap.periodStart)} to ${formatDateEn(cap.periodEnd)}`;
const periodZh = (cap: CapRecord) => `${formatDateZh(cap.periodStart)}至${formatDateZh(cap.periodEnd)}`;
/** An amount as Chinese documents write it: 人民幣82,000,000.00元 (never "RMB" in a Chinese sentence). */
export const moneyZh = (currency: CurrencyCode, minor: bigint): string => {
  const prefix: Partial<Record<CurrencyCode, string>> = { CNY: '人民幣', HKD: '港幣', USD: '美元' };
  return `${prefix[currency] ?? currency}${formatDisplay({ currency, minor }).replace(/^[^\d(]+/, '')}元`;
};

/**
 * After a posting moved a cap period's totals: a THRESHOLD alert for each threshold the actual
 * amounts have reached (of the cap in force on the actual's date) and an EARLY_WARNING for each
 * early-warning threshold actual + committed have reached. Each is raised once per threshold and cap
 * amount (`dedupeKey`), so later postings and a reversal and re-crossing raise nothing new; a revision
 * of the cap re-arms it. Called inside the posting's transaction.
 */
export async function checkThresholds(
  ctx: AppContext,
  tx: StoreTx,
  input: {
    readonly issuerId: string;
    readonly agreement: AgreementRecord;
    readonly category: CategoryRecord;
    readonly cap: CapRecord;
    readonly capMinor: bigint;
    readonly actualMinor: bigint;
    readonly committedMinor: bigint;
    readonly actualId: string | null;
    readonly date: CalendarDate;
  },
  policy?: MonitoringPolicy,
): Promise<AlertRecord[]> {
  const p = policy ?? (await monitoringPolicyOf(tx, input.issuerId));
  const { cap, capMinor, actualMinor, committedMinor } = input;
  const raised: AlertRecord[] = [];
  const name = categoryName(input.agreement, cap.categoryIds);
  const d = (m: bigint) => formatDisplay({ currency: cap.currency, minor: m });
  const pctUsed = (m: bigint) => formatPercent(m, capMinor, 1);
  const fire = async (kind: 'THRESHOLD' | 'EARLY_WARNING', t: Percent, amount: bigint) => {
    const early = kind === 'EARLY_WARNING';
    const what = early ? 'Actual and committed amounts' : 'Actual amounts';
    const whatZh = early ? '實際及已承諾金額' : '實際金額';
    const alert = await raiseAlert(ctx, tx, input.issuerId, p, {
      kind,
      severity: 'warning',
      dedupeKey: `${kind}:${cap.id}:${t.text}:${capMinor}`,
      agreementId: input.agreement.id,
      categoryId: input.category.id,
      cap,
      threshold: t.text,
      capMinor,
      actualMinor,
      committedMinor,
      actualId: input.actualId,
      breachId: null,
      occurredOn: input.date,
      subject: `${t.text}% of the ${name.en} cap for ${periodEn(cap)} reached`,
      message: {
        en:
          `${what} of ${d(early ? amount : actualMinor)} for ${name.en} (${periodEn(cap)}) have reached ${t.text}% of the ` +
          `cap of ${d(capMinor)} (${pctUsed(amount)}% used): ` +
          (early ? 'finance to review the orders still open.' : 'report to senior management at once.'),
        'zh-Hant':
          `${name['zh-Hant']}（${periodZh(cap)}）的${whatZh}${moneyZh(cap.currency, amount)}已達年度上限` +
          `${moneyZh(cap.currency, capMinor)}的${t.text}%（已使用${pctUsed(amount)}%）：` +
          (early ? '財務部門須檢視尚未完成的訂單。' : '須即時向高級管理層匯報。'),
      },
      details: {
        percentUsed: pctUsed(amount),
        cap: formatMinor(capMinor, cap.currency),
        actualAtCrossing: formatMinor(actualMinor, cap.currency),
        committed: formatMinor(committedMinor, cap.currency),
      },
    });
    if (alert) raised.push(alert);
  };
  for (const t of p.thresholds)
    if (reaches(actualMinor, capMinor, t)) await fire('THRESHOLD', t, actualMinor);
  for (const t of p.earlyWarningThresholds) {
    if (reaches(actualMinor + committedMinor, capMinor, t))
      await fire('EARLY_WARNING', t, actualMinor + committedMinor);
  }
  return raised;
}

// ---- views and use cases ----

export interface AlertView {
  readonly id: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly agreementId: string | null;
  readonly categoryId: string | null;
  readonly capId: string | null;
  readonly periodStart: CalendarDate | null;
  readonly periodEnd: CalendarDate | null;
  readonly threshold: string | null;
  readonly currency: CurrencyCode | null;
  readonly cap: string | null;
  readonly actualAtCrossing: string | null;
  readonly committed: string | null;
  readonly actualId: string | null;
  readonly breachId: string | null;
  readonly occurredOn: CalendarDate;
  readonly raisedAt: string;
  readonly recipients: readonly string[];
  readonly message: { readonly en: string; readonly 'zh-Hant': string };
  readonly details: { readonly [key: string]: unknown };
  /**
   * Set when the actor must abstain on the alert's agreement (13.44): a cap-insufficiency alert's
   * message and details (the forecast put to the board) are withheld, not dropped silently.
   */
  readonly withheld?: WithheldNotice;
  readonly acknowledged: boolean;
  readonly acknowledgements: readonly {
    id: string;
    by: string;
    at: string;
    comment: string | null;
  }[];
  readonly remediations: readonly {
    id: string;
    reference: string | null;
    notes: string;
    recordedAt: string;
    recordedBy: string;
  }[];
}

export function alertView(
  a: AlertRecord,
  acks: readonly AcknowledgementRecord[],
  remediations: readonly RemediationRecord[],
): AlertView {
  const money = (m: bigint | null) => (m === null || a.currency === null ? null : formatMinor(m, a.currency));
  return {
    id: a.id,
    kind: a.kind,
    severity: a.severity,
    agreementId: a.agreementId,
    categoryId: a.categoryId,
    capId: a.capId,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    threshold: a.threshold,
    currency: a.currency,
    cap: money(a.capMinor),
    actualAtCrossing: money(a.actualMinor),
    committed: money(a.committedMinor),
    actualId: a.actualId,
    breachId: a.breachId,
    occurredOn: a.occurredOn,
    raisedAt: a.raisedAt,
    recipients: a.recipients,
    message: a.message,
    details: a.details,
    acknowledged: acks.length > 0,
    acknowledgements: acks.map((k) => ({
      id: k.id,
      by: k.acknowledgedBy,
      at: k.acknowledgedAt,
      comment: k.comment,
    })),
    remediations: remediations.map((r) => ({
      id: r.id,
      reference: r.reference,
      notes: r.notes,
      recordedAt: r.recordedAt,
      recordedBy: r.recordedBy,
    })),
  };
}

async function views(reader: StoreReader, alerts: readonly AlertRecord[]): Promise<AlertView[]> {
  const ids = alerts.map((a) => a.id);
  const [acks, rems] = await Promise.all([reader.listAcknowledgements(ids), reader.listRemediations(ids)]);
  return alerts.map((a) =>
    alertView(
      a,
      acks.filter((k) => k.alertId === a.id),
      rems.filter((r) => r.alertId === a.id),
    ),
  );
}

const KINDS: readonly AlertKind[] = ALERT_KINDS;

export async function listAlerts(
  ctx: AppContext,
  actor: Actor,
  query: {
    kind?: string | undefined;
    capId?: string | undefined;
    agreementId?: string | undefined;
    unacknowledged?: string | undefined;
  },
): Promise<{ items: AlertView[] }> {
  requireAction(actor, 'alert.read');
  const sink = new ErrorSink();
  if (query.kind !== undefined && !(KINDS as readonly string[]).includes(query.kind))
    sink.add('kind', `must be one of ${KINDS.join(', ')} (got "${query.kind}")`);
  if (query.unacknowledged !== undefined && !['true', 'false'].includes(query.unacknowledged))
    sink.add('unacknowledged', `must be true or false (got "${query.unacknowledged}")`);
  if (sink.errors.length > 0) throw AppError.invalid(sink.errors);
  const filter: AlertFilter = {
    ...(query.kind !== undefined ? { kind: query.kind as AlertKind } : {}),
    ...(query.capId !== undefined ? { capId: query.capId } : {}),
    ...(query.agreementId !== undefined ? { agreementId: query.agreementId } : {}),
    ...(query.unacknowledged === 'true' ? { unacknowledged: true } : {}),
  };
  return {
    items: await shownTo(
      ctx,
      actor,
      await views(ctx.store, await ctx.store.listAlerts(actor.issuerId, filter)),
    ),
  };
}

/** The board papers inside alerts: what an interested director may not see (13.44). */
const BOARD_PAPER_KINDS: ReadonlySet<AlertKind> = new Set(['CAP_INSUFFICIENT']);

/** Alert views as the actor may see them: a cap-insufficiency alert's forecast withheld from an interested director. */
async function shownTo<V extends AlertView>(
  ctx: AppContext,
  actor: Actor,
  items: readonly V[],
): Promise<V[]> {
  const recusals = new Map<string, Awaited<ReturnType<typeof recusalFor>>>();
  const out: V[] = [];
  for (const v of items) {
    if (v.agreementId === null || !BOARD_PAPER_KINDS.has(v.kind)) {
      out.push(v);
      continue;
    }
    if (!recusals.has(v.agreementId))
      recusals.set(v.agreementId, await recusalFor(ctx, actor, v.agreementId));
    const recusal = recusals.get(v.agreementId);
    out.push(
      recusal
        ? {
            ...v,
            message: { en: RECUSED_MESSAGE, 'zh-Hant': RECUSED_MESSAGE_ZH },
            details: {},
            withheld: withheldNotice(recusal),
          }
        : v,
    );
  }
  return out;
}

export async function getAlertView(ctx: AppContext, actor: Actor, id: string): Promise<AlertView> {
  requireAction(actor, 'alert.read');
  const alert = await ctx.store.getAlert(actor.issuerId, id);
  if (!alert) throw AppError.notFound(`alert ${id}`);
  const [view] = await shownTo(ctx, actor, await views(ctx.store, [alert]));
  if (!view) throw AppError.notFound(`alert ${id}`);
  return view;
}

type Obj = Readonly<Record<string, unknown>>;
/** A request body that must be a JSON object (absent = empty). */
export const bodyObject = (raw: unknown): Obj => {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw AppError.invalid([{ path: '', message: 'the body must be a JSON object' }]);
  return raw as Obj;
};

/** Acknowledges an alert (who, when, comment). Acknowledgements are kept: a second one adds to the history. */
export async function acknowledgeAlert(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<AlertView> {
  requireAction(actor, 'alert.acknowledge');
  const body = bodyObject(raw);
  const comment = new ErrorSink();
  const text = comment.take(parseText(body['comment'], 'comment', { required: false, max: 4000 }));
  if (comment.errors.length > 0) throw AppError.invalid(comment.errors);
  return appendToAlert(ctx, actor, id, (tx) =>
    tx.insertAcknowledgement({
      id: ctx.ids.next('ack'),
      alertId: id,
      acknowledgedBy: actor.userId,
      acknowledgedAt: ctx.clock.now(),
      comment: text?.trim() ?? null,
    }),
  );
}

/** In one transaction: the issuer's alert (404 otherwise), `append` to its history, its view after. */
function appendToAlert(
  ctx: AppContext,
  actor: Actor,
  id: string,
  append: (tx: StoreTx, alert: AlertRecord) => Promise<void>,
): Promise<AlertView> {
  return ctx.store.transaction(async (tx) => {
    const alert = await tx.getAlert(actor.issuerId, id);
    if (!alert) throw AppError.notFound(`alert ${id}`);
    await append(tx, alert);
    const [view] = await views(tx, [alert]);
    if (!view) throw AppError.notFound(`alert ${id}`);
    return { commit: true, value: view };
  });
}

/** A breach's remediation: the re-compliance announcement's reference and notes. Breach alerts only. */
export async function recordRemediation(
  ctx: AppContext,
  actor: Actor,
  id: string,
  raw: unknown,
): Promise<AlertView> {
  requireAction(actor, 'alert.remediate');
  const body = bodyObject(raw);
  const sink = new ErrorSink();
  const reference = sink.take(parseText(body['reference'], 'reference', { required: false, max: 500 }));
  const notes = sink.take(parseText(body['notes'], 'notes', { required: true, max: 8000 }));
  if (sink.errors.length > 0 || !notes) throw AppError.invalid(sink.errors);
  return appendToAlert(ctx, actor, id, async (tx, alert) => {
    if (alert.kind !== 'BREACH') {
      throw AppError.conflict(
        'NOT_A_BREACH',
        `alert ${id} is a ${alert.kind} alert: a remediation is recorded against a BREACH alert`,
      );
    }
    await tx.insertRemediation({
      id: ctx.ids.next('rem'),
      alertId: id,
      reference: reference?.trim() ?? null,
      notes: notes.trim(),
      recordedAt: ctx.clock.now(),
      recordedBy: actor.userId,
    });
  });
}

export async function getInbox(
  ctx: AppContext,
  actor: Actor,
  recipient: string | undefined,
): Promise<{ items: (AlertView & { inboxId: string; recipient: string; readAt: string | null })[] }> {
  requireAction(actor, 'inbox.read');
  if (recipient !== undefined && !(RECIPIENT_ROLES as readonly string[]).includes(recipient)) {
    throw AppError.invalid([
      { path: 'recipient', message: `must be one of ${RECIPIENT_ROLES.join(', ')} (got "${recipient}")` },
    ]);
  }
  const items = await ctx.store.listInbox(actor.issuerId, recipient);
  const alerts = await Promise.all(
    [...new Set(items.map((i) => i.alertId))].map((id) => ctx.store.getAlert(actor.issuerId, id)),
  );
  const byId = new Map(
    (
      await views(
        ctx.store,
        alerts.filter((a): a is AlertRecord => a !== null),
      )
    ).map((v) => [v.id, v]),
  );
  return {
    items: await shownTo(
      ctx,
      actor,
      items.flatMap((i) => {
        const v = byId.get(i.alertId);
        return v ? [{ ...v, inboxId: i.id, recipient: i.recipient, readAt: i.readAt }] : [];
      }),
    ),
  };
}

export async function markInboxItemRead(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
): Promise<{ id: string; readAt: string }> {
  requireAction(actor, 'inbox.read');
  return ctx.store.transaction(async (tx) => {
    const at = ctx.clock.now();
    if (!(await tx.markInboxRead(actor.issuerId, itemId, at, actor.userId))) {
      const exists = (await tx.listInbox(actor.issuerId)).find((i) => i.id === itemId);
      if (!exists) throw AppError.notFound(`inbox item ${itemId}`);
      return { commit: false, value: { id: itemId, readAt: exists.readAt ?? at } };
    }
    return { commit: true, value: { id: itemId, readAt: at } };
  });
}

export async function getMonitoringPolicy(ctx: AppContext, actor: Actor) {
  requireAction(actor, 'policy.read');
  return monitoringPolicyJson(await monitoringPolicyOf(ctx.store, actor.issuerId));
}

export async function putMonitoringPolicy(ctx: AppContext, actor: Actor, raw: unknown) {
  requireAction(actor, 'policy.write');
  const parsedPolicy = parseMonitoringPolicy(raw);
  if (!parsedPolicy.ok) throw AppError.invalid(parsedPolicy.errors);
  const json = monitoringPolicyJson(parsedPolicy.value);
  await ctx.store.transaction(async (tx) => {
    await tx.putMonitoringPolicy(actor.issuerId, json, ctx.clock.now(), actor.userId);
    return { commit: true, value: undefined };
  });
  return json;
}

/**
 * A critical alert for a breach (issue 2's breach record): to compliance, senior management and the
 * directors (the policy's BREACH recipients), one per breach, with the breach's own sentence.
 */
export async function raiseBreachAlert(
  ctx: AppContext,
  tx: StoreTx,
  issuerId: string,
  policy: MonitoringPolicy,
  agreement: AgreementRecord,
  category: CategoryRecord,
  cap: CapRecord | null,
  breach: BreachRecord,
  message: string,
): Promise<AlertRecord | null> {
  const name = categoryName(agreement, [category.id]);
  const zh =
    breach.code === 'CAP_EXCEEDED' && cap && breach.capMinor !== null && breach.actualMinor !== null
      ? `違規：${name['zh-Hant']}（${periodZh(cap)}）的實際金額${moneyZh(cap.currency, breach.actualMinor)}已超出年度上限` +
        `${moneyZh(cap.currency, breach.capMinor)}（上市規則第14A.54條）：須立即通知合規部門、高級管理層及董事，並重新遵守相關規定。`
      : breach.code === 'OUTSIDE_TERM'
        ? `違規：${name['zh-Hant']}於${formatDateZh(breach.occurredOn)}的實際金額不在協議期限內，已予記錄。`
        : `違規：${formatDateZh(breach.occurredOn)}並無年度上限涵蓋${name['zh-Hant']}（上市規則第14A.53條），已予記錄。`;
  return raiseAlert(ctx, tx, issuerId, policy, {
    kind: 'BREACH',
    severity: 'critical',
    dedupeKey: `BREACH:${breach.id}`,
    agreementId: agreement.id,
    categoryId: category.id,
    cap,
    threshold: null,
    capMinor: breach.capMinor,
    actualMinor: breach.actualMinor,
    committedMinor: null,
    actualId: breach.actualId,
    breachId: breach.id,
    occurredOn: breach.occurredOn,
    subject: `BREACH (${breach.code}): ${name.en}`,
    message: { en: message, 'zh-Hant': zh },
    details: {
      code: breach.code,
      ...(breach.excessMinor !== null && breach.currency !== null
        ? { excess: formatMinor(breach.excessMinor, breach.currency) }
        : {}),
      ...(breach.revisionId !== null ? { revisionId: breach.revisionId } : {}),
    },
  });
}
