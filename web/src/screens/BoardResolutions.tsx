/**
 * Board resolutions approving agreements (GET /api/v1/board-resolutions): the meeting date, the
 * reference, how each director present voted, who had to abstain and why (Rule 13.44: a material
 * interest), votes that breached it, and whether the resolution counts as the board's approval of
 * each agreement. Papers of an agreement the reader must abstain on are withheld, with a notice.
 */
import { Empty, Show, useGet } from '../components/state';
import { date, named } from '../format';
import { defineMessages, useI18n } from '../i18n';
import { cite, colon, paren, stepText, type BasisStep, type Name } from './chapter14a';
import './board.css';

interface MustAbstain {
  readonly agreementId: string;
  readonly personId: string;
  readonly reasons: readonly BasisStep[];
}

interface Resolution {
  readonly id: string;
  readonly seq: number;
  readonly meetingDate: string;
  readonly reference: string;
  readonly directorsPresent: readonly string[];
  readonly votes: readonly { readonly personId: string; readonly vote: 'for' | 'against' | 'abstain' }[];
  readonly agreementIds: readonly string[];
  readonly violations: readonly {
    readonly agreementId: string;
    readonly personId: string;
    readonly rule: string;
    readonly text: string;
  }[];
  readonly flagged: boolean;
  readonly approval: readonly { readonly agreementId: string; readonly approved: boolean }[];
  readonly mustAbstain: readonly MustAbstain[];
}

interface Withheld {
  readonly id: string;
  readonly meetingDate: string;
  readonly agreementIds: readonly string[];
  readonly withheld: { readonly rule: string; readonly personId: string };
}

type Item = Resolution | Withheld;

const isWithheld = (i: Item): i is Withheld => 'withheld' in i;

const useT = defineMessages(
  {
    title: 'Board resolutions',
    intro:
      'Board resolutions approving agreements with connected persons. A director with a material interest in an agreement must abstain and is not counted in the quorum (Rule 13.44 of the Listing Rules).',
    none: 'No board resolution is recorded yet.',
    meetingDate: 'Meeting date',
    reference: 'Reference',
    agreements: 'Agreements approved',
    outcome: 'Outcome',
    approves: "Counts as the board's approval",
    notApproves: "Does not count as the board's approval",
    votesCaption: 'Votes of the directors present',
    director: 'Director',
    vote: 'Vote',
    mustAbstain: 'Must abstain? Why',
    'vote.for': 'For',
    'vote.against': 'Against',
    'vote.abstain': 'Abstained',
    'vote.none': 'Did not vote',
    noInterest: 'No material interest',
    materialInterest: 'A material interest in the counterparty',
    breach: 'Voted although required to abstain: the vote is not counted',
    notDirector: 'Not a director of the issuer on the meeting date: the vote does not count',
    abstained: 'Abstained',
    nobodyAbstained: 'No director abstained.',
    tally: 'Votes',
    flagged:
      "Flagged: a director required to abstain voted (Rule 13.44 of the Listing Rules). The resolution cannot be relied on as the board's approval.",
    withheld:
      'You must abstain on an agreement this resolution approves (Rule 13.44 of the Listing Rules): its board papers are withheld from you.',
    withheldTitle: 'Board papers withheld',
    of: 'on',
  },
  {
    title: '董事會決議',
    intro:
      '批准與關連人士所訂立協議的董事會決議。於協議中擁有重大權益的董事須放棄投票，且不計入法定人數（上市規則第13.44條）。',
    none: '尚未記錄任何董事會決議。',
    meetingDate: '會議日期',
    reference: '參考編號',
    agreements: '所批准的協議',
    outcome: '結果',
    approves: '可視為董事會的批准',
    notApproves: '不可視為董事會的批准',
    votesCaption: '出席董事的投票',
    director: '董事',
    vote: '投票',
    mustAbstain: '須否放棄投票及原因',
    'vote.for': '贊成',
    'vote.against': '反對',
    'vote.abstain': '放棄投票',
    'vote.none': '未有投票',
    noInterest: '並無重大權益',
    materialInterest: '於交易對手方擁有重大權益',
    breach: '須放棄投票但已投票：其票數不予計算',
    notDirector: '於會議日期並非發行人的董事：其票數不予計算',
    abstained: '放棄投票',
    nobodyAbstained: '概無董事放棄投票。',
    tally: '票數',
    flagged: '已標示：須放棄投票的董事曾投票（上市規則第13.44條）。此決議不可作為董事會的批准。',
    withheld: '閣下須就此決議所批准的協議放棄表決（上市規則第13.44條）：其董事會文件不予提供。',
    withheldTitle: '董事會文件不予提供',
    of: '就',
  },
);

interface Agreement {
  readonly id: string;
  readonly name: Name;
}

export function BoardResolutions() {
  const t = useT();
  const { lang } = useI18n();
  const [list, reload] = useGet<{ items: readonly Item[] }>('/api/v1/board-resolutions');
  const [register] = useGet<{ parties: readonly { id: string; body: Readonly<Record<string, unknown>> }[] }>(
    '/api/v1/register',
  );
  const [agreements] = useGet<{ items: readonly Agreement[] }>('/api/v1/agreements');

  const names = new Map<string, Name>();
  if (register.state === 'ready')
    for (const p of register.data.parties) {
      const n = p.body['name'];
      if (typeof n === 'object' && n !== null) {
        const o = n as Record<string, unknown>;
        names.set(p.id, {
          en: typeof o['en'] === 'string' ? o['en'] : p.id,
          'zh-Hant': typeof o['zh-Hant'] === 'string' ? o['zh-Hant'] : null,
        });
      }
    }
  const person = (id: string) => named(names.get(id) ?? { en: id, 'zh-Hant': null }, lang);
  const agreementName = (id: string) => {
    const a = agreements.state === 'ready' ? agreements.data.items.find((x) => x.id === id) : undefined;
    return a ? named(a.name, lang) : id;
  };
  const agreementLinks = (ids: readonly string[]) =>
    ids.map((id, i) => (
      <span key={id}>
        {i > 0 && (lang === 'en' ? '; ' : '；')}
        <a href={`#/agreements/${encodeURIComponent(id)}`}>{agreementName(id)}</a>
      </span>
    ));

  return (
    <section aria-labelledby="board-title" className="board">
      <h1 id="board-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      <Show value={list} onRetry={reload}>
        {(data) => {
          if (data.items.length === 0) return <Empty>{t('none')}</Empty>;
          const items = [...data.items].sort(
            (a, b) =>
              b.meetingDate.localeCompare(a.meetingDate) ||
              (isWithheld(a) || isWithheld(b) ? 0 : b.seq - a.seq),
          );
          return items.map((item) => {
            if (isWithheld(item))
              return (
                <article
                  key={item.id}
                  className="card resolution withheld"
                  aria-labelledby={`res-${item.id}`}
                >
                  <h2 id={`res-${item.id}`}>
                    {t('withheldTitle')} · {date(item.meetingDate, lang)}
                  </h2>
                  <p className="note" role="note">
                    {t('withheld')}
                  </p>
                  <p>
                    {t('agreements')}
                    {colon(lang)}
                    {agreementLinks(item.agreementIds)}
                  </p>
                </article>
              );
            const vote = (id: string) => item.votes.find((v) => v.personId === id)?.vote;
            const abstained = item.directorsPresent.filter((id) => vote(id) === 'abstain');
            const count = (v: string) => item.votes.filter((x) => x.vote === v).length;
            return (
              <article
                key={item.id}
                className={`card resolution${item.flagged ? ' flagged' : ''}`}
                aria-labelledby={`res-${item.id}`}
              >
                <h2 id={`res-${item.id}`}>{item.reference}</h2>
                <dl className="facts">
                  <dt>{t('meetingDate')}</dt>
                  <dd>{date(item.meetingDate, lang)}</dd>
                  <dt>{t('agreements')}</dt>
                  <dd>{agreementLinks(item.agreementIds)}</dd>
                  <dt>{t('outcome')}</dt>
                  <dd>
                    <ul className="plain">
                      {item.approval.map((a) => (
                        <li key={a.agreementId} className={a.approved ? 'ok' : 'bad'}>
                          {item.approval.length > 1 && `${agreementName(a.agreementId)}${colon(lang)}`}
                          {a.approved ? `✓ ${t('approves')}` : `✗ ${t('notApproves')}`}
                        </li>
                      ))}
                    </ul>
                  </dd>
                  <dt>{t('tally')}</dt>
                  <dd>
                    {t('vote.for')} {count('for')} · {t('vote.against')} {count('against')} ·{' '}
                    {t('vote.abstain')} {count('abstain')}
                  </dd>
                  <dt>{t('abstained')}</dt>
                  <dd>
                    {abstained.length === 0
                      ? t('nobodyAbstained')
                      : `${abstained.map(person).join(lang === 'en' ? ', ' : '、')}${paren(cite('13.44', lang), lang)}`}
                  </dd>
                </dl>
                {item.flagged && (
                  <p className="refusal" role="note">
                    {t('flagged')}
                  </p>
                )}
                <table className="data votes">
                  <caption>{t('votesCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('director')}</th>
                      <th scope="col">{t('vote')}</th>
                      <th scope="col">{t('mustAbstain')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {item.directorsPresent.map((id) => {
                      const v = vote(id);
                      const interests = item.mustAbstain.filter((m) => m.personId === id);
                      const violations = item.violations.filter((x) => x.personId === id);
                      return (
                        <tr key={id} className={violations.length > 0 ? 'violation' : ''}>
                          <th scope="row">{person(id)}</th>
                          <td>{v ? t(`vote.${v}`) : t('vote.none')}</td>
                          <td>
                            {interests.length === 0 ? (
                              <span className="muted">{t('noInterest')}</span>
                            ) : (
                              <ul className="plain">
                                {interests.flatMap((m) =>
                                  m.reasons.map((s, i) => (
                                    <li key={`${m.agreementId}-${i}`}>
                                      {item.agreementIds.length > 1 &&
                                        `${agreementName(m.agreementId)}${colon(lang)}`}
                                      {stepText(s, lang, [...names.values()]) ?? t('materialInterest')}{' '}
                                      <span className="muted">{paren(cite(s.rule, lang), lang)}</span>
                                    </li>
                                  )),
                                )}
                              </ul>
                            )}
                            {violations.map((x) => (
                              <p key={x.agreementId} className="breach">
                                ⚠ {interests.length > 0 ? t('breach') : t('notDirector')}
                                {paren(cite(x.rule, lang), lang)}
                              </p>
                            ))}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </article>
            );
          });
        }}
      </Show>
    </section>
  );
}
