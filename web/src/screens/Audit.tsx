/**
 * The audit log (decision 0013): every write with when, who, what and which record, its state
 * before and after as readable lines, and whether the hash chain verifies under the server's key.
 * Read by the auditor and the admin; the CSV export is the auditor's working file.
 */
import { useMemo, useState } from 'react';
import { currentIssuer, query } from '../api';
import { Empty, Show, useGet } from '../components/state';
import { instant } from '../format';
import { defineMessages, useI18n, type Lang } from '../i18n';
import { useCan } from '../session';
import { useWho } from './oversight';

interface Entry {
  readonly seq: string;
  readonly recordedAt: string;
  readonly actor: string;
  readonly via: string;
  readonly requestId: string | null;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly before: string | null;
  readonly after: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

interface Verification {
  readonly ok: boolean;
  readonly count: string;
  readonly head?: string;
  readonly seq?: string;
  readonly problem?: 'altered' | 'missing' | 'reordered' | 'hash-mismatch';
}

interface AuditExport {
  readonly algorithm: string;
  readonly keyFingerprint: string;
  readonly entries: readonly Entry[];
  readonly verification?: Verification;
}

const useT = defineMessages(
  {
    title: 'Audit log',
    intro:
      'Every change to the records, in the order it was sealed into a hash chain: each entry carries the hash of the one before, signed with a key kept outside the database, so an edit, a deletion or a reordering shows.',
    noRead:
      'Your roles at this issuer do not include reading the audit log: it is kept for the auditor and the administrator.',
    verifiedOk: 'The chain verifies',
    verifiedOkDetail: 'entries, each hash checked under the key and each linked to the one before.',
    verifiedBad: 'The chain does not verify',
    'problem.altered': 'was altered after it was sealed',
    'problem.missing': 'is missing (deleted)',
    'problem.reordered': 'was moved out of its place',
    'problem.hash-mismatch': 'does not link to the entry before it',
    entry: 'Entry',
    notVerified: 'The server did not report a verification of the chain.',
    keyFingerprint: 'Key fingerprint',
    exportCsv: 'Export the log as CSV',
    exportJson: 'Export as JSON',
    search: 'Search',
    searchHint: 'Action, record, person or request',
    actionFilter: 'Action',
    allActions: 'All actions',
    when: 'When',
    who: 'Who',
    what: 'What',
    record: 'Record',
    change: 'Before and after',
    seq: 'No.',
    before: 'Before',
    after: 'After',
    noBefore: 'Nothing before: a new record.',
    showChange: 'Show the change',
    via: 'via',
    'via.http': 'the web or API',
    'via.cli': 'the command line',
    'via.system': 'the system',
    request: 'Request',
    empty: 'No entry has been sealed yet.',
    noMatch: 'No entry matches the search.',
    page: 'Page',
    pages: 'Pages of the log',
    of: 'of',
    previous: 'Previous',
    next: 'Next',
    entries: 'entries',
    hash: 'Hash',
    redacted: '(withheld: a secret)',
  },
  {
    title: '審計記錄',
    intro:
      '記錄的每項改動，按封存入雜湊鏈的次序列出：每項記錄均載有上一項的雜湊值，並以存放於資料庫以外的密鑰簽署，因此任何修改、刪除或調換次序均會被發現。',
    noRead: '閣下於此發行人的角色不包括查閱審計記錄：審計記錄供核數師及系統管理員查閱。',
    verifiedOk: '雜湊鏈核實無誤',
    verifiedOkDetail: '項記錄，每項的雜湊值均已以密鑰核實，並與上一項相連。',
    verifiedBad: '雜湊鏈未能核實',
    'problem.altered': '於封存後曾被修改',
    'problem.missing': '已遺失（被刪除）',
    'problem.reordered': '已被移離原位',
    'problem.hash-mismatch': '未能與上一項記錄相連',
    entry: '第',
    notVerified: '伺服器未有提供雜湊鏈的核實結果。',
    keyFingerprint: '密鑰指紋',
    exportCsv: '匯出審計記錄（CSV）',
    exportJson: '匯出（JSON）',
    search: '搜尋',
    searchHint: '操作、記錄、人員或請求',
    actionFilter: '操作',
    allActions: '全部操作',
    when: '時間',
    who: '人員',
    what: '操作',
    record: '記錄',
    change: '改動前後',
    seq: '編號',
    before: '改動前',
    after: '改動後',
    noBefore: '改動前並無記錄：此為新記錄。',
    showChange: '顯示改動',
    via: '經',
    'via.http': '網頁或API',
    'via.cli': '命令列',
    'via.system': '系統',
    request: '請求',
    empty: '尚未封存任何記錄。',
    noMatch: '沒有符合搜尋的記錄。',
    page: '第',
    pages: '審計記錄分頁',
    of: '頁，共',
    previous: '上一頁',
    next: '下一頁',
    entries: '項記錄',
    hash: '雜湊值',
    redacted: '（不予顯示：機密資料）',
  },
);

/** What each recorded write did, in words (the method names of the store, decision 0013). */
const ACTIONS: Record<string, readonly [string, string]> = {
  insertIssuer: ['Issuer created', '建立發行人'],
  updateIssuerSettings: ['Issuer settings changed', '更改發行人設定'],
  insertAgreement: ['Agreement recorded', '記錄協議'],
  insertCapRevision: ['Cap revision recorded', '記錄年度上限修訂'],
  insertRevisionApproval: ['Cap revision approval recorded', '記錄年度上限修訂的批准'],
  insertTermination: ['Category terminated', '終止類別'],
  setOrderStatus: ['Order status changed', '更改訂單狀態'],
  replaceOrderSchedule: ['Order schedule changed', '更改訂單排期'],
  insertActual: ['Actual amount posted', '記錄實際金額'],
  appendLedger: ['Ledger entry added', '加入分類賬記項'],
  bumpAgreementVersion: ['Agreement version advanced', '更新協議版本'],
  adjustUsage: ['Cap usage adjusted', '調整年度上限使用額'],
  insertBreach: ['Breach recorded', '記錄違規'],
  insertFxRate: ['Exchange rate recorded', '記錄匯率'],
  putIdempotency: ['Request replay key kept', '保存請求重放鍵'],
  insertRegisterParty: ['Connected person recorded', '記錄關連人士'],
  insertRegisterRelationships: ['Relationships recorded', '記錄關係'],
  insertIssuerFigures: ['Issuer figures recorded', '記錄發行人數字'],
  putAgreementFacts: ['Agreement facts recorded', '記錄協議資料'],
  insertBoardResolution: ['Board resolution recorded', '記錄董事會決議'],
  insertRenewal: ['Renewal recorded', '記錄續期'],
  insertMaterialChange: ['Material change recorded', '記錄重大變更'],
  insertEvidence: ['Evidence file stored', '儲存證明文件'],
  insertAgreementEvidence: ['Evidence attached to an agreement', '將證明文件附加至協議'],
  insertAlert: ['Alert raised', '發出警示'],
  insertAcknowledgement: ['Alert acknowledged', '確認警示'],
  insertRemediation: ['Remediation recorded', '記錄補救措施'],
  markInboxRead: ['Inbox item read', '收件匣事項標示為已讀'],
  insertSubscription: ['Notification channel added', '新增通知渠道'],
  setSubscriptionActive: ['Notification channel switched', '更改通知渠道狀態'],
  putMonitoringPolicy: ['Monitoring policy changed', '更改監察政策'],
  insertEscalation: ['Escalation raised', '提出上報'],
  advanceEscalation: ['Escalation advanced', '推進上報事項'],
  insertIssuedReport: ['Report issued', '發出報告'],
  insertInedSignOff: ['INED sign-off recorded', '記錄獨立非執行董事的確認'],
  insertAuditorLetter: ["Auditor's letter recorded", '記錄核數師函件'],
  markAuditorLetterSent: ["Auditor's letter sent to the Exchange", '核數師函件已送交聯交所'],
  putAnnualReviewSettings: ['Annual review settings changed', '更改年度審閱設定'],
  insertFollowUpTask: ['Follow-up task opened', '開立跟進事項'],
  completeFollowUpTask: ['Follow-up task completed', '完成跟進事項'],
  insertUser: ['User account created', '建立用戶帳戶'],
  insertMembership: ['Role granted', '授予角色'],
  deleteMembership: ['Role removed', '移除角色'],
  recordLoginFailure: ['Failed sign-in', '登入失敗'],
  recordLoginSuccess: ['Signed in', '登入'],
  insertApiToken: ['API token created', '建立API權杖'],
  revokeApiToken: ['API token revoked', '撤銷API權杖'],
  insertSession: ['Session started', '開始工作階段'],
  revokeSession: ['Session ended', '結束工作階段'],
  revokeUserSessions: ["User's sessions ended", '結束用戶的工作階段'],
  setUserDisabled: ['Account enabled or disabled', '啟用或停用帳戶'],
  setPassword: ['Password changed', '更改密碼'],
  setUserLanguage: ['Language preference changed', '更改語言偏好'],
  insertRecusal: ['Recusal recorded', '記錄迴避'],
  placeOrder: ['Order placed', '下達訂單'],
};

const ENTITIES: Record<string, readonly [string, string]> = {
  actual: ['Actual amount', '實際金額'],
  agreement: ['Agreement', '協議'],
  'agreement-evidence': ['Agreement evidence', '協議證明文件'],
  'agreement-facts': ['Agreement facts', '協議資料'],
  'agreement-version': ['Agreement version', '協議版本'],
  alert: ['Alert', '警示'],
  'alert-acknowledgement': ['Acknowledgement', '確認'],
  'alert-remediation': ['Remediation', '補救措施'],
  'annual-review-settings': ['Annual review settings', '年度審閱設定'],
  'api-token': ['API token', 'API權杖'],
  'auditor-letter': ["Auditor's letter", '核數師函件'],
  'board-resolution': ['Board resolution', '董事會決議'],
  breach: ['Breach', '違規'],
  'cap-revision': ['Cap revision', '年度上限修訂'],
  'cap-usage': ['Cap usage', '年度上限使用額'],
  'category-termination': ['Category termination', '類別終止'],
  escalation: ['Escalation', '上報事項'],
  evidence: ['Evidence file', '證明文件'],
  'follow-up-task': ['Follow-up task', '跟進事項'],
  'fx-rate': ['Exchange rate', '匯率'],
  'idempotency-key': ['Replay key', '重放鍵'],
  'inbox-item': ['Inbox item', '收件匣事項'],
  'ined-sign-off': ['INED sign-off', '獨立非執行董事確認'],
  'issued-report': ['Issued report', '已發出的報告'],
  issuer: ['Issuer', '發行人'],
  'issuer-figures': ['Issuer figures', '發行人數字'],
  ledger: ['Ledger', '分類賬'],
  login: ['Sign-in', '登入'],
  'material-change': ['Material change', '重大變更'],
  membership: ['Role', '角色'],
  'monitoring-policy': ['Monitoring policy', '監察政策'],
  order: ['Order', '訂單'],
  'order-schedule': ['Order schedule', '訂單排期'],
  recusal: ['Recusal', '迴避'],
  'register-party': ['Connected person', '關連人士'],
  'register-relationship': ['Relationship', '關係'],
  renewal: ['Renewal', '續期'],
  'revision-approval': ['Revision approval', '修訂批准'],
  session: ['Session', '工作階段'],
  subscription: ['Notification channel', '通知渠道'],
  user: ['User', '用戶'],
};

const words = (map: Record<string, readonly [string, string]>, key: string, lang: Lang): string => {
  const w = map[key];
  return w ? (lang === 'en' ? w[0] : w[1]) : key;
};

const PAGE = 50;

/** A JSON value as `key: value` lines: nested keys joined with dots, lists by position. */
export function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value === null || typeof value !== 'object') {
    out.push([
      prefix === '' ? '—' : prefix,
      value === null ? '—' : typeof value === 'string' ? value : (JSON.stringify(value) ?? '—'),
    ]);
    return out;
  }
  const entries = Array.isArray(value)
    ? value.map((v, i) => [String(i + 1), v] as const)
    : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) out.push([prefix === '' ? '—' : prefix, Array.isArray(value) ? '[]' : '{}']);
  for (const [k, v] of entries) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  return out;
}

function parse(text: string | null): [string, string][] | null {
  if (text === null) return null;
  try {
    return flatten(JSON.parse(text) as unknown);
  } catch {
    return [['—', text]];
  }
}

const REDACTED = /^\[redacted/i;

function Lines({
  lines,
  compare,
  label,
}: {
  lines: [string, string][];
  compare?: Map<string, string> | undefined;
  label: string;
}) {
  const t = useT();
  const who = useWho();
  return (
    <dl className="kv" aria-label={label}>
      {lines.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd className={compare && compare.get(k) !== v ? 'changed' : undefined}>
            {REDACTED.test(v) ? t('redacted') : /^usr_[A-Za-z0-9]+$/.test(v) ? `${who(v)} (${v})` : v}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Change({ e }: { e: Entry }) {
  const t = useT();
  const before = parse(e.before);
  const after = parse(e.after) ?? [];
  const beforeMap = new Map(before ?? []);
  return (
    <details className="change">
      <summary>{t('showChange')}</summary>
      <h4>{t('before')}</h4>
      {before === null ? (
        <p className="muted">{t('noBefore')}</p>
      ) : (
        <Lines lines={before} label={t('before')} />
      )}
      <h4>{t('after')}</h4>
      <Lines lines={after} compare={before === null ? undefined : beforeMap} label={t('after')} />
      <p className="muted">
        {t('hash')}: <code className="hash">{e.hash}</code>
      </p>
    </details>
  );
}

function VerdictBanner({ data }: { data: AuditExport }) {
  const t = useT();
  const { lang } = useI18n();
  const v = data.verification;
  if (!v) return <p className="verdict verdict-bad">{t('notVerified')}</p>;
  if (v.ok)
    return (
      <p className="verdict verdict-ok" role="status">
        <strong>✓ {t('verifiedOk')}</strong> — {v.count} {t('verifiedOkDetail')} {t('keyFingerprint')}{' '}
        <code>{data.keyFingerprint}</code>
      </p>
    );
  const entry = lang === 'en' ? `${t('entry')} ${v.seq ?? '?'}` : `${t('entry')}${v.seq ?? '?'}項記錄`;
  return (
    <p className="verdict verdict-bad" role="alert">
      <strong>✗ {t('verifiedBad')}</strong> — {entry} {v.problem ? t(`problem.${v.problem}`) : ''}
    </p>
  );
}

function Log({ data }: { data: AuditExport }) {
  const t = useT();
  const { lang } = useI18n();
  const who = useWho();
  const [search, setSearch] = useState('');
  const [action, setAction] = useState('');
  const [page, setPage] = useState(0);
  const actions = useMemo(() => [...new Set(data.entries.map((e) => e.action))].sort(), [data]);
  const s = search.trim().toLowerCase();
  const shown = [...data.entries].reverse().filter((e) => {
    if (action !== '' && e.action !== action) return false;
    if (s === '') return true;
    return [
      e.action,
      words(ACTIONS, e.action, lang),
      e.entity,
      words(ENTITIES, e.entity, lang),
      e.entityId ?? '',
      e.actor,
      who(e.actor),
      e.requestId ?? '',
    ].some((x) => x.toLowerCase().includes(s));
  });
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const current = Math.min(page, pages - 1);
  const rows = shown.slice(current * PAGE, current * PAGE + PAGE);
  const pager = (
    <nav className="pager" aria-label={t('pages')}>
      <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)}>
        {t('previous')}
      </button>
      <span>
        {lang === 'en'
          ? `${t('page')} ${current + 1} ${t('of')} ${pages} · ${shown.length} ${t('entries')}`
          : `${t('page')}${current + 1}${t('of')}${pages}頁 · ${shown.length}${t('entries')}`}
      </span>
      <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
        {t('next')}
      </button>
    </nav>
  );
  return (
    <>
      <div className="filters">
        <label>
          {t('search')}{' '}
          <input
            type="search"
            value={search}
            placeholder={t('searchHint')}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(0);
            }}
          />
        </label>
        <label>
          {t('actionFilter')}{' '}
          <select
            value={action}
            onChange={(e) => {
              setAction(e.target.value);
              setPage(0);
            }}
          >
            <option value="">{t('allActions')}</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {words(ACTIONS, a, lang)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {rows.length === 0 ? (
        <Empty>{t('noMatch')}</Empty>
      ) : (
        <>
          {pager}
          <div className="table-scroll">
            <table className="data audit">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('seq')}
                  </th>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{t('who')}</th>
                  <th scope="col">{t('what')}</th>
                  <th scope="col">{t('record')}</th>
                  <th scope="col">{t('change')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.seq}>
                    <td className="num">{e.seq}</td>
                    <td>{instant(e.recordedAt, lang)}</td>
                    <td>
                      {who(e.actor)}
                      <br />
                      <span className="muted">
                        {t('via')}{' '}
                        {['http', 'cli', 'system'].includes(e.via) ? t(`via.${e.via}` as 'via.http') : e.via}
                      </span>
                    </td>
                    <th scope="row">{words(ACTIONS, e.action, lang)}</th>
                    <td>
                      {words(ENTITIES, e.entity, lang)}
                      {e.entityId ? (
                        <>
                          <br />
                          <code>{e.entityId}</code>
                        </>
                      ) : null}
                      {e.requestId ? (
                        <>
                          <br />
                          <span className="muted">
                            {t('request')} <code>{e.requestId}</code>
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      <Change e={e} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pager}
        </>
      )}
    </>
  );
}

export function Audit() {
  const t = useT();
  const can = useCan();
  const allowed = can('audit.read');
  const [log, reload] = useGet<AuditExport>(allowed ? '/api/v1/audit?format=json' : null);
  const issuer = currentIssuer();
  return (
    <section aria-labelledby="audit-title" className="oversight">
      <h1 id="audit-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      {!allowed ? (
        <Empty>{t('noRead')}</Empty>
      ) : (
        <>
          <p className="downloads">
            <a
              className="primary"
              href={`/api/v1/audit${query({ format: 'csv', issuer: issuer ?? undefined })}`}
              download
            >
              {t('exportCsv')}
            </a>
            <a href={`/api/v1/audit${query({ format: 'json', issuer: issuer ?? undefined })}`} download>
              {t('exportJson')}
            </a>
          </p>
          <Show value={log} onRetry={reload}>
            {(data) => (
              <>
                <VerdictBanner data={data} />
                {data.entries.length === 0 ? <Empty>{t('empty')}</Empty> : <Log data={data} />}
              </>
            )}
          </Show>
        </>
      )}
    </section>
  );
}
