/**
 * Alerts and escalations (decision 0011): every alert as its sentence with the figures, who it was
 * sent to and who acknowledged it; a breach's remediation; the escalations of caps that look
 * insufficient, with senior management's review and the board's decision; and the 14A.59 follow-up
 * tasks. Actions are offered only to the roles that may take them (decision 0012).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { post } from '../api';
import { Empty, Show, useGet } from '../components/state';
import { date, instant, millions, money, named } from '../format';
import { defineMessages, useI18n, type Lang } from '../i18n';
import { useCan, useRoles, useSession } from '../session';
import type { ScreenProps } from '.';
import {
  describedBy,
  FieldMessages,
  Figures,
  FormRefusal,
  NoteField,
  useListJoin,
  useSubmit,
  useWho,
  type Name,
} from './oversight';

export interface AlertView {
  readonly id: string;
  readonly kind: string;
  readonly severity: string;
  readonly agreementId: string | null;
  readonly capId: string | null;
  readonly periodStart: string | null;
  readonly periodEnd: string | null;
  readonly threshold: string | null;
  readonly currency: string | null;
  readonly cap: string | null;
  readonly actualAtCrossing: string | null;
  readonly committed: string | null;
  readonly occurredOn: string;
  readonly raisedAt: string;
  readonly recipients: readonly string[];
  readonly message: { readonly en: string; readonly 'zh-Hant': string };
  readonly details: Readonly<Record<string, unknown>>;
  readonly withheld?: { readonly rule?: string };
  readonly acknowledged: boolean;
  readonly acknowledgements: readonly {
    readonly id: string;
    readonly by: string;
    readonly at: string;
    readonly comment: string | null;
  }[];
  readonly remediations: readonly {
    readonly id: string;
    readonly reference: string | null;
    readonly notes: string;
    readonly recordedAt: string;
    readonly recordedBy: string;
  }[];
}

interface InboxItem extends AlertView {
  readonly inboxId: string;
  readonly recipient: string;
  readonly readAt: string | null;
}

interface Forecast {
  readonly agreementName?: Name;
  readonly categoryNames?: readonly Name[];
  readonly currency?: string;
  readonly cap?: string;
  readonly actual?: string;
  readonly committed?: string;
  readonly projected?: string;
  readonly projectedPercent?: string;
  readonly projectedHeadroom?: string;
  readonly horizonEnd?: string;
}

interface EscalationStep {
  readonly seq: number;
  readonly step: string;
  readonly decision: string | null;
  readonly revisionId: string | null;
  readonly reason: string | null;
  readonly notes: string | null;
  readonly at: string;
  readonly by: string;
}

interface Escalation {
  readonly id: string;
  readonly status: 'raised' | 'reviewed' | 'decided';
  readonly agreementId: string;
  readonly capId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly alertId: string | null;
  readonly raisedAt: string;
  readonly forecast: Forecast | null;
  readonly steps: readonly EscalationStep[];
  readonly revision: {
    readonly id: string;
    readonly amount: string;
    readonly effectiveFrom: string;
    readonly status: string;
  } | null;
  readonly withheld?: unknown;
}

interface FollowUpTask {
  readonly id: string;
  readonly rule: string;
  readonly source: string;
  readonly financialYear: string;
  readonly title: { readonly en: string; readonly 'zh-Hant': string };
  readonly detail: string;
  readonly status: 'open' | 'done';
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly completedBy: string | null;
  readonly completionNote: string | null;
  readonly requirement: { readonly en: string; readonly 'zh-Hant': string };
}

interface AgreementCaps {
  readonly id: string;
  readonly name: Name;
  readonly caps: readonly {
    readonly id: string;
    readonly currency: string;
    readonly history: readonly {
      readonly revisionId: string | null;
      readonly amount: string;
      readonly effectiveFrom: string | null;
      readonly status: string;
    }[];
  }[];
}

const useT = defineMessages(
  {
    title: 'Alerts and escalations',
    intro:
      'Alerts raised when actual amounts reach the alert threshold of a cap, when a cap looks insufficient, on a breach, and ahead of term ends and review deadlines. Senior management acknowledges each alert; a cap that looks insufficient goes to the board.',
    alerts: 'Alerts',
    alert: 'Alert',
    show: 'Show',
    showAll: 'All alerts',
    showWaiting: 'Waiting for acknowledgement',
    kindFilter: 'Kind',
    allKinds: 'All kinds',
    noAlerts: 'No alert has been raised.',
    noWaiting: 'Every alert has been acknowledged.',
    'kind.THRESHOLD': 'Alert threshold reached',
    'kind.EARLY_WARNING': 'Early warning',
    'kind.BREACH': 'Breach',
    'kind.CAP_INSUFFICIENT': 'Cap may be insufficient',
    'kind.TERM_EXPIRY': 'Term ending',
    'kind.REVIEW_DEADLINE': 'Annual review deadline',
    'severity.info': 'Information',
    'severity.warning': 'Warning',
    'severity.critical': 'Critical',
    occurredOn: 'Date',
    raisedAt: 'Raised',
    capPeriod: 'Cap period',
    cap: 'Annual cap',
    threshold: 'Alert threshold',
    actualAtCrossing: 'Actual amounts when reached',
    committed: 'Committed (open orders)',
    percentUsed: 'Used',
    excess: 'Amount over the cap',
    projected: 'Forecast at period end',
    projectedPercent: 'Forecast as a share of the cap',
    termEnd: 'Term ends',
    dueOn: 'Review due',
    sentTo: 'Sent to',
    acknowledged: 'Acknowledged',
    waiting: 'Waiting for acknowledgement',
    acknowledgedBy: 'Acknowledged by',
    on: 'on',
    comment: 'Comment (optional)',
    acknowledge: 'Acknowledge',
    acknowledging: 'Acknowledging…',
    acknowledgeAgain: 'Add your acknowledgement',
    details: 'Details',
    remediation: 'Remediation',
    noRemediation: 'No remediation is recorded yet.',
    reference: 'Announcement reference (optional)',
    notes: 'Notes',
    recordRemediation: 'Record the remediation',
    recordedBy: 'Recorded by',
    withheld:
      'You must abstain on this agreement (Rule 13.44 of the Listing Rules): the board papers in this alert are withheld from you.',
    back: 'All alerts and escalations',
    inbox: 'Inbox',
    inboxHelp: 'Alerts sent to the roles you hold.',
    inboxEmpty: 'Nothing has been sent to your roles.',
    unread: 'Unread',
    read: 'Read',
    markRead: 'Mark as read',
    forRole: 'For',
    escalations: 'Escalations',
    escalationsHelp:
      'A cap whose forecast exceeds it goes to senior management for review, then to the board, which decides whether to revise the cap in compliance with Rule 14A.54 of the Listing Rules before it is exceeded.',
    noEscalations: 'No escalation has been raised.',
    'status.raised': "Raised: waiting for senior management's review",
    'status.reviewed': "Reviewed: waiting for the board's decision",
    'status.decided': 'Decided by the board',
    'step.raised': 'Raised',
    'step.reviewed': 'Reviewed by senior management',
    'step.decided': 'Decided by the board',
    'decision.revise-cap': 'Revise the cap',
    'decision.no-action': 'No action',
    revision: 'Cap revision',
    reviewNotes: 'Review notes',
    review: 'Record the review',
    decision: "The board's decision",
    decide: 'Record the decision',
    revisionId: 'The cap revision recorded for this decision',
    chooseRevision: 'Choose a revision',
    noRevisions: 'No revision of this cap is recorded yet: record it on the agreement first.',
    recordRevision: 'Open the agreement to record a revision',
    reason: 'Reason (required for no action)',
    decisionNotes: 'Notes (optional)',
    by: 'by',
    viewAlert: 'The alert',
    tasks: 'Follow-up tasks (Rule 14A.59)',
    tasksHelp:
      'Opened when the independent non-executive directors or the auditor cannot confirm the matters of Rules 14A.55 and 14A.56.',
    noTasks: 'No follow-up task is open or recorded.',
    'task.open': 'Open',
    'task.done': 'Done',
    financialYear: 'Financial year',
    completeNote: 'What was done (the announcement, when the Exchange was told)',
    complete: 'Mark as done',
    completedBy: 'Done by',
    saved: 'Recorded.',
    noRead: 'Your roles at this issuer do not include reading alerts.',
  },
  {
    title: '警示及上報',
    intro:
      '當實際金額達到年度上限的警示水平、年度上限或不足、出現違規，以及協議期限屆滿及年度審閱限期前，系統均會發出警示。每項警示須由高級管理層確認；年度上限或不足時須上報董事會。',
    alerts: '警示',
    alert: '警示',
    show: '顯示',
    showAll: '全部警示',
    showWaiting: '待確認',
    kindFilter: '類別',
    allKinds: '全部類別',
    noAlerts: '尚未發出任何警示。',
    noWaiting: '所有警示均已確認。',
    'kind.THRESHOLD': '已達警示水平',
    'kind.EARLY_WARNING': '預警',
    'kind.BREACH': '違規',
    'kind.CAP_INSUFFICIENT': '年度上限或不足',
    'kind.TERM_EXPIRY': '協議期限即將屆滿',
    'kind.REVIEW_DEADLINE': '年度審閱限期',
    'severity.info': '資料',
    'severity.warning': '警告',
    'severity.critical': '嚴重',
    occurredOn: '日期',
    raisedAt: '發出時間',
    capPeriod: '上限期間',
    cap: '年度上限',
    threshold: '警示水平',
    actualAtCrossing: '達到時的實際金額',
    committed: '已承擔金額（未完成訂單）',
    percentUsed: '已使用',
    excess: '超出上限的金額',
    projected: '預計期末金額',
    projectedPercent: '預計金額佔上限的百分比',
    termEnd: '期限屆滿日',
    dueOn: '審閱限期',
    sentTo: '發送對象',
    acknowledged: '已確認',
    waiting: '待確認',
    acknowledgedBy: '確認人',
    on: '於',
    comment: '備註（選填）',
    acknowledge: '確認',
    acknowledging: '正在確認…',
    acknowledgeAgain: '加入閣下的確認',
    details: '詳情',
    remediation: '補救措施',
    noRemediation: '尚未記錄補救措施。',
    reference: '公告參考編號（選填）',
    notes: '說明',
    recordRemediation: '記錄補救措施',
    recordedBy: '記錄人',
    withheld: '閣下須就此協議放棄表決（上市規則第13.44條）：此警示中的董事會文件不予提供。',
    back: '全部警示及上報',
    inbox: '收件匣',
    inboxHelp: '發送予閣下所屬角色的警示。',
    inboxEmpty: '沒有發送予閣下所屬角色的事項。',
    unread: '未讀',
    read: '已讀',
    markRead: '標示為已讀',
    forRole: '對象',
    escalations: '上報事項',
    escalationsHelp:
      '預測金額超出年度上限時，須先由高級管理層審閱，再上報董事會；董事會決定是否在超出上限前根據上市規則第14A.54條修訂年度上限。',
    noEscalations: '尚未有任何上報事項。',
    'status.raised': '已上報：待高級管理層審閱',
    'status.reviewed': '已審閱：待董事會決定',
    'status.decided': '董事會已作決定',
    'step.raised': '上報',
    'step.reviewed': '高級管理層已審閱',
    'step.decided': '董事會已作決定',
    'decision.revise-cap': '修訂年度上限',
    'decision.no-action': '不採取行動',
    revision: '年度上限修訂',
    reviewNotes: '審閱意見',
    review: '記錄審閱',
    decision: '董事會的決定',
    decide: '記錄決定',
    revisionId: '就此決定記錄的年度上限修訂',
    chooseRevision: '選擇修訂',
    noRevisions: '此年度上限尚未記錄任何修訂：請先於協議中記錄。',
    recordRevision: '開啟協議以記錄修訂',
    reason: '理由（不採取行動時必填）',
    decisionNotes: '說明（選填）',
    by: '由',
    viewAlert: '相關警示',
    tasks: '跟進事項（上市規則第14A.59條）',
    tasksHelp: '獨立非執行董事或核數師未能確認上市規則第14A.55及14A.56條所述事項時開立。',
    noTasks: '沒有未完成或已記錄的跟進事項。',
    'task.open': '未完成',
    'task.done': '已完成',
    financialYear: '財政年度',
    completeNote: '已採取的行動（公告、通知聯交所的日期）',
    complete: '標示為已完成',
    completedBy: '完成人',
    saved: '已記錄。',
    noRead: '閣下於此發行人的角色不包括查閱警示。',
  },
);

type T = ReturnType<typeof useT>;

/** The kinds of alert (decision 0011), in the order the screens list them. */
export const KINDS: readonly string[] = [
  'THRESHOLD',
  'EARLY_WARNING',
  'BREACH',
  'CAP_INSUFFICIENT',
  'TERM_EXPIRY',
  'REVIEW_DEADLINE',
];

const RECIPIENT: Record<string, { en: string; zh: string }> = {
  finance: { en: 'Finance', zh: '財務部門' },
  'senior-management': { en: 'Senior management', zh: '高級管理層' },
  compliance: { en: 'Compliance', zh: '合規部門' },
  'company-secretary': { en: 'Company secretary', zh: '公司秘書' },
  directors: { en: 'Directors', zh: '董事' },
  ineds: { en: 'Independent non-executive directors', zh: '獨立非執行董事' },
};

export const recipientName = (r: string, lang: Lang): string =>
  RECIPIENT[r] ? (lang === 'en' ? RECIPIENT[r].en : RECIPIENT[r].zh) : r;

/** The inbox recipients a user's roles read (the policy's recipients are departments, not roles). */
const RECIPIENTS_OF_ROLE: Record<string, readonly string[]> = {
  finance: ['finance'],
  'senior-management': ['senior-management'],
  'company-secretary': ['company-secretary', 'compliance'],
  director: ['directors'],
  ined: ['ineds'],
};

const kindLabel = (t: T, kind: string) =>
  KINDS.includes(kind) ? t(`kind.${kind}` as 'kind.THRESHOLD') : kind;
/** A kind of alert named in the reader's language (the Settings screen's policy table uses it too). */
export function useKindName(): (kind: string) => string {
  const t = useT();
  return (kind) => kindLabel(t, kind);
}
const severityLabel = (t: T, s: string) =>
  ['info', 'warning', 'critical'].includes(s) ? t(`severity.${s}` as 'severity.info') : s;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function period(start: string | null, end: string | null, lang: Lang): string | null {
  if (!start || !end) return null;
  return lang === 'en'
    ? `${date(start, lang)} to ${date(end, lang)}`
    : `${date(start, lang)}至${date(end, lang)}`;
}

/** The figures of an alert, by kind, as HK documents show them. */
function AlertFigures({ a }: { a: AlertView }) {
  const t = useT();
  const { lang } = useI18n();
  const cur = a.currency ?? 'CNY';
  const m = (v: string | null) => (v === null ? null : money(v, cur, lang));
  const forecast = (a.details['forecast'] as Forecast | undefined) ?? null;
  const items: (readonly [string, string] | null)[] = [
    [t('occurredOn'), date(a.occurredOn, lang)],
    period(a.periodStart, a.periodEnd, lang) !== null
      ? [t('capPeriod'), period(a.periodStart, a.periodEnd, lang) ?? '']
      : null,
    a.cap !== null ? [t('cap'), m(a.cap) ?? ''] : null,
    a.threshold !== null ? [t('threshold'), `${a.threshold}%`] : null,
    a.actualAtCrossing !== null ? [t('actualAtCrossing'), m(a.actualAtCrossing) ?? ''] : null,
    a.committed !== null && a.kind === 'EARLY_WARNING' ? [t('committed'), m(a.committed) ?? ''] : null,
    str(a.details['percentUsed']) !== null ? [t('percentUsed'), `${str(a.details['percentUsed'])}%`] : null,
    str(a.details['excess']) !== null ? [t('excess'), m(str(a.details['excess'])) ?? ''] : null,
    forecast?.projected !== undefined ? [t('projected'), money(forecast.projected, cur, lang)] : null,
    forecast?.projectedPercent !== undefined
      ? [t('projectedPercent'), `${forecast.projectedPercent}%`]
      : null,
    str(a.details['termEnd']) !== null ? [t('termEnd'), date(str(a.details['termEnd']), lang)] : null,
    str(a.details['dueOn']) !== null ? [t('dueOn'), date(str(a.details['dueOn']), lang)] : null,
  ];
  return <Figures items={items} />;
}

function AcknowledgeForm({ alert, onDone }: { alert: AlertView; onDone: (a: AlertView) => void }) {
  const t = useT();
  const [comment, setComment] = useState('');
  const submit = useSubmit(['comment']);
  const id = `ack-${alert.id}`;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      const view = await post<AlertView>(`/api/v1/alerts/${encodeURIComponent(alert.id)}/acknowledge`, {
        ...(comment.trim() !== '' ? { comment: comment.trim() } : {}),
      });
      setComment('');
      onDone(view);
    });
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <NoteField
        id={`${id}-comment`}
        label={t('comment')}
        rows={2}
        value={comment}
        onChange={setComment}
        messages={submit.fieldError('comment')}
      />
      <FormRefusal refusal={submit.refusal} />
      <button type="submit" className="primary" disabled={submit.busy}>
        {submit.busy ? t('acknowledging') : alert.acknowledged ? t('acknowledgeAgain') : t('acknowledge')}
      </button>
    </form>
  );
}

function RemediationForm({ alert, onDone }: { alert: AlertView; onDone: (a: AlertView) => void }) {
  const t = useT();
  const [reference, setReference] = useState('');
  const [notes, setNotes] = useState('');
  const submit = useSubmit(['reference', 'notes']);
  const id = `rem-${alert.id}`;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      const view = await post<AlertView>(`/api/v1/alerts/${encodeURIComponent(alert.id)}/remediation`, {
        ...(reference.trim() !== '' ? { reference: reference.trim() } : {}),
        notes,
      });
      setReference('');
      setNotes('');
      onDone(view);
    });
  };
  return (
    <form className="inline-form" onSubmit={onSubmit}>
      <label htmlFor={`${id}-ref`}>{t('reference')}</label>
      <input
        id={`${id}-ref`}
        value={reference}
        onChange={(e) => setReference(e.target.value)}
        {...describedBy(`${id}-ref-error`, submit.fieldError('reference'))}
      />
      <FieldMessages id={`${id}-ref-error`} messages={submit.fieldError('reference')} />
      <NoteField
        id={`${id}-notes`}
        label={t('notes')}
        rows={3}
        required
        value={notes}
        onChange={setNotes}
        messages={submit.fieldError('notes')}
      />
      <FormRefusal refusal={submit.refusal} />
      <button type="submit" disabled={submit.busy}>
        {t('recordRemediation')}
      </button>
    </form>
  );
}

/** One alert: its sentence, figures, recipients, acknowledgements and (for a breach) remediation. */
function AlertCard({
  alert,
  onChange,
  full,
}: {
  alert: AlertView;
  onChange: (a: AlertView) => void;
  full?: boolean;
}) {
  const t = useT();
  const { lang } = useI18n();
  const can = useCan();
  const who = useWho();
  const join = useListJoin();
  const { session } = useSession();
  const mine = alert.acknowledgements.some((k) => k.by === session?.user?.id);
  const Heading = full ? 'h2' : 'h3';
  return (
    <article
      className={`card alert-card severity-${alert.severity}${alert.acknowledged ? ' is-acknowledged' : ''}`}
      aria-labelledby={`alert-${alert.id}-title`}
    >
      <Heading id={`alert-${alert.id}-title`} className="alert-title">
        <span className={`badge badge-${alert.severity}`}>{severityLabel(t, alert.severity)}</span>{' '}
        {full ? kindLabel(t, alert.kind) : <a href={`#/alerts/${alert.id}`}>{kindLabel(t, alert.kind)}</a>}
        <span className={`ack-state ${alert.acknowledged ? 'ack-done' : 'ack-waiting'}`}>
          {alert.acknowledged ? `✓ ${t('acknowledged')}` : t('waiting')}
        </span>
      </Heading>
      {alert.withheld && <p className="notice">{t('withheld')}</p>}
      <p className="alert-message">{alert.message[lang]}</p>
      <AlertFigures a={alert} />
      <p className="muted">
        {t('sentTo')}: {join(alert.recipients.map((r) => recipientName(r, lang)))} · {t('raisedAt')}{' '}
        {instant(alert.raisedAt, lang)}
      </p>
      {alert.acknowledgements.length > 0 && (
        <ul className="history">
          {alert.acknowledgements.map((k) => (
            <li key={k.id}>
              {t('acknowledgedBy')} {who(k.by)} {t('on')} {instant(k.at, lang)}
              {k.comment ? <q>{k.comment}</q> : null}
            </li>
          ))}
        </ul>
      )}
      {can('alert.acknowledge') && !mine && <AcknowledgeForm alert={alert} onDone={onChange} />}
      {alert.kind === 'BREACH' && (full || alert.remediations.length > 0) && (
        <section aria-label={t('remediation')}>
          <h3>{t('remediation')}</h3>
          {alert.remediations.length === 0 ? (
            <p className="muted">{t('noRemediation')}</p>
          ) : (
            <ul className="history">
              {alert.remediations.map((r) => (
                <li key={r.id}>
                  {r.reference ? <strong>{r.reference}: </strong> : null}
                  {r.notes} — {t('recordedBy')} {who(r.recordedBy)} {t('on')} {instant(r.recordedAt, lang)}
                </li>
              ))}
            </ul>
          )}
          {full && can('alert.remediate') && <RemediationForm alert={alert} onDone={onChange} />}
        </section>
      )}
      {alert.kind === 'BREACH' && !full && can('alert.remediate') && (
        <p>
          <a href={`#/alerts/${alert.id}`}>{t('recordRemediation')}</a>
        </p>
      )}
    </article>
  );
}

function AlertList() {
  const t = useT();
  const [waitingOnly, setWaitingOnly] = useState(false);
  const [kind, setKind] = useState('');
  const [alerts, reload] = useGet<{ items: readonly AlertView[] }>(
    `/api/v1/alerts${kind === '' ? '' : `?kind=${kind}`}`,
  );
  const [changed, setChanged] = useState<Record<string, AlertView>>({});
  return (
    <section aria-labelledby="alerts-list-title">
      <h2 id="alerts-list-title">{t('alerts')}</h2>
      <div className="filters">
        <fieldset className="segmented">
          <legend>{t('show')}</legend>
          <label>
            <input
              type="radio"
              name="alerts-show"
              checked={!waitingOnly}
              onChange={() => setWaitingOnly(false)}
            />
            {t('showAll')}
          </label>
          <label>
            <input
              type="radio"
              name="alerts-show"
              checked={waitingOnly}
              onChange={() => setWaitingOnly(true)}
            />
            {t('showWaiting')}
          </label>
        </fieldset>
        <label>
          {t('kindFilter')}{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t('allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(t, k)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Show value={alerts} onRetry={reload}>
        {(a) => {
          const items = a.items
            .map((x) => changed[x.id] ?? x)
            .filter((x) => !waitingOnly || !x.acknowledged || changed[x.id] !== undefined);
          if (items.length === 0) return <Empty>{waitingOnly ? t('noWaiting') : t('noAlerts')}</Empty>;
          return (
            <div className="alert-list">
              {items.map((x) => (
                <AlertCard key={x.id} alert={x} onChange={(v) => setChanged((c) => ({ ...c, [v.id]: v }))} />
              ))}
            </div>
          );
        }}
      </Show>
    </section>
  );
}

function Inbox() {
  const t = useT();
  const { lang } = useI18n();
  const roles = useRoles();
  const [inbox, reload] = useGet<{ items: readonly InboxItem[] }>('/api/v1/inbox');
  const [readNow, setReadNow] = useState<Record<string, string>>({});
  const mine = useMemo(() => new Set(roles.flatMap((r) => RECIPIENTS_OF_ROLE[r] ?? [])), [roles]);
  return (
    <section className="card" aria-labelledby="inbox-title">
      <h2 id="inbox-title">{t('inbox')}</h2>
      <p className="help">{t('inboxHelp')}</p>
      <Show value={inbox} onRetry={reload}>
        {(data) => {
          const items = data.items.filter((i) => mine.has(i.recipient));
          if (items.length === 0) return <Empty>{t('inboxEmpty')}</Empty>;
          return (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('forRole')}</th>
                  <th scope="col">{t('alert')}</th>
                  <th scope="col">{t('occurredOn')}</th>
                  <th scope="col">{t('read')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => {
                  const readAt = readNow[i.inboxId] ?? i.readAt;
                  return (
                    <tr key={i.inboxId}>
                      <td>{recipientName(i.recipient, lang)}</td>
                      <td>
                        <a href={`#/alerts/${i.id}`}>{kindLabel(t, i.kind)}</a>
                        {lang === 'en' ? ': ' : '：'}
                        {i.message[lang]}
                      </td>
                      <td>{date(i.occurredOn, lang)}</td>
                      <td>
                        {readAt ? (
                          `${t('read')} ${instant(readAt, lang)}`
                        ) : (
                          <MarkRead
                            id={i.inboxId}
                            onDone={(at) => setReadNow((r) => ({ ...r, [i.inboxId]: at }))}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          );
        }}
      </Show>
    </section>
  );
}

function MarkRead({ id, onDone }: { id: string; onDone: (at: string) => void }) {
  const t = useT();
  const submit = useSubmit();
  return (
    <>
      <strong>{t('unread')}</strong>{' '}
      <button
        type="button"
        disabled={submit.busy}
        onClick={() =>
          void submit.run(async () => {
            const r = await post<{ readAt: string }>(`/api/v1/inbox/${encodeURIComponent(id)}/read`, {});
            onDone(r.readAt);
          })
        }
      >
        {t('markRead')}
      </button>
      <FormRefusal refusal={submit.refusal} />
    </>
  );
}

function ReviewForm({ e, onDone }: { e: Escalation; onDone: (v: Escalation) => void }) {
  const t = useT();
  const [notes, setNotes] = useState('');
  const submit = useSubmit(['notes']);
  const id = `review-${e.id}`;
  return (
    <form
      className="inline-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit.run(async () =>
          onDone(await post<Escalation>(`/api/v1/escalations/${encodeURIComponent(e.id)}/review`, { notes })),
        );
      }}
    >
      <NoteField
        id={`${id}-notes`}
        label={t('reviewNotes')}
        rows={3}
        required
        value={notes}
        onChange={setNotes}
        messages={submit.fieldError('notes')}
      />
      <FormRefusal refusal={submit.refusal} />
      <button type="submit" className="primary" disabled={submit.busy}>
        {t('review')}
      </button>
    </form>
  );
}

function DecisionForm({ e, onDone }: { e: Escalation; onDone: (v: Escalation) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const [decision, setDecision] = useState<'revise-cap' | 'no-action' | ''>('');
  const [revisionId, setRevisionId] = useState('');
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState('');
  const submit = useSubmit(['decision', 'revisionId', 'reason', 'notes']);
  const [agreement] = useGet<AgreementCaps>(
    decision === 'revise-cap' ? `/api/v1/agreements/${encodeURIComponent(e.agreementId)}` : null,
  );
  const id = `decide-${e.id}`;
  const revisions =
    agreement.state === 'ready'
      ? (agreement.data.caps.find((c) => c.id === e.capId)?.history ?? []).filter(
          (h) => h.revisionId !== null,
        )
      : [];
  const currency =
    agreement.state === 'ready' ? agreement.data.caps.find((c) => c.id === e.capId)?.currency : undefined;
  return (
    <form
      className="inline-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit.run(async () =>
          onDone(
            await post<Escalation>(`/api/v1/escalations/${encodeURIComponent(e.id)}/decision`, {
              decision,
              ...(decision === 'revise-cap' ? { revisionId } : {}),
              ...(reason.trim() !== '' ? { reason } : {}),
              ...(notes.trim() !== '' ? { notes } : {}),
            }),
          ),
        );
      }}
    >
      <fieldset {...describedBy(`${id}-decision-error`, submit.fieldError('decision'))}>
        <legend>{t('decision')}</legend>
        {(['revise-cap', 'no-action'] as const).map((d) => (
          <label key={d} className="choice">
            <input
              type="radio"
              name={`${id}-decision`}
              checked={decision === d}
              onChange={() => setDecision(d)}
            />
            {t(`decision.${d}`)}
          </label>
        ))}
        <FieldMessages id={`${id}-decision-error`} messages={submit.fieldError('decision')} />
      </fieldset>
      {decision === 'revise-cap' && (
        <>
          <label htmlFor={`${id}-revision`}>{t('revisionId')}</label>
          {agreement.state === 'ready' && revisions.length === 0 ? (
            <p className="muted">
              {t('noRevisions')} <a href={`#/agreements/${e.agreementId}`}>{t('recordRevision')}</a>
            </p>
          ) : null}
          <select
            id={`${id}-revision`}
            value={revisionId}
            onChange={(x) => setRevisionId(x.target.value)}
            {...describedBy(`${id}-revision-error`, submit.fieldError('revisionId'))}
          >
            <option value="">{t('chooseRevision')}</option>
            {revisions.map((r) => (
              <option key={r.revisionId} value={r.revisionId ?? ''}>
                {money(r.amount, currency ?? 'CNY', lang)}
                {r.effectiveFrom ? ` · ${date(r.effectiveFrom, lang)}` : ''} · {r.status}
              </option>
            ))}
          </select>
          <FieldMessages id={`${id}-revision-error`} messages={submit.fieldError('revisionId')} />
        </>
      )}
      <NoteField
        id={`${id}-reason`}
        label={t('reason')}
        rows={2}
        required={decision === 'no-action'}
        value={reason}
        onChange={setReason}
        messages={submit.fieldError('reason')}
      />
      <NoteField
        id={`${id}-notes`}
        label={t('decisionNotes')}
        rows={2}
        value={notes}
        onChange={setNotes}
        messages={submit.fieldError('notes')}
      />
      <FormRefusal refusal={submit.refusal} />
      <button type="submit" className="primary" disabled={submit.busy}>
        {t('decide')}
      </button>
    </form>
  );
}

function EscalationCard({ e, onChange }: { e: Escalation; onChange: (v: Escalation) => void }) {
  const t = useT();
  const { lang } = useI18n();
  const can = useCan();
  const who = useWho();
  const join = useListJoin();
  const f = e.forecast;
  const cur = f?.currency ?? 'CNY';
  const what = f
    ? `${named(f.agreementName, lang)} · ${join((f.categoryNames ?? []).map((n) => named(n, lang)))}`
    : '';
  return (
    <article className={`card escalation status-${e.status}`} aria-labelledby={`esc-${e.id}-title`}>
      <h3 id={`esc-${e.id}-title`}>
        {what !== '' ? `${what} · ` : ''}
        {period(e.periodStart, e.periodEnd, lang)}
      </h3>
      <p className={`esc-status esc-${e.status}`}>{t(`status.${e.status}`)}</p>
      {e.withheld !== undefined && <p className="notice">{t('withheld')}</p>}
      {f && (
        <Figures
          items={[
            f.cap !== undefined ? [t('cap'), millions(f.cap, cur, lang)] : null,
            f.projected !== undefined ? [t('projected'), millions(f.projected, cur, lang)] : null,
            f.projectedPercent !== undefined ? [t('projectedPercent'), `${f.projectedPercent}%`] : null,
          ]}
        />
      )}
      <ol className="steps">
        {!e.steps.some((s) => s.step === 'raised') && (
          <li>
            {t('step.raised')} · {instant(e.raisedAt, lang)}
          </li>
        )}
        {e.steps.map((s) => {
          // The system's own note on raising repeats the forecast shown above, in English only.
          const systemNote = s.step === 'raised' && s.by.startsWith('system');
          return (
            <li key={s.seq}>
              {t(`step.${s.step}` as 'step.raised')} · {instant(s.at, lang)} · {t('by')} {who(s.by)}
              {s.decision ? ` · ${t(`decision.${s.decision}` as 'decision.no-action')}` : ''}
              {s.notes && !systemNote ? <q>{s.notes}</q> : null}
              {s.reason && !systemNote ? <q>{s.reason}</q> : null}
            </li>
          );
        })}
      </ol>
      {e.revision && (
        <p>
          {t('revision')}: {money(e.revision.amount, cur, lang)} · {date(e.revision.effectiveFrom, lang)} ·{' '}
          {e.revision.status}
        </p>
      )}
      {e.alertId && (
        <p>
          <a href={`#/alerts/${e.alertId}`}>{t('viewAlert')}</a>
        </p>
      )}
      {e.status === 'raised' && can('escalation.review') && <ReviewForm e={e} onDone={onChange} />}
      {e.status === 'reviewed' && can('escalation.decide') && <DecisionForm e={e} onDone={onChange} />}
    </article>
  );
}

function Escalations() {
  const t = useT();
  const [list, reload] = useGet<{ items: readonly Escalation[] }>('/api/v1/escalations');
  const [changed, setChanged] = useState<Record<string, Escalation>>({});
  return (
    <section aria-labelledby="escalations-title">
      <h2 id="escalations-title">{t('escalations')}</h2>
      <p className="help">{t('escalationsHelp')}</p>
      <Show value={list} onRetry={reload}>
        {(l) =>
          l.items.length === 0 ? (
            <Empty>{t('noEscalations')}</Empty>
          ) : (
            <>
              {l.items.map((x) => (
                <EscalationCard
                  key={x.id}
                  e={changed[x.id] ?? x}
                  onChange={(v) => setChanged((c) => ({ ...c, [v.id]: v }))}
                />
              ))}
            </>
          )
        }
      </Show>
    </section>
  );
}

function CompleteTask({ task, onDone }: { task: FollowUpTask; onDone: (v: FollowUpTask) => void }) {
  const t = useT();
  const [note, setNote] = useState('');
  const submit = useSubmit(['note']);
  const id = `task-${task.id}`;
  return (
    <form
      className="inline-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit.run(async () =>
          onDone(
            await post<FollowUpTask>(`/api/v1/follow-up-tasks/${encodeURIComponent(task.id)}/complete`, {
              note,
            }),
          ),
        );
      }}
    >
      <NoteField
        id={`${id}-note`}
        label={t('completeNote')}
        rows={2}
        required
        value={note}
        onChange={setNote}
        messages={submit.fieldError('note')}
      />
      <FormRefusal refusal={submit.refusal} />
      <button type="submit" disabled={submit.busy}>
        {t('complete')}
      </button>
    </form>
  );
}

function FollowUpTasks() {
  const t = useT();
  const { lang } = useI18n();
  const can = useCan();
  const who = useWho();
  const [tasks, reload] = useGet<readonly FollowUpTask[]>('/api/v1/follow-up-tasks');
  const [changed, setChanged] = useState<Record<string, FollowUpTask>>({});
  return (
    <section aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t('tasks')}</h2>
      <p className="help">{t('tasksHelp')}</p>
      <Show value={tasks} onRetry={reload}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('noTasks')}</Empty>
          ) : (
            <>
              {list.map((raw) => {
                const task = changed[raw.id] ?? raw;
                return (
                  <article key={task.id} className="card" aria-labelledby={`task-${task.id}-title`}>
                    <h3 id={`task-${task.id}-title`}>
                      <span className={`badge ${task.status === 'open' ? 'badge-warning' : 'badge-done'}`}>
                        {t(`task.${task.status}`)}
                      </span>{' '}
                      {task.title[lang]}
                    </h3>
                    <p>{task.requirement[lang]}</p>
                    <p>{task.detail}</p>
                    <p className="muted">
                      {t('financialYear')} {task.financialYear} · {instant(task.createdAt, lang)}
                    </p>
                    {task.status === 'done' && task.completedAt && (
                      <p>
                        {t('completedBy')} {who(task.completedBy ?? '')} {t('on')}{' '}
                        {instant(task.completedAt, lang)}
                        {task.completionNote ? <q>{task.completionNote}</q> : null}
                      </p>
                    )}
                    {task.status === 'open' && can('follow-up.complete') && (
                      <CompleteTask task={task} onDone={(v) => setChanged((c) => ({ ...c, [v.id]: v }))} />
                    )}
                  </article>
                );
              })}
            </>
          )
        }
      </Show>
    </section>
  );
}

export function Alerts() {
  const t = useT();
  const can = useCan();
  return (
    <section aria-labelledby="alerts-title" className="oversight">
      <h1 id="alerts-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      {!can('ledger.read') ? (
        <Empty>{t('noRead')}</Empty>
      ) : (
        <>
          <AlertList />
          <Inbox />
          <Escalations />
          <FollowUpTasks />
        </>
      )}
    </section>
  );
}

export function AlertDetail({ params }: ScreenProps) {
  const t = useT();
  const id = params['id'] ?? '';
  const [alert, reload] = useGet<AlertView>(`/api/v1/alerts/${encodeURIComponent(id)}`);
  const [changed, setChanged] = useState<AlertView | null>(null);
  return (
    <section aria-labelledby="alert-detail-title" className="oversight">
      <p>
        <a href="#/alerts">← {t('back')}</a>
      </p>
      <h1 id="alert-detail-title">{t('details')}</h1>
      <Show value={alert} onRetry={reload}>
        {(a) => <AlertCard alert={changed ?? a} onChange={setChanged} full />}
      </Show>
    </section>
  );
}
