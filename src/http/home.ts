import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getUtilization, type UtilizationItem } from '../app/get-utilization.js';
import type { IssuerRecord } from '../app/ports.js';
import {
  formatDateEn,
  formatDisplay,
  formatMillions,
  formatPercent,
  parseAmount,
  type CalendarDate,
  type CurrencyCode,
  type LocalisedName,
} from '../domain/index.js';
import { escapeHtml } from '../domain/html.js';
import { principalOf } from './auth.js';
import { actorForPrincipal, rolesByIssuer } from '../app/sessions.js';
import { AppError } from '../app/errors.js';
import type { ServerOptions } from './server.js';

/**
 * The page without script (`/plain`; the web application is at `/`): the issuer's cap utilisation, as HK
 * compliance documents present it (presentation.md). Self-contained: no script, no external resource.
 */

/** The alert threshold drawn on every bar (presentation.md: amber from 80%). */
const ALERT_PERCENT = 80n;

const minorOf = (amount: string, currency: CurrencyCode): bigint => {
  const p = parseAmount(amount, currency, 'amount');
  if (!p.ok) throw new Error(`a use case returned a malformed amount "${amount}"`);
  return p.value;
};

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

const nameHtml = (name: LocalisedName): string =>
  escapeHtml(name.en) +
  (name['zh-Hant'] ? ` <span lang="zh-Hant" class="zh">${escapeHtml(name['zh-Hant'])}</span>` : '');

const period = (start: CalendarDate, end: CalendarDate): string =>
  `${formatDateEn(start)} – ${formatDateEn(end)}`;

/** Millions as announcements state caps, the exact figure on hover. */
function moneyCell(minor: bigint, currency: CurrencyCode): string {
  const exact = formatDisplay({ currency, minor });
  return `<td class="num" title="${escapeHtml(exact)}">${escapeHtml(formatMillions({ currency, minor }))}</td>`;
}

type Level = 'ok' | 'alert' | 'over';

function row(item: UtilizationItem): string {
  const c = item.currency;
  const cap = minorOf(item.cap, c);
  const actual = minorOf(item.actual, c);
  const committed = minorOf(item.committed, c);
  const headroom = minorOf(item.headroom, c);
  const used = actual + committed;
  // Green below the alert threshold, amber from it, red over the cap (reaching it exactly is allowed).
  const level: Level = used > cap ? 'over' : used * 100n >= cap * ALERT_PERCENT ? 'alert' : 'ok';
  const percent = formatPercent(used, cap, 1);
  const solid = formatPercent(min(actual, cap), cap, 1);
  const hatched = formatPercent(min(used, cap) - min(actual, cap), cap, 1);
  const effective =
    item.effectiveStart &&
    item.effectiveEnd &&
    (item.effectiveStart !== item.periodStart || item.effectiveEnd !== item.periodEnd)
      ? `<div class="effective">applies ${escapeHtml(period(item.effectiveStart, item.effectiveEnd))}</div>`
      : '';
  const label = `${percent}% used: actual ${formatMillions({ currency: c, minor: actual })}, committed ${formatMillions({ currency: c, minor: committed })} of ${formatMillions({ currency: c, minor: cap })}`;
  return `<tr class="${level}">
  <td>${nameHtml(item.agreementName)}</td>
  <td>${item.categoryNames.map(nameHtml).join('<br>')}</td>
  <td class="period">${escapeHtml(period(item.periodStart, item.periodEnd))}${effective}</td>
  ${moneyCell(cap, c)}
  ${moneyCell(actual, c)}
  ${moneyCell(committed, c)}
  ${moneyCell(headroom, c)}
  <td class="num pct">${escapeHtml(percent)}%</td>
  <td class="barcell"><div class="bar" role="img" aria-label="${escapeHtml(label)}"><span class="actual" style="width:${solid}%"></span><span class="committed" style="width:${hatched}%"></span><span class="marker" title="80%"></span></div></td>
</tr>`;
}

export function renderHome(
  issuer: IssuerRecord,
  asOf: CalendarDate,
  items: readonly UtilizationItem[],
  csrfToken: string | null = null,
): string {
  const signOut =
    csrfToken === null
      ? ''
      : ` · <form method="post" action="/logout" class="signout"><input type="hidden" name="csrfToken" value="${escapeHtml(csrfToken)}"><button type="submit">Sign out</button></form>`;
  const banner = issuer.isDemo
    ? '<p class="demo" role="note"><strong>Demo data — illustrative.</strong> The agreement follows a published announcement; the orders and actual amounts are invented to show the ledger at work.</p>'
    : '';
  const table =
    items.length === 0
      ? '<p>No framework agreement has been recorded yet. Record one with <code>POST /api/v1/agreements</code>.</p>'
      : `<table>
<thead><tr><th scope="col">Agreement</th><th scope="col">Category</th><th scope="col">Cap period</th><th scope="col" class="num">Annual cap</th><th scope="col" class="num">Actual</th><th scope="col" class="num">Committed</th><th scope="col" class="num">Headroom</th><th scope="col" class="num">% used</th><th scope="col">Utilisation</th></tr></thead>
<tbody>
${items.map(row).join('\n')}
</tbody>
</table>
<p class="legend"><span class="key actual"></span> actual <span class="key committed"></span> committed (open orders) <span class="key marker"></span> 80% alert threshold · green below 80%, amber from 80%, red over the cap.</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Arm's Length</title>
<style>
body{font-family:"Noto Sans CJK TC","Noto Sans TC","PingFang TC","Microsoft JhengHei",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1f23;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .25rem}
h2{font-size:1.1rem;font-weight:normal;margin:0 0 1rem;color:#444}
.demo{background:#fff4ce;border:1px solid #d9a400;padding:.5rem .75rem;border-radius:4px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ddd;padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f5f7}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.period{white-space:nowrap}
.effective{font-size:.8rem;color:#555}
.zh{color:#444}
.barcell{min-width:12rem}
.bar{position:relative;display:flex;height:1rem;background:#eceff1;border:1px solid #b0b7bf;border-radius:2px;overflow:hidden}
.bar .actual{display:block;height:100%}
.bar .committed{display:block;height:100%}
.ok .actual{background:#2e7d32}.ok .committed{background:repeating-linear-gradient(45deg,#2e7d32 0 3px,#c8e6c9 3px 6px)}
.alert .actual{background:#c77700}.alert .committed{background:repeating-linear-gradient(45deg,#c77700 0 3px,#ffe0b2 3px 6px)}
.over .actual{background:#c62828}.over .committed{background:repeating-linear-gradient(45deg,#c62828 0 3px,#ffcdd2 3px 6px)}
.over .pct{color:#c62828;font-weight:bold}.alert .pct{color:#8a5300;font-weight:bold}
.bar .marker{position:absolute;left:80%;top:0;bottom:0;width:2px;background:#1b1f23}
.legend{font-size:.8rem;color:#444}
.key{display:inline-block;width:1rem;height:.7rem;vertical-align:middle;border:1px solid #b0b7bf}
.key.actual{background:#2e7d32}.key.committed{background:repeating-linear-gradient(45deg,#2e7d32 0 3px,#c8e6c9 3px 6px)}.key.marker{width:2px;background:#1b1f23;border:0}
footer{margin-top:2rem;font-size:.85rem}
.signout{display:inline}
</style>
</head>
<body>
<h1>Arm's Length</h1>
<h2>${nameHtml(issuer.name)} · continuing connected transactions: annual cap utilisation as of ${escapeHtml(formatDateEn(asOf))}</h2>
${banner}
${table}
<footer>API: <a href="/api/openapi.json">OpenAPI document</a> · <a href="/api/v1/health">health</a> · <a href="/api/v1/utilization">utilisation (JSON)</a>${signOut}</footer>
</body>
</html>
`;
}

/**
 * `GET /plain`: the page without script (and `/` itself when the web application is not built). The
 * web application (web-app.ts) is served at `/`.
 */
export function registerHome(app: FastifyInstance, opts: ServerOptions): void {
  app.get('/plain', (request, reply) => plainHome(opts, request, reply));
}

export async function plainHome(opts: ServerOptions, request: FastifyRequest, reply: FastifyReply) {
  {
    // The page needs a signed-in browser; anyone else is sent to the sign-in form.
    const principal = await principalOf(opts.ctx, request);
    if (!principal) return reply.code(303).header('Location', '/login').send();
    const named =
      typeof (request.query as Record<string, unknown>)['issuer'] === 'string'
        ? ((request.query as Record<string, unknown>)['issuer'] as string)
        : undefined;
    let actor;
    try {
      actor = await actorForPrincipal(opts.ctx, principal, named, 'issuer');
    } catch (error) {
      // A user of several issuers sees the first until they pick one (?issuer=…).
      if (!(error instanceof AppError && error.kind === 'invalid_input')) throw error;
      const first = (await rolesByIssuer(opts.ctx, principal.userId)).keys().next().value as string;
      actor = await actorForPrincipal(opts.ctx, principal, first, 'issuer');
    }
    const issuer = await opts.ctx.store.getIssuer(actor.issuerId);
    if (!issuer) throw new Error(`the default issuer ${actor.issuerId} does not exist`);
    const { asOf, items } = await getUtilization(opts.ctx, actor, {});
    return (
      reply
        .type('text/html; charset=utf-8')
        // Nothing external may load: the page is self-contained (inline styles only).
        .header(
          'Content-Security-Policy',
          "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        )
        .send(renderHome(issuer, asOf, items, principal.kind === 'session' ? principal.csrfToken : null))
    );
  }
}
