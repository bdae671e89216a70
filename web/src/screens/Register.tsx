/**
 * The register of connected persons: the parties and relationships recorded (GET /api/v1/register),
 * drawn as a graph of why each party is connected to the issuer, and — beside it, so that the graph
 * is never the only place the facts are — each connected person with the reason and the rule, the
 * parties found not connected, and every relationship as a table.
 */
import { useMemo } from 'react';
import { currentIssuer } from '../api';
import { GraphChart, type GraphOption } from '../components/GraphChart';
import { Empty, Show, useGet } from '../components/state';
import { date, named } from '../format';
import { defineMessages, useI18n, type Lang } from '../i18n';
import {
  cite,
  colon,
  paren,
  pct,
  relationWord,
  stepText,
  useRuleWords,
  type BasisStep,
  type Name,
} from './chapter14a';
import './register.css';

interface Entry {
  readonly id: string;
  readonly body: Readonly<Record<string, unknown>>;
}

interface RegisterView {
  readonly parties: readonly Entry[];
  readonly relationships: readonly Entry[];
}

interface PartyFinding {
  readonly id: string;
  readonly name: Name;
  readonly connected: boolean;
  readonly subsidiaryLevelOnly: boolean;
  readonly deemedReview: boolean;
  readonly basis: readonly BasisStep[];
}

interface Classification {
  readonly asOf: string;
  readonly issuer: { readonly id: string; readonly name: Name };
  readonly parties: readonly PartyFinding[];
}

const useT = defineMessages(
  {
    title: 'Register of connected persons',
    intro:
      'The parties and relationships recorded, and why each party is or is not a connected person of the issuer under Chapter 14A.',
    empty: 'No party or relationship is recorded yet.',
    graph: 'Why each party is connected',
    graphLabel:
      'Graph of the register: the issuer, {n} parties and {m} relationships. The same facts are listed beside the graph.',
    graphHelp:
      'Drag a party to move it; hover over a line for the relationship. Every fact shown is also listed in words.',
    issuer: 'The issuer',
    connected: 'Connected person',
    notConnected: 'Not a connected person',
    unknown: 'Not classified',
    connectedList: 'Connected persons and why',
    noConnected: 'No party is a connected person.',
    independentList: 'Parties that are not connected persons',
    noIndependent: 'Every party recorded is a connected person.',
    asOf: 'As at',
    subsidiaryLevel: 'connected at the subsidiary level only',
    deemedReview: 'to be reviewed as a possible deemed connected person',
    unavailable: 'Whether each party is connected cannot be shown:',
    relationships: 'Relationships recorded',
    from: 'Party',
    relationship: 'Relationship',
    to: 'With',
    validity: 'In force',
    always: 'Throughout',
    since: 'From',
    until: 'until',
    notConnectedReason:
      'Not a director, chief executive, supervisor or substantial shareholder of the issuer or a subsidiary, nor an associate of one',
    issuerItself: 'The issuer itself',
  },
  {
    title: '關連人士名冊',
    intro: '已記錄的各方及其關係，以及根據第14A章各方是否為發行人的關連人士及其原因。',
    empty: '尚未記錄任何人士或關係。',
    graph: '各方為關連人士的原因',
    graphLabel: '名冊關係圖：發行人、{n}名人士及{m}項關係。圖中資料亦以文字列於旁邊。',
    graphHelp: '可拖動人士以移動位置；將游標移至連線上可見關係。圖中所有資料亦以文字列出。',
    issuer: '發行人',
    connected: '關連人士',
    notConnected: '並非關連人士',
    unknown: '未分類',
    connectedList: '關連人士及原因',
    noConnected: '概無人士為關連人士。',
    independentList: '並非關連人士的各方',
    noIndependent: '所有已記錄的人士均為關連人士。',
    asOf: '截至',
    subsidiaryLevel: '僅屬附屬公司層面的關連人士',
    deemedReview: '須審視是否為視作關連人士',
    unavailable: '未能顯示各方是否為關連人士：',
    relationships: '已記錄的關係',
    from: '人士',
    relationship: '關係',
    to: '對象',
    validity: '有效期間',
    always: '一直有效',
    since: '由',
    until: '至',
    notConnectedReason: '並非發行人或其附屬公司的董事、最高行政人員、監事或主要股東，亦非其聯繫人',
    issuerItself: '發行人本身',
  },
);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const nameOf = (body: Readonly<Record<string, unknown>>): Name => {
  const n = body['name'];
  if (typeof n === 'object' && n !== null) {
    const o = n as Record<string, unknown>;
    return { en: str(o['en']) ?? '', 'zh-Hant': str(o['zh-Hant']) };
  }
  return { en: str(body['id']) ?? '', 'zh-Hant': null };
};

interface Edge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  readonly from: string | null;
  readonly to: string | null;
  /** The relationship as a Chinese clause about `source` ("持有…11.12%股權"), for reasons the engine gives in English only. */
  readonly clauseZh: (nameOf: (id: string) => string) => string;
}

/** A relationship as an edge: who → whom, labelled in the language ("holds 11.12%"). */
function edgeOf(rel: Entry, lang: Lang, r: ReturnType<typeof useRuleWords>): Edge | null {
  const b = rel.body;
  const kind = str(b['kind']);
  const base = { id: rel.id, from: str(b['from']), to: str(b['to']) };
  const pair = (
    source: unknown,
    target: unknown,
    label: string,
    clause: (target: string) => string = (target) => `為${target}的${label}`,
  ): Edge | null => {
    const s = str(source);
    const t = str(target);
    return s && t ? { ...base, source: s, target: t, label, clauseZh: (n) => clause(n(t)) } : null;
  };
  switch (kind) {
    case 'shareholding':
      return pair(
        b['holder'],
        b['company'],
        r('rel.shareholding').replace('{p}', pct(b['percent'])),
        (target) => `持有${target}${pct(b['percent'])}股權`,
      );
    case 'board-control':
      return pair(b['holder'], b['company'], r('rel.board-control'), (target) => `控制${target}的董事會`);
    case 'director':
    case 'chief-executive':
    case 'supervisor':
      return pair(b['person'], b['company'], r(`rel.${kind}`));
    case 'family':
      return pair(b['relative'], b['person'], relationWord(str(b['relation']) ?? '', lang));
    case 'trust':
      return pair(b['trustee'], b['beneficiary'], r('rel.trust'));
    case 'joint-venture-participation':
      return pair(
        b['participant'],
        b['jv'],
        r('rel.joint-venture-participation').replace('{p}', pct(b['percent'])),
        (target) => `持有${target}${pct(b['percent'])}權益`,
      );
    default:
      return null;
  }
}

/**
 * Where each party is drawn (drawing only): the issuer in the centre, the parties with a relationship
 * to it on a ring around it — those related to one another side by side — the parties related only
 * to those on an outer ring, and parties with no relationship in a row below.
 */
function radialLayout(
  centre: string | null,
  ids: readonly string[],
  edges: readonly Edge[],
): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  const neighbours = (id: string) =>
    new Set(edges.flatMap((e) => (e.source === id ? [e.target] : e.target === id ? [e.source] : [])));
  const centreId = centre ?? ids[0] ?? '';
  out.set(centreId, { x: 0, y: 0 });
  const ring1Set = neighbours(centreId);
  const ring1Raw = ids.filter((id) => id !== centreId && ring1Set.has(id));
  // The most related party first, its neighbours around it, then the rest.
  const degree = (id: string) => [...neighbours(id)].filter((n) => ring1Set.has(n)).length;
  const hub = [...ring1Raw].sort((a, b) => degree(b) - degree(a))[0];
  const hubNeighbours = hub ? ring1Raw.filter((id) => neighbours(hub).has(id)) : [];
  const before = hubNeighbours.filter((_, i) => i % 2 === 0);
  const after = hubNeighbours.filter((_, i) => i % 2 === 1);
  const rest = ring1Raw.filter((id) => id !== hub && !hubNeighbours.includes(id));
  const ring1 = [...before.reverse(), ...(hub ? [hub] : []), ...after, ...rest];
  const r1 = 200;
  ring1.forEach((id, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * (i - ring1.indexOf(hub ?? ''))) / Math.max(ring1.length, 1);
    out.set(id, { x: r1 * Math.cos(angle), y: r1 * Math.sin(angle) });
  });
  const placed = () => new Set(out.keys());
  const ring2 = ids.filter((id) => !placed().has(id) && [...neighbours(id)].some((n) => placed().has(n)));
  ring2.forEach((id, i) => {
    const near = [...neighbours(id)].map((n) => out.get(n)).filter((p): p is { x: number; y: number } => !!p);
    const ax = near.reduce((s, p) => s + p.x, 0) / Math.max(near.length, 1);
    const ay = near.reduce((s, p) => s + p.y, 0) / Math.max(near.length, 1);
    const angle = Math.atan2(ay, ax) + (i % 2 === 0 ? 0.15 : -0.15);
    out.set(id, { x: 340 * Math.cos(angle), y: 340 * Math.sin(angle) });
  });
  const loose = ids.filter((id) => !out.has(id));
  loose.forEach((id, i) => {
    const perRow = 2;
    out.set(id, { x: -260 + (i % perRow) * 360, y: 300 + Math.floor(i / perRow) * 50 });
  });
  return out;
}

const COLOURS = { issuer: '#0b5cad', connected: '#b26a00', notConnected: '#7a8a99', unknown: '#4a5561' };

export function Register() {
  const t = useT();
  const r = useRuleWords();
  const { lang } = useI18n();
  const [register, reload] = useGet<RegisterView>('/api/v1/register');
  const [classified] = useGet<Classification>('/api/v1/classifications');
  const findings = useMemo(() => {
    const m = new Map<string, PartyFinding>();
    if (classified.state === 'ready') for (const p of classified.data.parties) m.set(p.id, p);
    return m;
  }, [classified]);
  const issuerId = classified.state === 'ready' ? classified.data.issuer.id : currentIssuer();

  return (
    <section aria-labelledby="register-title" className="register">
      <h1 id="register-title">{t('title')}</h1>
      <p className="help">{t('intro')}</p>
      <Show value={register} onRetry={reload}>
        {(reg) => {
          if (reg.parties.length === 0 && reg.relationships.length === 0) return <Empty>{t('empty')}</Empty>;
          const names = new Map<string, Name>(reg.parties.map((p) => [p.id, nameOf(p.body)]));
          if (issuerId && !names.has(issuerId))
            names.set(
              issuerId,
              classified.state === 'ready'
                ? classified.data.issuer.name
                : { en: t('issuer'), 'zh-Hant': t('issuer') },
            );
          const nameText = (id: string) => named(names.get(id) ?? { en: id, 'zh-Hant': null }, lang);
          const edges = reg.relationships.map((x) => edgeOf(x, lang, r)).filter((e): e is Edge => e !== null);
          const status = (id: string): keyof typeof COLOURS => {
            if (id === issuerId) return 'issuer';
            const f = findings.get(id);
            if (!f) return 'unknown';
            return f.connected ? 'connected' : 'notConnected';
          };
          const categories: (keyof typeof COLOURS)[] = ['issuer', 'connected', 'notConnected', 'unknown'];
          const categoryName = (c: keyof typeof COLOURS) =>
            c === 'issuer'
              ? t('issuer')
              : c === 'connected'
                ? t('connected')
                : c === 'notConnected'
                  ? t('notConnected')
                  : t('unknown');
          // Parties with no relationship are left out of the picture (they are listed in words).
          const nodeIds = [...names.keys()].filter(
            (id) => id === issuerId || edges.some((e) => e.source === id || e.target === id),
          );
          const positions = radialLayout(issuerId, nodeIds, edges);
          const option: GraphOption = {
            animation: false,
            tooltip: {
              formatter: (p: { dataType?: string; data?: { label?: string; name?: string } }) =>
                p.dataType === 'edge' ? (p.data?.label ?? '') : (p.data?.name ?? ''),
            },
            legend: [
              {
                data: categories.filter((c) => nodeIds.some((id) => status(id) === c)).map(categoryName),
                top: 0,
              },
            ],
            series: [
              {
                type: 'graph',
                layout: 'none',
                roam: true,
                draggable: true,
                top: 56,
                bottom: 24,
                left: 150,
                right: 190,
                categories: categories.map((c) => ({
                  name: categoryName(c),
                  itemStyle: { color: COLOURS[c] },
                })),
                label: {
                  show: true,
                  position: 'right',
                  color: '#1b1f23',
                  fontSize: 13,
                  backgroundColor: 'rgba(255,255,255,0.85)',
                },
                edgeSymbol: ['none', 'arrow'],
                edgeSymbolSize: 8,
                lineStyle: { color: '#4a5561', width: 1.5 },
                autoCurveness: true,
                edgeLabel: {
                  show: true,
                  fontSize: 12,
                  color: '#1b1f23',
                  backgroundColor: '#ffffff',
                  padding: [1, 3],
                  formatter: (p: { data?: { label?: string } }) => p.data?.label ?? '',
                },
                emphasis: { focus: 'adjacency' },
                data: nodeIds.map((id) => ({
                  id,
                  ...(positions.get(id) ?? { x: 0, y: 0 }),
                  name: nameText(id),
                  category: categories.indexOf(status(id)),
                  symbolSize: id === issuerId ? 42 : status(id) === 'connected' ? 28 : 20,
                })),
                links: edges.map((e) => ({ source: e.source, target: e.target, label: e.label })),
              },
            ],
          };
          const connected = [...findings.values()].filter((f) => f.connected && f.id !== issuerId);
          const independent = [...findings.values()].filter((f) => !f.connected && f.id !== issuerId);
          /** Composed from the relationships where the engine gives no Chinese (names as recorded). */
          const reasonZh = (f: PartyFinding): string => {
            const mine = edges.filter((e) => e.source === f.id);
            if (mine.length === 0) return t('connected');
            return `${named(f.name, lang)}${mine.map((e) => e.clauseZh(nameText)).join('；')}`;
          };
          return (
            <>
              {classified.state === 'ready' && (
                <p className="as-of">
                  {t('asOf')} {date(classified.data.asOf, lang)}
                </p>
              )}
              {classified.state === 'error' && (
                <div className="note" role="note">
                  <p>{t('unavailable')}</p>
                  {classified.sentences.map((s) => (
                    <p key={s}>{s}</p>
                  ))}
                </div>
              )}
              <div className="register-layout">
                <section aria-labelledby="graph-title" className="card graph-card">
                  <h2 id="graph-title">{t('graph')}</h2>
                  <p className="help">{t('graphHelp')}</p>
                  <GraphChart
                    option={option}
                    label={t('graphLabel')
                      .replace('{n}', String(nodeIds.filter((id) => id !== issuerId).length))
                      .replace('{m}', String(edges.length))}
                  />
                </section>
                <div className="register-text">
                  <section aria-labelledby="connected-title" className="card">
                    <h2 id="connected-title">{t('connectedList')}</h2>
                    {classified.state === 'loading' ? (
                      <Show value={classified}>{() => null}</Show>
                    ) : connected.length === 0 ? (
                      <Empty>{t('noConnected')}</Empty>
                    ) : (
                      <ul className="parties" aria-label={t('connectedList')}>
                        {connected.map((f) => (
                          <li key={f.id}>
                            <strong>{named(f.name, lang)}</strong>
                            <ul>
                              {f.basis.map((s, i) => (
                                <li key={i}>
                                  {stepText(s, lang, [...names.values()]) ?? reasonZh(f)}{' '}
                                  <span className="rule">{paren(cite(s.rule, lang), lang)}</span>
                                </li>
                              ))}
                              {f.subsidiaryLevelOnly && <li>{t('subsidiaryLevel')}</li>}
                              {f.deemedReview && <li>{t('deemedReview')}</li>}
                            </ul>
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                  {independent.length > 0 && (
                    <section aria-labelledby="independent-title" className="card">
                      <h2 id="independent-title">{t('independentList')}</h2>
                      <ul className="parties" aria-label={t('independentList')}>
                        {independent.map((f) => (
                          <li key={f.id}>
                            <strong>{named(f.name, lang)}</strong>
                            {colon(lang)}
                            {t('notConnectedReason')}
                            <span className="rule">
                              {paren(cite(f.basis[0]?.rule ?? '14A.07', lang), lang)}
                            </span>
                          </li>
                        ))}
                      </ul>
                    </section>
                  )}
                </div>
              </div>
              <section aria-labelledby="relationships-title" className="card">
                <h2 id="relationships-title">{t('relationships')}</h2>
                {edges.length === 0 ? (
                  <Empty />
                ) : (
                  <table className="data">
                    <caption className="visually-hidden">{t('relationships')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('from')}</th>
                        <th scope="col">{t('relationship')}</th>
                        <th scope="col">{t('to')}</th>
                        <th scope="col">{t('validity')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {edges.map((e) => (
                        <tr key={e.id}>
                          <th scope="row">{nameText(e.source)}</th>
                          <td>{e.label}</td>
                          <td>{nameText(e.target)}</td>
                          <td>
                            {e.from === null && e.to === null
                              ? t('always')
                              : `${e.from ? `${t('since')} ${date(e.from, lang)}` : ''}${e.to ? ` ${t('until')} ${date(e.to, lang)}` : ''}`.trim()}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </>
          );
        }}
      </Show>
    </section>
  );
}
