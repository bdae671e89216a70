/**
 * A cap period's utilisation as presentation.md asks: actual (solid), committed (hatched), the alert
 * threshold marker and the cap; green below the threshold, amber from it, red over the cap; the
 * figures beside the bar, so that nothing is said by colour alone.
 */
import { fromMinor, millions, money, percent, toMinor } from '../format';
import { useI18n } from '../i18n';

export interface BarFigures {
  readonly currency: string;
  readonly cap: string;
  readonly actual: string;
  readonly committed: string;
  readonly headroom: string;
}

export type Level = 'ok' | 'alert' | 'over';

/** The level of actual + committed against the cap, exactly (thresholdPercent as tenths of a percent). */
export function levelOf(f: BarFigures, thresholdTenths: bigint): Level {
  const cap = toMinor(f.cap);
  const used = toMinor(f.actual) + toMinor(f.committed);
  if (used > cap) return 'over';
  return used * 1000n >= cap * thresholdTenths ? 'alert' : 'ok';
}

/** A share of the cap as a CSS width, clamped to 0–100%. Drawing only: the figures are exact text. */
const width = (part: bigint, cap: bigint): string => {
  if (cap <= 0n) return '0%';
  const tenths = (part * 1000n) / cap;
  const clamped = tenths < 0n ? 0n : tenths > 1000n ? 1000n : tenths;
  return `${Number(clamped) / 10}%`;
};

export function UtilisationBar({
  label,
  figures,
  thresholdPercent,
}: {
  label: string;
  figures: BarFigures;
  /** "80", or "79.5". */
  thresholdPercent: string;
}) {
  const { t, lang } = useI18n();
  const tenths = toMinor(thresholdPercent, 1);
  const level = levelOf(figures, tenths);
  const cap = toMinor(figures.cap);
  const actual = toMinor(figures.actual);
  const committed = toMinor(figures.committed);
  const usedDecimal = fromMinor(actual + committed);
  const levelText =
    level === 'over'
      ? t('dashboard.overCap')
      : level === 'alert'
        ? t('dashboard.atThreshold')
        : t('dashboard.belowThreshold');
  return (
    <div className={`bar-row level-${level}`}>
      <div className="bar-label">{label}</div>
      <div
        className="bar"
        role="img"
        aria-label={`${label}: ${percent(usedDecimal, figures.cap)} ${t('dashboard.used')}; ${levelText}`}
      >
        <div className="bar-actual" style={{ width: width(actual, cap) }} />
        <div className="bar-committed" style={{ left: width(actual, cap), width: width(committed, cap) }} />
        <div
          className="bar-marker"
          style={{ left: `${Number(tenths) / 10}%` }}
          title={`${thresholdPercent}% ${t('dashboard.threshold')}`}
        />
      </div>
      <div className="bar-figures">
        <strong>{percent(usedDecimal, figures.cap)}</strong> {t('dashboard.used')} · {levelText}
        <dl>
          <dt>{t('dashboard.cap')}</dt>
          <dd title={money(figures.cap, figures.currency, lang)}>
            {millions(figures.cap, figures.currency, lang)}
          </dd>
          <dt>{t('dashboard.actual')}</dt>
          <dd title={money(figures.actual, figures.currency, lang)}>
            {millions(figures.actual, figures.currency, lang)}
          </dd>
          <dt>{t('dashboard.committed')}</dt>
          <dd title={money(figures.committed, figures.currency, lang)}>
            {millions(figures.committed, figures.currency, lang)}
          </dd>
          <dt>{t('dashboard.headroom')}</dt>
          <dd title={money(figures.headroom, figures.currency, lang)}>
            {millions(figures.headroom, figures.currency, lang)}
          </dd>
        </dl>
      </div>
    </div>
  );
}
