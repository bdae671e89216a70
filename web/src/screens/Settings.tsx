/**
 * Settings: the monitoring policy (decision 0011: thresholds, early warnings, notice periods, who is
 * told of each kind of alert), notification channels, users and their roles (admin), the user's own
 * API tokens and password, and the annual review's settings (Rules 14A.55–14A.57). Each section is
 * shown to the roles that may read it and editable by those that may change it (decision 0012).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { del, post, put, query } from '../api';
import { Empty, Show, useGet } from '../components/state';
import { date, instant } from '../format';
import { defineMessages, useI18n } from '../i18n';
import { ROLES, roleName, useCan, useRoles, useSession } from '../session';
import { KINDS, recipientName, useKindName } from './Alerts';
import { describedBy, FieldMessages, FormRefusal, LabelledInput, useSubmit, useWho } from './oversight';

const RECIPIENTS = [
  'finance',
  'senior-management',
  'compliance',
  'company-secretary',
  'directors',
  'ineds',
] as const;
const useT = defineMessages(
  {
    title: 'Settings',
    saved: 'Saved.',
    save: 'Save',
    // policy
    policy: 'Monitoring policy',
    policyHelp:
      'Issuer policy, not law: the thresholds of the annual cap at which alerts are raised, who is told, and how far ahead of term ends and review deadlines.',
    thresholds: 'Alert thresholds (% of the cap, actual amounts)',
    thresholdsHint: 'Separate several with commas, such as 80, 90.',
    early: 'Early warnings (% of the cap, actual and committed amounts)',
    earlyHint: 'None by default. Separate several with commas.',
    termDays: 'Notice before a term ends (days)',
    reviewDays: 'Notice before the annual review is due (days)',
    margin: 'Escalation margin (% of the cap the forecast may exceed before escalating)',
    recipients: 'Who is told of each kind of alert',
    alertKind: 'Kind of alert',
    sentTo: 'Sent to',
    readOnly: 'Only the company secretary changes the monitoring policy.',
    // subscriptions
    channels: 'Notification channels',
    channelsHelp: 'E-mail addresses and webhooks told of every alert sent to a role.',
    noChannels: 'No notification channel is set up.',
    recipient: 'Role told',
    channel: 'Channel',
    email: 'E-mail',
    webhook: 'Webhook',
    target: 'Address or URL',
    secret: 'Webhook secret (optional: leave blank to have one generated)',
    add: 'Add the channel',
    active: 'Active',
    inactive: 'Switched off',
    deactivate: 'Switch off',
    secretOnce:
      'The webhook secret, shown only this once: keep it where the receiving system can check signatures.',
    status: 'Status',
    created: 'Added',
    // users
    users: 'Users and roles',
    usersHelp:
      "Each user holds one or more roles at this issuer. An auditor's role is in force only within its dates.",
    noUsers: 'No user holds a role here.',
    user: 'User',
    roles: 'Roles',
    remove: 'Remove',
    removeRole: 'Remove the role',
    from: 'from',
    to: 'to',
    notInForce: 'not in force',
    disabled: 'Disabled',
    locked: 'Locked until',
    mustChange: 'Must change the password',
    grant: 'Grant a role',
    emailAddress: 'E-mail address',
    role: 'Role',
    name: 'Name (new users only)',
    password: 'Initial password (new users only, 12 characters or more)',
    validFrom: 'In force from (optional)',
    validTo: 'In force to (optional)',
    grantButton: 'Grant the role',
    granted: 'Role granted.',
    // tokens
    tokens: 'Your API tokens',
    tokensHelp:
      'For other systems to use the API as you. A token is shown once; only its first characters are kept.',
    noTokens: 'You have no API token at this issuer.',
    prefix: 'Token',
    tokenRole: 'Role (optional: every role you hold if blank)',
    everyRole: 'Every role I hold',
    days: 'Expires after (days)',
    createToken: 'Create a token',
    tokenOnce: 'Your new token, shown only this once: copy it now.',
    expires: 'Expires',
    lastUsed: 'Last used',
    never: 'never',
    revoked: 'Revoked',
    revoke: 'Revoke',
    // password
    passwordTitle: 'Your password',
    current: 'Current password',
    newPassword: 'New password (12 characters or more)',
    confirm: 'New password again',
    mismatch: 'The two new passwords differ.',
    change: 'Change the password',
    changed: 'Password changed. Your other sessions have ended.',
    mustChangeNow: "This account's password must be changed before real use.",
    // annual review
    review: 'Annual review',
    reviewHelp:
      "For each financial year: the wording of the confirmation the independent non-executive directors give (Rule 14A.55), and the date the annual report goes to bulk printing. The auditor's letter is due at the Exchange 10 business days before it (Rule 14A.57).",
    year: 'Financial year (the year it ends in)',
    wording: 'Confirmation wording',
    'wording.four': 'Four confirmations (as in the seed announcement)',
    'wording.three': 'Three limbs, as Rule 14A.55 words them',
    bulkPrint: 'Bulk-printing date of the annual report',
    letterDue: "The auditor's letter is due at the Exchange by",
    notSet: 'Not recorded yet for this year.',
    recordedBy: 'Recorded by',
    on: 'on',
    calendarIncomplete: 'The holiday calendar does not cover every year counted: weekends only were skipped.',
    noAccess: 'Your roles at this issuer do not give you any of these settings.',
  },
  {
    title: '設定',
    saved: '已儲存。',
    save: '儲存',
    policy: '監察政策',
    policyHelp:
      '此為發行人政策而非法例：發出警示的年度上限百分比、通知對象，以及在協議期限屆滿及年度審閱限期前多久發出提示。',
    thresholds: '警示水平（佔年度上限的百分比，以實際金額計）',
    thresholdsHint: '多於一個時以逗號分隔，例如 80, 90。',
    early: '預警水平（佔年度上限的百分比，以實際及已承擔金額計）',
    earlyHint: '預設為無。多於一個時以逗號分隔。',
    termDays: '協議期限屆滿前的提示日數',
    reviewDays: '年度審閱限期前的提示日數',
    margin: '上報容許幅度（預測金額可超出年度上限的百分比）',
    recipients: '各類警示的通知對象',
    alertKind: '警示類別',
    sentTo: '發送對象',
    readOnly: '只有公司秘書可更改監察政策。',
    channels: '通知渠道',
    channelsHelp: '發送予某角色的每項警示，均會通知以下電郵地址及網絡鈎子。',
    noChannels: '尚未設定任何通知渠道。',
    recipient: '通知對象',
    channel: '渠道',
    email: '電郵',
    webhook: '網絡鈎子',
    target: '地址或網址',
    secret: '網絡鈎子密鑰（選填：留空則自動產生）',
    add: '新增渠道',
    active: '使用中',
    inactive: '已停用',
    deactivate: '停用',
    secretOnce: '網絡鈎子密鑰只會顯示這一次：請保存於接收系統，以核對簽署。',
    status: '狀態',
    created: '新增日期',
    users: '用戶及角色',
    usersHelp: '每位用戶於此發行人擔任一個或多個角色。核數師的角色只在其日期範圍內有效。',
    noUsers: '沒有用戶於此擔任角色。',
    user: '用戶',
    roles: '角色',
    remove: '移除',
    removeRole: '移除角色',
    from: '由',
    to: '至',
    notInForce: '現時無效',
    disabled: '已停用',
    locked: '鎖定至',
    mustChange: '須更改密碼',
    grant: '授予角色',
    emailAddress: '電郵地址',
    role: '角色',
    name: '姓名（只適用於新用戶）',
    password: '初始密碼（只適用於新用戶，最少12個字元）',
    validFrom: '生效日期（選填）',
    validTo: '屆滿日期（選填）',
    grantButton: '授予角色',
    granted: '已授予角色。',
    tokens: '閣下的API權杖',
    tokensHelp: '供其他系統以閣下身份使用API。權杖只顯示一次；系統只保存其首數個字元。',
    noTokens: '閣下於此發行人並無API權杖。',
    prefix: '權杖',
    tokenRole: '角色（選填：留空即閣下擔任的所有角色）',
    everyRole: '本人擔任的所有角色',
    days: '有效日數',
    createToken: '建立權杖',
    tokenOnce: '閣下的新權杖只會顯示這一次：請立即複製。',
    expires: '屆滿',
    lastUsed: '最後使用',
    never: '從未',
    revoked: '已撤銷',
    revoke: '撤銷',
    passwordTitle: '閣下的密碼',
    current: '現有密碼',
    newPassword: '新密碼（最少12個字元）',
    confirm: '再次輸入新密碼',
    mismatch: '兩次輸入的新密碼不一致。',
    change: '更改密碼',
    changed: '密碼已更改。閣下的其他工作階段已結束。',
    mustChangeNow: '此帳戶須先更改密碼方可正式使用。',
    review: '年度審閱',
    reviewHelp:
      '每個財政年度：獨立非執行董事確認的措辭（上市規則第14A.55條），以及年報付印日期。核數師函件須於付印前10個營業日送交聯交所（上市規則第14A.57條）。',
    year: '財政年度（以年度結束的年份命名）',
    wording: '確認措辭',
    'wording.four': '四項確認（與種子公告相同）',
    'wording.three': '按上市規則第14A.55條的三項',
    bulkPrint: '年報付印日期',
    letterDue: '核數師函件須送交聯交所的限期',
    notSet: '此年度尚未記錄。',
    recordedBy: '記錄人',
    on: '於',
    calendarIncomplete: '假期表未涵蓋所有計算的年份：只略去週末。',
    noAccess: '閣下於此發行人的角色不包括任何此等設定。',
  },
);

type T = ReturnType<typeof useT>;

interface Policy {
  readonly thresholds: readonly string[];
  readonly earlyWarningThresholds: readonly string[];
  readonly recipients: Readonly<Record<string, readonly string[]>>;
  readonly termExpiryNoticeDays: number;
  readonly reviewNoticeDays: number;
  readonly escalationMargin: string;
}

const list = (text: string): string[] =>
  text
    .split(/[,，、\s]+/)
    .map((s) => s.trim().replace(/%$/, ''))
    .filter((s) => s !== '');

/** A whole number of days as typed, or the text itself so that the API refuses it in words. */
const days = (text: string): number | string => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text);

function PolicyForm({ policy, editable }: { policy: Policy; editable: boolean }) {
  const t = useT();
  const { lang } = useI18n();
  const kindName = useKindName();
  const [thresholds, setThresholds] = useState(policy.thresholds.join(', '));
  const [early, setEarly] = useState(policy.earlyWarningThresholds.join(', '));
  const [termDays, setTermDays] = useState(String(policy.termExpiryNoticeDays));
  const [reviewDays, setReviewDays] = useState(String(policy.reviewNoticeDays));
  const [margin, setMargin] = useState(policy.escalationMargin);
  const [recipients, setRecipients] = useState<Record<string, readonly string[]>>({ ...policy.recipients });
  const fields = [
    'thresholds',
    'earlyWarningThresholds',
    'termExpiryNoticeDays',
    'reviewNoticeDays',
    'escalationMargin',
    'recipients',
  ];
  const submit = useSubmit(fields);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      const saved = await put<Policy>('/api/v1/monitoring-policy', {
        thresholds: list(thresholds),
        earlyWarningThresholds: list(early),
        recipients,
        termExpiryNoticeDays: days(termDays),
        reviewNoticeDays: days(reviewDays),
        escalationMargin: margin.trim().replace(/%$/, ''),
      });
      setThresholds(saved.thresholds.join(', '));
      setEarly(saved.earlyWarningThresholds.join(', '));
      setRecipients({ ...saved.recipients });
    });
  };
  const toggle = (kind: string, r: string) =>
    setRecipients((all) => {
      const now = all[kind] ?? [];
      return { ...all, [kind]: now.includes(r) ? now.filter((x) => x !== r) : [...now, r] };
    });
  const field = (
    id: string,
    name: string,
    label: string,
    value: string,
    set: (v: string) => void,
    hint?: string,
    inputMode: 'decimal' | 'numeric' = 'decimal',
  ) => (
    <LabelledInput
      id={id}
      label={label}
      hint={hint}
      messages={submit.fieldError(name)}
      value={value}
      inputMode={inputMode}
      disabled={!editable}
      onValue={set}
    />
  );
  return (
    <form className="settings-form" onSubmit={onSubmit}>
      {!editable && <p className="muted">{t('readOnly')}</p>}
      {field(
        'policy-thresholds',
        'thresholds',
        t('thresholds'),
        thresholds,
        setThresholds,
        t('thresholdsHint'),
      )}
      {field('policy-early', 'earlyWarningThresholds', t('early'), early, setEarly, t('earlyHint'))}
      <div className="row">
        {field(
          'policy-term',
          'termExpiryNoticeDays',
          t('termDays'),
          termDays,
          setTermDays,
          undefined,
          'numeric',
        )}
        {field(
          'policy-review',
          'reviewNoticeDays',
          t('reviewDays'),
          reviewDays,
          setReviewDays,
          undefined,
          'numeric',
        )}
        {field('policy-margin', 'escalationMargin', t('margin'), margin, setMargin)}
      </div>
      <table className="data recipients">
        <caption>{t('recipients')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('alertKind')}</th>
            <th scope="col">{t('sentTo')}</th>
          </tr>
        </thead>
        <tbody>
          {KINDS.map((k) => (
            <tr key={k}>
              <th scope="row">{kindName(k)}</th>
              <td>
                {RECIPIENTS.map((r) => (
                  <label key={r}>
                    <input
                      type="checkbox"
                      disabled={!editable}
                      checked={(recipients[k] ?? []).includes(r)}
                      onChange={() => toggle(k, r)}
                    />
                    {recipientName(r, lang)}
                  </label>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldMessages id="policy-recipients-error" messages={submit.fieldError('recipients')} />
      <FormRefusal refusal={submit.refusal} />
      {editable && (
        <button type="submit" className="primary" disabled={submit.busy}>
          {t('save')}
        </button>
      )}
      {submit.done && (
        <p className="saved" role="status">
          {t('saved')}
        </p>
      )}
    </form>
  );
}

function PolicySection() {
  const t = useT();
  const can = useCan();
  const [policy, reload] = useGet<Policy>('/api/v1/monitoring-policy');
  return (
    <section className="card" aria-labelledby="policy-title">
      <h2 id="policy-title">{t('policy')}</h2>
      <p className="help">{t('policyHelp')}</p>
      <Show value={policy} onRetry={reload}>
        {(p) => <PolicyForm policy={p} editable={can('policy.write')} />}
      </Show>
    </section>
  );
}

interface Subscription {
  readonly id: string;
  readonly role: string;
  readonly channel: 'email' | 'webhook';
  readonly target: string;
  readonly active: boolean;
  readonly secretHint: string | null;
  readonly createdAt: string;
}

function ChannelsSection() {
  const t = useT();
  const { lang } = useI18n();
  const [subs, reload] = useGet<{ items: readonly Subscription[] }>('/api/v1/notification-subscriptions');
  const [role, setRole] = useState<string>('senior-management');
  const [channel, setChannel] = useState<'email' | 'webhook'>('email');
  const [target, setTarget] = useState('');
  const [secret, setSecret] = useState('');
  const [shownSecret, setShownSecret] = useState<string | null>(null);
  const submit = useSubmit(['role', 'channel', 'target', 'secret']);
  const off = useSubmit();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setShownSecret(null);
    void submit.run(async () => {
      const created = await post<Subscription & { secret: string | null }>(
        '/api/v1/notification-subscriptions',
        {
          role,
          channel,
          target,
          ...(channel === 'webhook' && secret !== '' ? { secret } : {}),
        },
      );
      if (created.channel === 'webhook' && secret === '') setShownSecret(created.secret);
      setTarget('');
      setSecret('');
      reload();
    });
  };
  return (
    <section className="card" aria-labelledby="channels-title">
      <h2 id="channels-title">{t('channels')}</h2>
      <p className="help">{t('channelsHelp')}</p>
      <Show value={subs} onRetry={reload}>
        {(s) =>
          s.items.length === 0 ? (
            <Empty>{t('noChannels')}</Empty>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('recipient')}</th>
                  <th scope="col">{t('channel')}</th>
                  <th scope="col">{t('target')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('created')}</th>
                </tr>
              </thead>
              <tbody>
                {s.items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">{recipientName(x.role, lang)}</th>
                    <td>{x.channel === 'email' ? t('email') : t('webhook')}</td>
                    <td>{x.target}</td>
                    <td>
                      {x.active ? t('active') : t('inactive')}
                      {x.active && (
                        <>
                          {' '}
                          <button
                            type="button"
                            disabled={off.busy}
                            aria-label={`${t('deactivate')}: ${x.target}`}
                            onClick={() =>
                              void off.run(async () => {
                                await post(
                                  `/api/v1/notification-subscriptions/${encodeURIComponent(x.id)}/deactivate`,
                                  {},
                                );
                                reload();
                              })
                            }
                          >
                            {t('deactivate')}
                          </button>
                        </>
                      )}
                    </td>
                    <td>{instant(x.createdAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      <FormRefusal refusal={off.refusal} />
      <form className="settings-form" onSubmit={onSubmit}>
        <div className="row">
          <label htmlFor="sub-role" className="field-label">
            {t('recipient')}
            <select id="sub-role" value={role} onChange={(e) => setRole(e.target.value)}>
              {RECIPIENTS.map((r) => (
                <option key={r} value={r}>
                  {recipientName(r, lang)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="sub-channel" className="field-label">
            {t('channel')}
            <select
              id="sub-channel"
              value={channel}
              onChange={(e) => setChannel(e.target.value as 'email' | 'webhook')}
            >
              <option value="email">{t('email')}</option>
              <option value="webhook">{t('webhook')}</option>
            </select>
          </label>
          <LabelledInput
            id="sub-target"
            label={t('target')}
            messages={submit.fieldError('target')}
            type={channel === 'email' ? 'email' : 'url'}
            required
            value={target}
            onValue={setTarget}
          />
        </div>
        {channel === 'webhook' && (
          <LabelledInput
            id="sub-secret"
            label={t('secret')}
            messages={submit.fieldError('secret')}
            value={secret}
            autoComplete="off"
            onValue={setSecret}
          />
        )}
        <FormRefusal refusal={submit.refusal} />
        <button type="submit" disabled={submit.busy}>
          {t('add')}
        </button>
        {shownSecret && (
          <div role="status">
            <p>{t('secretOnce')}</p>
            <p className="secret">{shownSecret}</p>
          </div>
        )}
      </form>
    </section>
  );
}

interface Member {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
  readonly disabled: boolean;
  readonly lockedUntil: string | null;
  readonly mustChangePassword: boolean;
  readonly roles: readonly {
    readonly role: string;
    readonly validFrom: string | null;
    readonly validTo: string | null;
    readonly inForce: boolean;
  }[];
}

function UsersSection() {
  const t = useT();
  const { lang } = useI18n();
  const [members, reload] = useGet<{ items: readonly Member[] }>('/api/v1/users');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('finance');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [validTo, setValidTo] = useState('');
  const submit = useSubmit(['email', 'role', 'name', 'password', 'validFrom', 'validTo']);
  const removal = useSubmit();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      await post('/api/v1/users', {
        email,
        role,
        ...(name !== '' ? { name } : {}),
        ...(password !== '' ? { password } : {}),
        ...(validFrom !== '' ? { validFrom } : {}),
        ...(validTo !== '' ? { validTo } : {}),
      });
      setEmail('');
      setName('');
      setPassword('');
      setValidFrom('');
      setValidTo('');
      reload();
    });
  };
  const input = (
    id: string,
    f: string,
    label: string,
    value: string,
    set: (v: string) => void,
    type = 'text',
  ) => (
    <LabelledInput
      id={id}
      label={label}
      messages={submit.fieldError(f)}
      type={type}
      value={value}
      autoComplete={type === 'password' ? 'new-password' : 'off'}
      onValue={set}
    />
  );
  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('users')}</h2>
      <p className="help">{t('usersHelp')}</p>
      <Show value={members} onRetry={reload}>
        {(m) =>
          m.items.length === 0 ? (
            <Empty>{t('noUsers')}</Empty>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('user')}</th>
                  <th scope="col">{t('roles')}</th>
                  <th scope="col">{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {m.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      {u.name ?? u.email}
                      {u.name ? (
                        <>
                          <br />
                          <span className="muted">{u.email}</span>
                        </>
                      ) : null}
                    </th>
                    <td>
                      <ul className="plain-list">
                        {u.roles.map((r) => (
                          <li key={r.role}>
                            {roleName(r.role, lang)}
                            {r.validFrom || r.validTo
                              ? ` (${r.validFrom ? `${t('from')} ${date(r.validFrom, lang)} ` : ''}${r.validTo ? `${t('to')} ${date(r.validTo, lang)}` : ''})`
                              : ''}
                            {!r.inForce ? ` · ${t('notInForce')}` : ''}{' '}
                            <button
                              type="button"
                              className="small"
                              disabled={removal.busy}
                              aria-label={`${t('removeRole')} ${roleName(r.role, lang)}: ${u.email}`}
                              onClick={() =>
                                void removal.run(async () => {
                                  await del(
                                    `/api/v1/users/${encodeURIComponent(u.id)}/roles/${encodeURIComponent(r.role)}`,
                                  );
                                  reload();
                                })
                              }
                            >
                              {t('remove')}
                            </button>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      {u.disabled ? t('disabled') : null}
                      {u.lockedUntil ? `${t('locked')} ${instant(u.lockedUntil, lang)}` : null}
                      {u.mustChangePassword ? t('mustChange') : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      <FormRefusal refusal={removal.refusal} />
      <h3>{t('grant')}</h3>
      <form className="settings-form" onSubmit={onSubmit}>
        <div className="row">
          {input('grant-email', 'email', t('emailAddress'), email, setEmail, 'email')}
          <label htmlFor="grant-role" className="field-label">
            {t('role')}
            <select
              id="grant-role"
              value={role}
              onChange={(e) => setRole(e.target.value)}
              {...describedBy('grant-role-error', submit.fieldError('role'))}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleName(r, lang)}
                </option>
              ))}
            </select>
            <FieldMessages id="grant-role-error" messages={submit.fieldError('role')} />
          </label>
        </div>
        <div className="row">
          {input('grant-name', 'name', t('name'), name, setName)}
          {input('grant-password', 'password', t('password'), password, setPassword, 'password')}
        </div>
        <div className="row">
          {input('grant-from', 'validFrom', t('validFrom'), validFrom, setValidFrom, 'date')}
          {input('grant-to', 'validTo', t('validTo'), validTo, setValidTo, 'date')}
        </div>
        <FormRefusal refusal={submit.refusal} />
        <button type="submit" disabled={submit.busy}>
          {t('grantButton')}
        </button>
        {submit.done && (
          <p className="saved" role="status">
            {t('granted')}
          </p>
        )}
      </form>
    </section>
  );
}

interface Token {
  readonly id: string;
  readonly prefix: string;
  readonly role: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

function TokensSection() {
  const t = useT();
  const { lang } = useI18n();
  const held = useRoles();
  const [tokens, reload] = useGet<{ items: readonly Token[] }>('/api/v1/tokens');
  const [role, setRole] = useState('');
  const [expires, setExpires] = useState('90');
  const [fresh, setFresh] = useState<string | null>(null);
  const submit = useSubmit(['role', 'expiresInDays']);
  const revoke = useSubmit();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFresh(null);
    void submit.run(async () => {
      const made = await post<{ token: string }>('/api/v1/tokens', {
        ...(role !== '' ? { role } : {}),
        expiresInDays: days(expires),
      });
      setFresh(made.token);
      reload();
    });
  };
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('tokens')}</h2>
      <p className="help">{t('tokensHelp')}</p>
      <Show value={tokens} onRetry={reload}>
        {(list) =>
          list.items.length === 0 ? (
            <Empty>{t('noTokens')}</Empty>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('prefix')}</th>
                  <th scope="col">{t('role')}</th>
                  <th scope="col">{t('created')}</th>
                  <th scope="col">{t('expires')}</th>
                  <th scope="col">{t('lastUsed')}</th>
                  <th scope="col">{t('status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((x) => (
                  <tr key={x.id}>
                    <th scope="row">
                      <code>{x.prefix}…</code>
                    </th>
                    <td>{x.role ? roleName(x.role, lang) : t('everyRole')}</td>
                    <td>{instant(x.createdAt, lang)}</td>
                    <td>{instant(x.expiresAt, lang)}</td>
                    <td>{x.lastUsedAt ? instant(x.lastUsedAt, lang) : t('never')}</td>
                    <td>
                      {x.revokedAt ? (
                        `${t('revoked')} ${instant(x.revokedAt, lang)}`
                      ) : (
                        <button
                          type="button"
                          disabled={revoke.busy}
                          aria-label={`${t('revoke')} ${x.prefix}`}
                          onClick={() =>
                            void revoke.run(async () => {
                              await del(`/api/v1/tokens/${encodeURIComponent(x.id)}`);
                              reload();
                            })
                          }
                        >
                          {t('revoke')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
      <FormRefusal refusal={revoke.refusal} />
      <form className="settings-form" onSubmit={onSubmit}>
        <div className="row">
          <label htmlFor="token-role" className="field-label">
            {t('tokenRole')}
            <select
              id="token-role"
              value={role}
              onChange={(e) => setRole(e.target.value)}
              {...describedBy('token-role-error', submit.fieldError('role'))}
            >
              <option value="">{t('everyRole')}</option>
              {held.map((r) => (
                <option key={r} value={r}>
                  {roleName(r, lang)}
                </option>
              ))}
            </select>
            <FieldMessages id="token-role-error" messages={submit.fieldError('role')} />
          </label>
          <LabelledInput
            id="token-days"
            label={t('days')}
            messages={submit.fieldError('expiresInDays')}
            inputMode="numeric"
            value={expires}
            onValue={setExpires}
          />
        </div>
        <FormRefusal refusal={submit.refusal} />
        <button type="submit" disabled={submit.busy}>
          {t('createToken')}
        </button>
        {fresh && (
          <div role="status">
            <p>{t('tokenOnce')}</p>
            <p className="secret">{fresh}</p>
          </div>
        )}
      </form>
    </section>
  );
}

function PasswordSection() {
  const t = useT();
  const { session } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const submit = useSubmit(['currentPassword', 'newPassword']);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (next !== again) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    void submit.run(async () => {
      await post('/api/v1/session/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setAgain('');
    });
  };
  const pw = (
    id: string,
    f: string | null,
    label: string,
    value: string,
    set: (v: string) => void,
    auto: string,
  ) => {
    const messages = f === null ? (mismatch ? [t('mismatch')] : []) : submit.fieldError(f);
    return (
      <LabelledInput
        id={id}
        label={label}
        messages={messages}
        type="password"
        required
        autoComplete={auto}
        value={value}
        onValue={set}
      />
    );
  };
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('passwordTitle')}</h2>
      {session?.user?.mustChangePassword && !submit.done && <p className="notice">{t('mustChangeNow')}</p>}
      <form className="settings-form" onSubmit={onSubmit}>
        {pw('pw-current', 'currentPassword', t('current'), current, setCurrent, 'current-password')}
        <div className="row">
          {pw('pw-new', 'newPassword', t('newPassword'), next, setNext, 'new-password')}
          {pw('pw-again', null, t('confirm'), again, setAgain, 'new-password')}
        </div>
        <FormRefusal refusal={submit.refusal} />
        <button type="submit" disabled={submit.busy}>
          {t('change')}
        </button>
        {submit.done && (
          <p className="saved" role="status">
            {t('changed')}
          </p>
        )}
      </form>
    </section>
  );
}

interface LetterStatus {
  readonly financialYear: string;
  readonly settings: {
    readonly limbWording: 'three' | 'four';
    readonly bulkPrintDate: string | null;
    readonly recordedAt: string;
    readonly recordedBy: string;
  } | null;
  readonly deadline: {
    readonly sendBy: string | null;
    readonly calendarIncomplete: boolean;
  };
}

function ReviewSection({ editable, t }: { editable: boolean; t: T }) {
  const { lang } = useI18n();
  const who = useWho();
  const defaultYear = String(Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)) - 1);
  const [year, setYear] = useState(defaultYear);
  const [wording, setWording] = useState<'three' | 'four'>('four');
  const [bulkPrint, setBulkPrint] = useState('');
  const valid = /^\d{4}$/.test(year);
  const [status, reload] = useGet<LetterStatus>(
    valid ? `/api/v1/annual-reviews/${year}/auditor-letters${query({})}` : null,
  );
  const submit = useSubmit(['year', 'limbWording', 'bulkPrintDate']);
  useEffect(() => {
    if (status.state !== 'ready') return;
    setWording(status.data.settings?.limbWording ?? 'four');
    setBulkPrint(status.data.settings?.bulkPrintDate ?? '');
  }, [status]);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run(async () => {
      await put(`/api/v1/annual-reviews/${encodeURIComponent(year)}/settings`, {
        limbWording: wording,
        ...(bulkPrint !== '' ? { bulkPrintDate: bulkPrint } : {}),
      });
      reload();
    });
  };
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">{t('review')}</h2>
      <p className="help">{t('reviewHelp')}</p>
      <form className="settings-form" onSubmit={onSubmit}>
        <div className="row">
          <LabelledInput
            id="review-year"
            label={t('year')}
            messages={submit.fieldError('year')}
            type="number"
            min={2000}
            max={2100}
            value={year}
            onValue={setYear}
          />
          <label htmlFor="review-wording" className="field-label">
            {t('wording')}
            <select
              id="review-wording"
              value={wording}
              disabled={!editable}
              onChange={(e) => setWording(e.target.value as 'three' | 'four')}
            >
              <option value="four">{t('wording.four')}</option>
              <option value="three">{t('wording.three')}</option>
            </select>
          </label>
          <LabelledInput
            id="review-print"
            label={t('bulkPrint')}
            messages={submit.fieldError('bulkPrintDate')}
            type="date"
            value={bulkPrint}
            disabled={!editable}
            onValue={setBulkPrint}
          />
        </div>
        <Show value={status} onRetry={reload}>
          {(s) =>
            s.settings === null ? (
              <p className="muted">{t('notSet')}</p>
            ) : (
              <p className="muted">
                {s.deadline.sendBy ? (
                  <>
                    {t('letterDue')} <strong>{date(s.deadline.sendBy, lang)}</strong>.{' '}
                    {s.deadline.calendarIncomplete ? t('calendarIncomplete') : ''}{' '}
                  </>
                ) : null}
                {t('recordedBy')} {who(s.settings.recordedBy)} {t('on')}{' '}
                {instant(s.settings.recordedAt, lang)}
              </p>
            )
          }
        </Show>
        <FormRefusal refusal={submit.refusal} />
        {editable && (
          <button type="submit" disabled={submit.busy}>
            {t('save')}
          </button>
        )}
        {submit.done && (
          <p className="saved" role="status">
            {t('saved')}
          </p>
        )}
      </form>
    </section>
  );
}

export function Settings() {
  const t = useT();
  const can = useCan();
  const reads = can('ledger.read');
  return (
    <section aria-labelledby="settings-title" className="oversight">
      <h1 id="settings-title">{t('title')}</h1>
      {reads && <PolicySection />}
      {can('subscription.manage') && <ChannelsSection />}
      {can('user.manage') && <UsersSection />}
      {reads && <ReviewSection editable={can('review.settings')} t={t} />}
      <TokensSection />
      <PasswordSection />
    </section>
  );
}
