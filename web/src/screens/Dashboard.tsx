/**
 * The dashboard: where every cap period stands (a bar per period with the alert marker), the trend
 * and forecast of the one chosen, and what needs attention — alerts not yet acknowledged and
 * escalations still open.
 */
import { useMemo, useState } from 'react';
import { Chart, type ChartOption } from '../components/Chart';
import { Empty, Show, useGet } from '../components/state';
import { UtilisationBar } from '../components/UtilisationBar';
import { date, millions, named } from '../format';
import { useI18n, type MessageKey } from '../i18n';

interface Name {
  readonly en: string;
  readonly 'zh-Hant': string | null;
}

export interface UtilizationItem {
  readonly capId: string;
  readonly agreementId: string;
  readonly agreementName: Name;
  readonly categoryNames: readonly Name[];
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly currency: string;
  readonly cap: string;
  readonly actual: string;
  readonly committed: string;
  readonly headroom: string;
  readonly percentUsed: string;
}

interface Point {
  readonly date: string;
  readonly actual: string;
  readonly utilised: string;
  readonly cap: string;
}

interface ForecastItem {
  readonly capId: string;
  readonly horizonEnd: string;
  readonly projected: string;
  readonly exceedsCap: boolean;
}

interface Alert {
  readonly id: string;
  readonly kind: string;
  readonly severity: string;
  readonly occurredOn: string;
  readonly message: { readonly en: string; readonly 'zh-Hant': string };
}

interface Escalation {
  readonly id: string;
  readonly status: string;
  readonly periodStart: string;
  readonly periodEnd: string;
}

interface Policy {
  readonly thresholds?: readonly string[];
}

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A chart's time-axis label: the month in the reader's language. */
const monthLabel = (value: number, lang: 'en' | 'zh-Hant'): string => {
  const d = new Date(value);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return lang === 'en' ? `${MONTHS_SHORT[m] ?? ''} ${y}` : `${y}年${m + 1}月`;
};

const ESCALATION_STATUS: Readonly<Record<string, MessageKey>> = {
  raised: 'dashboard.escalationRaised',
  reviewed: 'dashboard.escalationReviewed',
};

/** A colon as each language writes it: ": " in English, full width in Chinese. */
const colon = (lang: 'en' | 'zh-Hant'): string => (lang === 'en' ? ': ' : '：');

const categories = (item: UtilizationItem, lang: 'en' | 'zh-Hant') =>
  item.categoryNames.map((n) => named(n, lang)).join(lang === 'en' ? ', ' : '、');

/** Drawing only: the chart's y values in millions (the exact figures are in the bars beside it). */
const drawn = (amount: string): number => Number(amount) / 1_000_000;

function TrendChart({ item, forecast }: { item: UtilizationItem; forecast: ForecastItem | undefined }) {
  const { t, lang } = useI18n();
  const [history] = useGet<{ points: readonly Point[] }>(
    `/api/v1/utilization/history?capId=${encodeURIComponent(item.capId)}`,
  );
  return (
    <Show value={history}>
      {(h) => {
        const actual = h.points.map((p) => [p.date, drawn(p.actual)]);
        const last = h.points.at(-1);
        const projection =
          forecast && last
            ? [
                [last.date, drawn(last.actual)],
                [forecast.horizonEnd, drawn(forecast.projected)],
              ]
            : [];
        const option: ChartOption = {
          animation: false,
          grid: { left: 56, right: 24, top: 32, bottom: 40 },
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          xAxis: {
            type: 'time',
            min: item.periodStart,
            max: item.periodEnd,
            // Month labels in the reader's language ("Mar 2026" / "2026年3月"), not the library's English.
            axisLabel: { formatter: (value: number) => monthLabel(value, lang) },
          },
          yAxis: {
            type: 'value',
            name: lang === 'en' ? `${item.currency === 'CNY' ? 'RMB' : item.currency} million` : '百萬元',
          },
          series: [
            { name: t('dashboard.actualToDate'), type: 'line', step: 'end', data: actual, showSymbol: false },
            {
              name: t('dashboard.forecast'),
              type: 'line',
              data: projection,
              lineStyle: { type: 'dashed' },
              showSymbol: false,
            },
            {
              name: t('dashboard.capLine'),
              type: 'line',
              data: [
                [item.periodStart, drawn(item.cap)],
                [item.periodEnd, drawn(item.cap)],
              ],
              lineStyle: { color: '#b71c1c' },
              showSymbol: false,
            },
          ],
        };
        return (
          <>
            <Chart
              option={option}
              label={`${t('dashboard.chartFor')} ${categories(item, lang)} ${date(item.periodStart, lang)} – ${date(item.periodEnd, lang)}`}
            />
            {forecast && (
              <p className="chart-caption">
                {t('dashboard.forecast')}
                {colon(lang)}
                <strong>{millions(forecast.projected, item.currency, lang)}</strong> · {t('dashboard.cap')}
                {colon(lang)}
                {millions(item.cap, item.currency, lang)}
              </p>
            )}
          </>
        );
      }}
    </Show>
  );
}

export function Dashboard() {
  const { t, lang } = useI18n();
  const [utilisation, reload] = useGet<{ asOf: string; items: readonly UtilizationItem[] }>(
    '/api/v1/utilization',
  );
  const [forecasts] = useGet<{ items: readonly ForecastItem[] }>('/api/v1/forecasts');
  const [alerts] = useGet<{ items: readonly Alert[] }>('/api/v1/alerts?unacknowledged=true');
  const [escalations] = useGet<{ items: readonly Escalation[] }>('/api/v1/escalations');
  const [policy] = useGet<Policy>('/api/v1/monitoring-policy');
  const threshold = policy.state === 'ready' ? (policy.data.thresholds?.[0] ?? '80') : '80';
  const [chosen, setChosen] = useState<string | null>(null);
  const forecastOf = useMemo(() => {
    const m = new Map<string, ForecastItem>();
    if (forecasts.state === 'ready') for (const f of forecasts.data.items) m.set(f.capId, f);
    return m;
  }, [forecasts]);

  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      <Show value={utilisation} onRetry={reload}>
        {(u) => {
          if (u.items.length === 0) return <Empty>{t('dashboard.noCaps')}</Empty>;
          const byAgreement = new Map<string, UtilizationItem[]>();
          for (const i of u.items)
            byAgreement.set(i.agreementId, [...(byAgreement.get(i.agreementId) ?? []), i]);
          const selected =
            u.items.find((i) => i.capId === chosen) ??
            u.items.find((i) => i.periodStart <= u.asOf && u.asOf <= i.periodEnd) ??
            u.items[0];
          return (
            <>
              <p className="as-of">
                {t('dashboard.asOf')} {date(u.asOf, lang)}
              </p>
              {[...byAgreement.values()].map((items) => (
                <article key={items[0]?.agreementId} className="card">
                  <h2>
                    <a href={`#/agreements/${encodeURIComponent(items[0]?.agreementId ?? '')}`}>
                      {named(items[0]?.agreementName, lang)}
                    </a>
                  </h2>
                  {items.map((i) => (
                    <button
                      type="button"
                      key={i.capId}
                      className={`bar-button${selected?.capId === i.capId ? ' selected' : ''}`}
                      aria-pressed={selected?.capId === i.capId}
                      onClick={() => setChosen(i.capId)}
                    >
                      <UtilisationBar
                        label={`${categories(i, lang)} · ${date(i.periodStart, lang)} – ${date(i.periodEnd, lang)}`}
                        figures={i}
                        thresholdPercent={threshold}
                      />
                    </button>
                  ))}
                </article>
              ))}
              {selected && (
                <article className="card">
                  <h2>
                    {t('dashboard.trend')}
                    {colon(lang)}
                    {categories(selected, lang)} · {date(selected.periodStart, lang)} –{' '}
                    {date(selected.periodEnd, lang)}
                  </h2>
                  <p className="help">{t('dashboard.trendHelp')}</p>
                  <TrendChart item={selected} forecast={forecastOf.get(selected.capId)} />
                </article>
              )}
            </>
          );
        }}
      </Show>
      <div className="two-columns">
        <article className="card">
          <h2>{t('dashboard.openAlerts')}</h2>
          <Show value={alerts}>
            {(a) =>
              a.items.length === 0 ? (
                <Empty>{t('dashboard.noAlerts')}</Empty>
              ) : (
                <ul className="list">
                  {a.items.slice(0, 8).map((x) => (
                    <li key={x.id} className={`severity-${x.severity}`}>
                      <a href={`#/alerts/${x.id}`}>{x.message[lang]}</a>
                    </li>
                  ))}
                </ul>
              )
            }
          </Show>
        </article>
        <article className="card">
          <h2>{t('dashboard.openEscalations')}</h2>
          <Show value={escalations}>
            {(e) => {
              const open = e.items.filter((x) => x.status !== 'decided');
              return open.length === 0 ? (
                <Empty>{t('dashboard.noEscalations')}</Empty>
              ) : (
                <ul className="list">
                  {open.map((x) => (
                    <li key={x.id}>
                      <a href={`#/alerts`}>
                        {date(x.periodStart, lang)} – {date(x.periodEnd, lang)} ·{' '}
                        {t(ESCALATION_STATUS[x.status] ?? 'dashboard.escalationRaised')}
                      </a>
                    </li>
                  ))}
                </ul>
              );
            }}
          </Show>
        </article>
      </div>
    </section>
  );
}
