/**
 * Issue 6: two issuers in one installation cannot see each other's data through any route; another
 * issuer's id answers 404, never its data. Issuer A is the demo (iss_demo: the seed agreement, its
 * orders, actuals, evidence, alerts, an escalation…) plus what the demo lacks (a cap revision, a
 * breach, a subscription and its delivery, a monitoring policy, schedule runs, an account). Issuer B
 * has its own seed agreement. B's requests, with every role, go through every registered /api/v1
 * route: one table row per route, so a route added later fails the table test until it has a row.
 *
 * Every answer to B is checked for A's ids and names (a needle the request itself carried, such as
 * the id in the path that a 404 message repeats, does not count). Every read is also sent with A's
 * token, which must show A's data: a check that cannot find a needle proves nothing. Finally A's data,
 * read through its own token and counted in its audit trail, is what it was before B's requests.
 */
import { putImportMapping } from '../src/app/import-mappings.js';
import { HEADER, importText } from './support/imports.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import { putMonitoringPolicy } from '../src/app/alerts.js';
import { OPERATOR_ROLES } from '../src/app/authorize.js';
import type { AppContext } from '../src/app/context.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { recordIssuerFigures } from '../src/app/issuer-figures.js';
import { createIssuer } from '../src/app/issuers.js';
import { createSubscription } from '../src/app/notification-subscriptions.js';
import type { Actor, AgreementRecord, Store } from '../src/app/ports.js';
import { postActual } from '../src/app/post-actual.js';
import { recordFxRate } from '../src/app/record-fx-rate.js';
import { recordRegister } from '../src/app/register.js';
import { reviseCap } from '../src/app/revise-cap.js';
import { openFollowUpTask } from '../src/app/follow-up-tasks.js';
import { recordAuditorLetter } from '../src/app/auditor-letter.js';
import { issueReport } from '../src/app/reports/issue.js';
import { runDueSchedules } from '../src/app/scheduler.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { buildServer } from '../src/http/server.js';
import { describeEachEngine } from './support/engines.js';
import { registeredRoutes, TEST_PASSWORD, tokenFor } from './support/http.js';
import { withQuotes } from './support/pricing.js';

const TODAY = '2026-11-23';
const A = 'iss_demo';
const A_EMAIL = 'admin@issuer-a.invalid';
const A_SUBSCRIBER = 'compliance@issuer-a.invalid';
const A_USER = 'tenant-test-a';
const B_EMAIL = 'admin@issuer-b.invalid';
const B_NAME = { en: 'Other Issuer Holdings Ltd', 'zh-Hant': '另一發行人控股有限公司' };
/** A used it for an actual; B using the same key must get its own answer, never A's replayed. */
const SHARED_IDEMPOTENCY_KEY = 'tenant-isolation-key-0001';

type Json = Record<string, unknown>;

interface ARecords {
  readonly agreement: AgreementRecord;
  /** The cap period of the threshold alert. */
  readonly capId: string;
  /** The revision recorded on the IDC 2028 stub. */
  readonly revisedCapId: string;
  readonly revisionId: string;
  /** The November 2026 order: signed, not yet invoiced (cancellable, reducible). */
  readonly openOrderId: string;
  readonly actualId: string;
  readonly thresholdAlertId: string;
  readonly breachAlertId: string;
  readonly escalationId: string;
  readonly inboxId: string;
  readonly subscriptionId: string;
  /** A file B never uploads itself: read through B's token, it must be 404. */
  readonly evidenceSha: string;
  readonly userId: string;
  readonly tokenId: string;
  readonly issuedReportId: string;
  readonly taskId: string;
  /** A's auditor's letter on FY2025 (issue 7). */
  readonly auditorLetterId: string;
  /** An import run of A's (issue 9). */
  readonly importRunId: string;
}

interface Tenants {
  readonly store: Store;
  readonly app: FastifyInstance;
  readonly tokenA: string;
  readonly tokenB: string;
  /** B's user signed in: a session cookie and its CSRF token. */
  readonly sessionB: { readonly cookie: string; readonly csrf: string };
  readonly a: ARecords;
  readonly b: { readonly issuerId: string; readonly agreementId: string; readonly capId: string };
  /** One of A's files, byte for byte: B uploads the same bytes as its own. */
  readonly sharedFile: { readonly bytes: Uint8Array; readonly sha256: string; readonly mediaType: string };
  /** A's ids and names: none may appear in an answer to B. */
  readonly needles: readonly string[];
}

// ---- requests ----

/** A request as the table sends it; credentials are added by `inject`. */
interface Request {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** A JSON body, or the bytes of a multipart form. */
  readonly payload?: object;
}

const get = (url: string, headers: Record<string, string> = {}): Request => ({
  method: 'GET',
  url,
  headers,
});
const send = (
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
): Request => ({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
const post = (url: string, payload?: object, headers?: Record<string, string>) =>
  send('POST', url, payload, headers);
const namingA = { 'x-armslength-issuer': A };
/** The name of A's saved import mapping (issue 9). */
const A_MAPPING = 'a-erp-export-7f3c';

/** An auditor's letter on FY2025 with no exception, or with `caps` as given (issue 7). */
const auditorLetter = (caps: Json = { outcome: 'no-exception' }) => ({
  auditorName: 'Example & Co., Certified Public Accountants',
  letterDate: '2026-03-20',
  findings: [
    { matter: 'board-approval', outcome: 'no-exception' },
    { matter: 'pricing-policy', outcome: 'not-applicable' },
    { matter: 'agreement-terms', outcome: 'no-exception' },
    { matter: 'caps', ...caps },
  ],
});

/** A multipart/form-data evidence upload, as a browser or curl -F sends it. */
function upload(file: { bytes: Uint8Array; mediaType: string }, filename: string): Request {
  const boundary = `----armslength${randomBytes(8).toString('hex')}`;
  const part = (head: string, body: Uint8Array | string) => [
    Buffer.from(`--${boundary}\r\n${head}\r\n\r\n`, 'utf8'),
    Buffer.from(body),
    Buffer.from('\r\n'),
  ];
  const payload = Buffer.concat([
    ...part(
      `Content-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${file.mediaType}`,
      file.bytes,
    ),
    ...part('Content-Disposition: form-data; name="issuedOn"', '2026-11-20'),
    ...part('Content-Disposition: form-data; name="description"', "B's own copy"),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return {
    method: 'POST',
    url: '/api/v1/evidence',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** The seed scenario (examples/seed-case.yaml) as another issuer's: none of A's names in it. */
function scenarioOfB(): Json {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const text = fs
    .readFileSync(path.join(root, 'examples', 'seed-case.yaml'), 'utf8')
    .replaceAll('Kingsoft Cloud Holdings Limited', B_NAME.en)
    .replaceAll('金山云控股有限公司', B_NAME['zh-Hant'])
    .replaceAll('kingsoft-cloud', 'other-issuer');
  return parse(text) as Json;
}

// ---- the table: every /api/v1 route ----

/**
 * not-found: 404 { code: 'NOT_FOUND' }. refused: 404 or 422 (another issuer's record named in the
 * body; nothing written). forbidden: 403 whoever asks. mine: 2xx, showing or writing B's own records
 * only. Whatever the answer, it holds none of A's ids or names.
 */
type Expectation = 'not-found' | 'refused' | 'forbidden' | 'mine';

interface Case {
  readonly label: string;
  readonly request: (t: Tenants) => Request;
  readonly expect: Expectation;
  /** refused: the field a 422 names (the one carrying A's id), so that nothing else is what refused it. */
  readonly refusedAt?: string;
  /**
   * A GET is also sent with A's token, which must show A's data ('needles', the default for GETs), or
   * at least answer differently from B's ('differs': A's policy holds no id).
   */
  readonly aSees?: 'needles' | 'differs';
  /** What else the answer must show. */
  readonly check?: (res: LightMyRequestResponse, t: Tenants) => void;
}

/** Routes under /api/v1 with no row, and why: none of them reads or writes an issuer's records. */
const EXCLUDED: Readonly<Record<string, string>> = {
  'GET /api/v1/health': 'open to everyone: says only whether the database answers',
  'POST /api/v1/session':
    'signing in with an e-mail and password: names no record and no issuer (used here to give B a session)',
  'DELETE /api/v1/session': "signing out ends the caller's own session: no issuer's record",
  'POST /api/v1/session/password': "changes the caller's own password: takes no record id and no issuer",
  'PUT /api/v1/session/preferences': "sets the caller's own language: takes no record id and no issuer",
  'POST /api/v1/setup':
    'first-run setup: refused (SETUP_CODE_INVALID) without the code the server printed, and closed once an account exists',
};

const reduced = { schedule: [{ date: '2026-11-25', amount: '1000.00', currency: 'CNY' }] };

const TABLE: Readonly<Record<string, readonly Case[]>> = {
  'POST /api/v1/agreements': [
    {
      label: "B's own agreement",
      request: () => post('/api/v1/agreements', seedAgreementInput()),
      expect: 'mine',
    },
    {
      label: "a renewal of A's agreement",
      request: (t) => post('/api/v1/agreements', { ...seedAgreementInput(), renews: t.a.agreement.id }),
      expect: 'refused',
      refusedAt: 'renews',
    },
  ],
  'GET /api/v1/agreements': [
    { label: "B's list", request: () => get('/api/v1/agreements'), expect: 'mine' },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => get('/api/v1/agreements', namingA),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/agreements/{id}': [
    {
      label: "A's agreement",
      request: (t) => get(`/api/v1/agreements/${t.a.agreement.id}`),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/agreements/{id}/material-changes': [
    {
      label: "A's agreement",
      request: (t) =>
        post(`/api/v1/agreements/${t.a.agreement.id}/material-changes`, {
          description: 'Fees revised',
          effectiveOn: '2026-12-01',
          approvedOn: '2026-11-20',
        }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/agreements/{id}/terminations': [
    {
      label: "A's agreement",
      request: (t) =>
        post(`/api/v1/agreements/${t.a.agreement.id}/terminations`, {
          categoryKey: 'network-hardware',
          effectiveOn: '2026-07-01',
          reason: 'Hardware bought elsewhere',
        }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/agreements/{id}/facts': [
    {
      label: "A's agreement",
      request: (t) =>
        post(`/api/v1/agreements/${t.a.agreement.id}/facts`, {
          normalCommercialTerms: true,
          inedConfirmed: true,
        }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/agreements/{id}/evidence': [
    {
      label: "A's agreement",
      request: (t) =>
        post(`/api/v1/agreements/${t.a.agreement.id}/evidence`, {
          kind: 'other',
          summary: 'A price list',
          evidence: [t.a.evidenceSha],
        }),
      expect: 'not-found',
    },
    {
      label: "B's agreement citing A's file",
      request: (t) =>
        post(`/api/v1/agreements/${t.b.agreementId}/evidence`, {
          kind: 'other',
          summary: 'A price list',
          evidence: [t.a.evidenceSha],
        }),
      expect: 'refused',
      refusedAt: 'evidence[0]',
    },
  ],
  'GET /api/v1/agreements/{id}/evidence': [
    {
      label: "A's agreement",
      request: (t) => get(`/api/v1/agreements/${t.a.agreement.id}/evidence`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/orders': [
    { label: "B's orders", request: () => get('/api/v1/orders'), expect: 'mine' },
    {
      label: "agreementId=A's",
      request: (t) => get(`/api/v1/orders?agreementId=${t.a.agreement.id}`),
      expect: 'not-found',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => get('/api/v1/orders', namingA),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/orders': [
    {
      label: "A's agreement, category and evidence",
      request: (t) => post('/api/v1/orders', orderOn(t.a.agreement.id, t.a.evidenceSha)),
      expect: 'refused',
      refusedAt: 'agreementId',
    },
    {
      label: "B's agreement citing A's evidence",
      request: (t) => post('/api/v1/orders', orderOn(t.b.agreementId, t.a.evidenceSha)),
      expect: 'refused',
      refusedAt: 'pricing.connectedQuote.evidence[0]',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: (t) => post('/api/v1/orders', orderOn(t.a.agreement.id, t.a.evidenceSha), namingA),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/orders/check': [
    {
      label: "A's agreement and category",
      request: (t) => post('/api/v1/orders/check', orderOn(t.a.agreement.id, t.a.evidenceSha)),
      expect: 'refused',
      refusedAt: 'agreementId',
    },
    {
      label: "B's agreement citing A's evidence",
      request: (t) => post('/api/v1/orders/check', orderOn(t.b.agreementId, t.a.evidenceSha)),
      expect: 'refused',
      refusedAt: 'pricing.connectedQuote.evidence[0]',
    },
  ],
  'GET /api/v1/orders/{id}': [
    { label: "A's order", request: (t) => get(`/api/v1/orders/${t.a.openOrderId}`), expect: 'not-found' },
  ],
  'POST /api/v1/orders/{id}/cancel': [
    {
      label: "A's open order",
      request: (t) => post(`/api/v1/orders/${t.a.openOrderId}/cancel`),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/orders/{id}/close': [
    {
      label: "A's open order",
      request: (t) => post(`/api/v1/orders/${t.a.openOrderId}/close`),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/orders/{id}/reduce': [
    {
      label: "A's open order",
      request: (t) => post(`/api/v1/orders/${t.a.openOrderId}/reduce`, reduced),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/actuals': [
    {
      label: "A's agreement and open order",
      request: (t) => post('/api/v1/actuals', actualOn(t.a.agreement.id, t.a.openOrderId)),
      expect: 'refused',
      refusedAt: 'agreementId',
    },
    {
      label: "B's agreement consuming A's open order",
      request: (t) => post('/api/v1/actuals', actualOn(t.b.agreementId, t.a.openOrderId)),
      expect: 'refused',
      refusedAt: 'orderId',
    },
    {
      label: "A's own request and Idempotency-Key, replayed",
      request: (t) =>
        post('/api/v1/actuals', breachingActual(t.a.agreement.id), {
          'idempotency-key': SHARED_IDEMPOTENCY_KEY,
        }),
      expect: 'refused',
      refusedAt: 'agreementId',
      check: (res) => expect(res.headers['idempotent-replayed']).toBeUndefined(),
    },
    {
      label: "B's own actual with the Idempotency-Key A used",
      request: (t) =>
        post('/api/v1/actuals', actualOn(t.b.agreementId, undefined), {
          'idempotency-key': SHARED_IDEMPOTENCY_KEY,
        }),
      expect: 'mine',
      check: (res) => {
        expect(res.statusCode).toBe(201);
        expect(res.headers['idempotent-replayed']).toBeUndefined();
      },
    },
  ],
  'GET /api/v1/actuals': [
    { label: "B's actual amounts", request: () => get('/api/v1/actuals'), expect: 'mine' },
    {
      label: "agreementId=A's",
      request: (t) => get(`/api/v1/actuals?agreementId=${t.a.agreement.id}`),
      expect: 'not-found',
    },
    {
      label: "orderId=A's",
      request: (t) => get(`/api/v1/actuals?orderId=${t.a.openOrderId}`),
      expect: 'not-found',
      // A's November order has no actual yet: A's own answer is an empty list, but not B's 404.
      aSees: 'differs',
    },
  ],
  'POST /api/v1/actuals/{id}/reversal': [
    {
      label: "A's actual",
      request: (t) => post(`/api/v1/actuals/${t.a.actualId}/reversal`, { reason: 'Invoice withdrawn' }),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/utilization': [
    { label: "B's caps", request: () => get('/api/v1/utilization'), expect: 'mine' },
    {
      label: "agreementId=A's",
      request: (t) => get(`/api/v1/utilization?agreementId=${t.a.agreement.id}`),
      expect: 'not-found',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => get('/api/v1/utilization', namingA),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/utilization/history': [
    {
      label: "capId=A's",
      request: (t) => get(`/api/v1/utilization/history?capId=${t.a.capId}`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/audit': [
    { label: "B's log as JSON", request: () => get('/api/v1/audit'), expect: 'mine' },
    { label: "B's log as CSV", request: () => get('/api/v1/audit?format=csv'), expect: 'mine' },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => get('/api/v1/audit', namingA),
      expect: 'not-found',
    },
  ],
  // Issue 7: the INEDs' sign-off of FY2025 (ended; both issuers' seed agreements are CCTs of it).
  'POST /api/v1/annual-reviews/{year}/ined-sign-offs': [
    {
      label: "B's own sign-off",
      request: () => post('/api/v1/annual-reviews/2025/ined-sign-offs', signOff()),
      expect: 'mine',
      check: (res) => expect(res.statusCode).toBe(201),
    },
    {
      label: "a qualification naming A's agreement",
      request: (t) =>
        post(
          '/api/v1/annual-reviews/2025/ined-sign-offs',
          signOff({
            limb: 'ordinary-course',
            outcome: 'qualified',
            qualification: 'Not in the ordinary course',
            agreementIds: [t.a.agreement.id],
          }),
        ),
      expect: 'refused',
      refusedAt: 'limbs[0].agreementIds[0]',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => post('/api/v1/annual-reviews/2025/ined-sign-offs', signOff(), namingA),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/annual-reviews/{year}/ined-sign-offs': [
    {
      label: "B's sign-offs and INEDs",
      request: () => get('/api/v1/annual-reviews/2025/ined-sign-offs'),
      expect: 'mine',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => get('/api/v1/annual-reviews/2025/ined-sign-offs', namingA),
      expect: 'not-found',
    },
  ],
  // Issue 7: the auditor's letter on FY2025 and the year's settings.
  'PUT /api/v1/annual-reviews/{year}/settings': [
    {
      label: "B's own settings",
      request: () =>
        send('PUT', '/api/v1/annual-reviews/2025/settings', {
          limbWording: 'four',
          bulkPrintDate: '2026-04-10',
        }),
      expect: 'mine',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => send('PUT', '/api/v1/annual-reviews/2025/settings', { limbWording: 'three' }, namingA),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/annual-reviews/{year}/auditor-letters': [
    {
      label: "B's own letter",
      request: () => post('/api/v1/annual-reviews/2025/auditor-letters', auditorLetter()),
      expect: 'mine',
      check: (res) => expect(res.statusCode).toBe(201),
    },
    {
      label: "a finding naming A's agreement",
      request: (t) =>
        post(
          '/api/v1/annual-reviews/2025/auditor-letters',
          auditorLetter({ outcome: 'exception', detail: 'Exceeded', agreementIds: [t.a.agreement.id] }),
        ),
      expect: 'refused',
      refusedAt: 'findings[3].agreementIds[0]',
    },
    {
      label: "A's letter as evidence",
      request: (t) =>
        post('/api/v1/annual-reviews/2025/auditor-letters', {
          ...auditorLetter(),
          evidenceSha256: t.a.evidenceSha,
        }),
      expect: 'refused',
      refusedAt: 'evidenceSha256',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => post('/api/v1/annual-reviews/2025/auditor-letters', auditorLetter(), namingA),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/annual-reviews/{year}/auditor-letters': [
    {
      label: "B's letters and deadline",
      request: () => get('/api/v1/annual-reviews/2025/auditor-letters'),
      expect: 'mine',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => get('/api/v1/annual-reviews/2025/auditor-letters', namingA),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/annual-reviews/{year}/auditor-letters/{id}/sent': [
    {
      label: "A's letter",
      request: (t) =>
        post(`/api/v1/annual-reviews/2025/auditor-letters/${t.a.auditorLetterId}/sent`, {
          sentOn: '2026-03-23',
        }),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/reports/{kind}': [
    {
      label: "B's monthly monitoring report",
      request: () => get('/api/v1/reports/monthly-monitoring?period=2026-11&format=html'),
      expect: 'mine',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => get('/api/v1/reports/monthly-monitoring?period=2026-11', namingA),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/issued-reports': [
    {
      label: "B's own report",
      request: () => post('/api/v1/issued-reports', { kind: 'monthly-management', period: '2026-10' }),
      expect: 'mine',
    },
    {
      label: "an announcement draft of A's agreement",
      request: (t) =>
        post('/api/v1/issued-reports', {
          kind: 'announcement-draft',
          period: '2026-11-23',
          agreement: t.a.agreement.id,
        }),
      expect: 'not-found',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () =>
        post('/api/v1/issued-reports', { kind: 'monthly-management', period: '2026-10' }, namingA),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/issued-reports': [
    { label: "B's issued reports", request: () => get('/api/v1/issued-reports'), expect: 'mine' },
  ],
  'GET /api/v1/issued-reports/{id}': [
    {
      label: "A's issued report",
      request: (t) => get(`/api/v1/issued-reports/${t.a.issuedReportId}`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/issued-reports/{id}/file': [
    {
      label: "A's issued report as HTML",
      request: (t) => get(`/api/v1/issued-reports/${t.a.issuedReportId}/file?format=html`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/follow-up-tasks': [
    { label: "B's tasks", request: () => get('/api/v1/follow-up-tasks'), expect: 'mine' },
  ],
  'POST /api/v1/follow-up-tasks/{id}/complete': [
    {
      label: "A's task",
      request: (t) => post(`/api/v1/follow-up-tasks/${t.a.taskId}/complete`, { note: 'done by B' }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/imports/{kind}': [
    {
      label: "a file naming A's agreement: B's own run, whose row names no agreement of B's",
      request: (t) => ({
        method: 'POST',
        url: '/api/v1/imports/actuals',
        headers: { 'content-type': 'text/csv' },
        payload: Buffer.from(`${HEADER}\n${t.a.agreement.id},idc-services,2026-11-02,1.00,RMB,B-1\n`),
      }),
      expect: 'mine',
    },
    {
      label: "A's mapping by name",
      request: () => ({
        method: 'POST',
        url: `/api/v1/imports/actuals?mapping=${A_MAPPING}`,
        headers: { 'content-type': 'text/csv' },
        payload: Buffer.from(`${HEADER}\n`),
      }),
      expect: 'refused',
      refusedAt: 'mapping',
    },
    {
      label: 'naming A in X-Armslength-Issuer',
      request: () => ({
        method: 'POST',
        url: '/api/v1/imports/actuals',
        headers: { 'content-type': 'text/csv', ...namingA },
        payload: Buffer.from(`${HEADER}\n`),
      }),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/import-runs/{id}': [
    {
      label: "A's import run",
      request: (t) => get(`/api/v1/import-runs/${t.a.importRunId}`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/import-mappings': [
    {
      label: "B's mappings (the built-in one)",
      request: () => get('/api/v1/import-mappings'),
      expect: 'mine',
    },
  ],
  'GET /api/v1/import-mappings/{name}': [
    { label: "A's mapping", request: () => get(`/api/v1/import-mappings/${A_MAPPING}`), expect: 'not-found' },
  ],
  'PUT /api/v1/import-mappings/{name}': [
    {
      label: "B's own mapping under the name of A's (A's is left as it is)",
      request: () =>
        send('PUT', `/api/v1/import-mappings/${A_MAPPING}`, {
          columns: { agreement: 'X', category: 'C', date: 'D', amount: 'A', currency: 'Y', reference: 'R' },
          dateFormat: 'dmy',
        }),
      expect: 'mine',
    },
  ],
  'GET /api/v1/forecasts': [
    { label: "B's caps", request: () => get('/api/v1/forecasts'), expect: 'mine' },
    {
      label: "agreementId=A's",
      request: (t) => get(`/api/v1/forecasts?agreementId=${t.a.agreement.id}`),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/caps/{id}/revisions': [
    {
      label: "A's cap",
      request: (t) =>
        post(`/api/v1/caps/${t.a.capId}/revisions`, {
          amount: '90000000.00',
          effectiveFrom: '2026-11-20',
          approvedOn: '2026-11-20',
          reason: 'More IDC capacity',
          approvalReference: 'Board minutes 2026-11-20',
        }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/caps/{id}/revisions/{revisionId}/approvals': [
    {
      label: "A's cap and revision",
      request: (t) =>
        post(`/api/v1/caps/${t.a.revisedCapId}/revisions/${t.a.revisionId}/approvals`, {
          kind: 'announcement',
          date: '2026-11-20',
          reference: 'Announcement 2026-11-20',
        }),
      expect: 'not-found',
    },
    {
      label: "B's cap and A's revision",
      request: (t) =>
        post(`/api/v1/caps/${t.b.capId}/revisions/${t.a.revisionId}/approvals`, {
          kind: 'announcement',
          date: '2026-11-20',
          reference: 'Announcement 2026-11-20',
        }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/classifications': [
    { label: "B's scenario", request: () => post('/api/v1/classifications', scenarioOfB()), expect: 'mine' },
  ],
  'GET /api/v1/classifications': [
    { label: "B's agreements", request: () => get('/api/v1/classifications'), expect: 'mine' },
    {
      label: "agreementId=A's",
      request: (t) => get(`/api/v1/classifications?agreementId=${t.a.agreement.id}`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/issuers': [{ label: "B's issuers", request: () => get('/api/v1/issuers'), expect: 'mine' }],
  'GET /api/v1/issuers/{id}': [
    { label: 'A', request: () => get(`/api/v1/issuers/${A}`), expect: 'not-found' },
  ],
  'PATCH /api/v1/issuers/{id}': [
    {
      label: 'A',
      request: () => send('PATCH', `/api/v1/issuers/${A}`, { prcIssuer: true }),
      expect: 'not-found',
    },
    {
      label: 'B, naming A in X-Armslength-Issuer',
      request: (t) => send('PATCH', `/api/v1/issuers/${t.b.issuerId}`, { prcIssuer: true }, namingA),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/register': [
    {
      label: "relationships naming A's issuer and A's parties",
      request: () =>
        post('/api/v1/register', {
          relationships: [
            { kind: 'shareholding', holder: 'xiaomi', company: A, percent: '30' },
            { kind: 'director', person: 'lei-jun', company: A },
          ],
        }),
      expect: 'refused',
      refusedAt: 'relationships[0].company',
    },
  ],
  'GET /api/v1/register': [{ label: "B's register", request: () => get('/api/v1/register'), expect: 'mine' }],
  'POST /api/v1/issuer-figures': [
    {
      label: "B's own figures, as of A's date",
      request: () =>
        post('/api/v1/issuer-figures', {
          asOf: '2024-12-31',
          figures: {
            currency: 'HKD',
            totalAssets: '1000000000.00',
            revenue: '500000000.00',
            profits: '10000000.00',
            marketCapitalisation: '800000000.00',
          },
          source: "B's annual report",
        }),
      expect: 'mine',
    },
  ],
  'POST /api/v1/board-resolutions': [
    {
      label: "approving A's agreement",
      request: (t) =>
        post('/api/v1/board-resolutions', {
          meetingDate: '2026-11-20',
          reference: 'Board minutes 2026-11-20',
          directorsPresent: ['lei-jun', 'zou-tao'],
          votes: [
            { personId: 'lei-jun', vote: 'abstain' },
            { personId: 'zou-tao', vote: 'for' },
          ],
          agreementIds: [t.a.agreement.id],
        }),
      expect: 'refused',
      refusedAt: 'agreementIds[0]',
    },
  ],
  'GET /api/v1/board-resolutions': [
    { label: "B's resolutions", request: () => get('/api/v1/board-resolutions'), expect: 'mine' },
  ],
  'POST /api/v1/fx-rates': [
    {
      label: "B's own rate, on A's date and pair",
      request: () =>
        post('/api/v1/fx-rates', {
          from: 'CNY',
          to: 'HKD',
          date: '2025-07-28',
          rate: '2.00',
          source: "B's bank",
        }),
      expect: 'mine',
    },
  ],
  'POST /api/v1/evidence': [
    {
      label: "B uploading the bytes of one of A's files",
      request: (t) => upload(t.sharedFile, 'b-own-copy.txt'),
      expect: 'mine',
      // Stored for B, not found among A's files: 200 "already stored" would say A holds these bytes.
      check: (res, t) => {
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({ sha256: t.sharedFile.sha256, alreadyStored: false });
      },
    },
  ],
  'GET /api/v1/evidence/{sha256}': [
    { label: "A's file", request: (t) => get(`/api/v1/evidence/${t.a.evidenceSha}`), expect: 'not-found' },
  ],
  'GET /api/v1/evidence/{sha256}/content': [
    {
      label: "A's file",
      request: (t) => get(`/api/v1/evidence/${t.a.evidenceSha}/content`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/alerts': [
    { label: "B's alerts", request: () => get('/api/v1/alerts'), expect: 'mine' },
    {
      label: "agreementId=A's",
      request: (t) => get(`/api/v1/alerts?agreementId=${t.a.agreement.id}`),
      expect: 'mine',
      check: (res) => expect(res.json()).toMatchObject({ items: [] }),
    },
    {
      label: "capId=A's",
      request: (t) => get(`/api/v1/alerts?capId=${t.a.capId}`),
      expect: 'mine',
      check: (res) => expect(res.json()).toMatchObject({ items: [] }),
    },
  ],
  'GET /api/v1/alerts/{id}': [
    {
      label: "A's alert",
      request: (t) => get(`/api/v1/alerts/${t.a.thresholdAlertId}`),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/alerts/{id}/acknowledge': [
    {
      label: "A's alert",
      request: (t) => post(`/api/v1/alerts/${t.a.thresholdAlertId}/acknowledge`, { comment: 'Seen' }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/alerts/{id}/remediation': [
    {
      label: "A's breach alert",
      request: (t) =>
        post(`/api/v1/alerts/${t.a.breachAlertId}/remediation`, {
          reference: 'Announcement 2026-11-22',
          notes: 'Cap re-complied with',
        }),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/inbox': [
    { label: "B's inbox", request: () => get('/api/v1/inbox'), expect: 'mine' },
    {
      label: "B's compliance inbox",
      request: () => get('/api/v1/inbox?recipient=compliance'),
      expect: 'mine',
    },
  ],
  'POST /api/v1/inbox/{id}/read': [
    {
      label: "A's inbox item",
      request: (t) => post(`/api/v1/inbox/${t.a.inboxId}/read`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/escalations': [
    { label: "B's escalations", request: () => get('/api/v1/escalations'), expect: 'mine' },
    { label: 'status=raised', request: () => get('/api/v1/escalations?status=raised'), expect: 'mine' },
  ],
  'GET /api/v1/escalations/{id}': [
    {
      label: "A's escalation",
      request: (t) => get(`/api/v1/escalations/${t.a.escalationId}`),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/escalations/{id}/review': [
    {
      label: "A's escalation",
      request: (t) => post(`/api/v1/escalations/${t.a.escalationId}/review`, { notes: 'Reviewed' }),
      expect: 'not-found',
    },
  ],
  'POST /api/v1/escalations/{id}/decision': [
    {
      label: "A's escalation and revision",
      request: (t) =>
        post(`/api/v1/escalations/${t.a.escalationId}/decision`, {
          decision: 'revise-cap',
          revisionId: t.a.revisionId,
        }),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/monitoring-policy': [
    {
      label: "B's policy",
      request: () => get('/api/v1/monitoring-policy'),
      expect: 'mine',
      aSees: 'differs',
    },
  ],
  'PUT /api/v1/monitoring-policy': [
    {
      label: "B's own policy",
      request: () => send('PUT', '/api/v1/monitoring-policy', { thresholds: ['60'], reviewNoticeDays: 10 }),
      expect: 'mine',
    },
  ],
  'GET /api/v1/breaches': [
    { label: "B's breaches", request: () => get('/api/v1/breaches'), expect: 'mine' },
    {
      label: "agreementId=A's",
      request: (t) => get(`/api/v1/breaches?agreementId=${t.a.agreement.id}`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/schedule-runs': [
    { label: "B's runs", request: () => get('/api/v1/schedule-runs'), expect: 'mine' },
  ],
  'POST /api/v1/notification-subscriptions': [
    {
      label: "B's own subscription",
      request: () =>
        post('/api/v1/notification-subscriptions', {
          role: 'compliance',
          channel: 'email',
          target: 'compliance@issuer-b.invalid',
        }),
      expect: 'mine',
    },
  ],
  'GET /api/v1/notification-subscriptions': [
    { label: "B's subscriptions", request: () => get('/api/v1/notification-subscriptions'), expect: 'mine' },
  ],
  'POST /api/v1/notification-subscriptions/{id}/deactivate': [
    {
      label: "A's subscription",
      request: (t) => post(`/api/v1/notification-subscriptions/${t.a.subscriptionId}/deactivate`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/deliveries': [
    { label: "B's deliveries", request: () => get('/api/v1/deliveries'), expect: 'mine' },
    {
      label: "alertId=A's",
      request: (t) => get(`/api/v1/deliveries?alertId=${t.a.breachAlertId}`),
      expect: 'mine',
      check: (res) => expect(res.json()).toEqual({ items: [] }),
    },
  ],
  'GET /api/v1/session': [{ label: "B's session", request: () => get('/api/v1/session'), expect: 'mine' }],
  'GET /api/v1/users': [{ label: "B's members", request: () => get('/api/v1/users'), expect: 'mine' }],
  'POST /api/v1/users': [
    {
      label: 'a new user at B',
      request: () =>
        post('/api/v1/users', {
          email: 'finance@issuer-b.invalid',
          role: 'finance',
          password: TEST_PASSWORD,
        }),
      expect: 'mine',
    },
  ],
  'DELETE /api/v1/users/{id}/roles/{role}': [
    {
      label: "A's admin",
      request: (t) => send('DELETE', `/api/v1/users/${t.a.userId}/roles/admin`),
      expect: 'not-found',
    },
  ],
  'GET /api/v1/tokens': [{ label: "B's tokens", request: () => get('/api/v1/tokens'), expect: 'mine' }],
  'POST /api/v1/tokens': [
    {
      label: "B's session, naming A in X-Armslength-Issuer",
      request: (t) =>
        post(
          '/api/v1/tokens',
          {},
          { ...namingA, cookie: t.sessionB.cookie, 'x-csrf-token': t.sessionB.csrf },
        ),
      expect: 'not-found',
    },
    {
      label: "B's API token (tokens come from a session)",
      request: () => post('/api/v1/tokens', {}),
      expect: 'forbidden',
    },
  ],
  'DELETE /api/v1/tokens/{id}': [
    {
      label: "A's token",
      request: (t) => send('DELETE', `/api/v1/tokens/${t.a.tokenId}`),
      expect: 'not-found',
    },
  ],
};

/** An INED sign-off of every limb of the four-limb wording, confirmed unless `limb` says otherwise. */
function signOff(limb?: Json) {
  return {
    signedName: 'B Independent Director',
    limbs: [
      'ordinary-course',
      'normal-commercial-terms',
      'per-agreement-fair-reasonable',
      'shareholders-interests',
    ].map((key) => (limb && limb['limb'] === key ? limb : { limb: key, outcome: 'confirmed' })),
  };
}

/** An order for December 2026 IDC services, with compliant quotes citing `evidence`. */
function orderOn(agreementId: string, evidence: string) {
  const body = withQuotes({
    agreementId,
    categoryKey: 'idc-services',
    reference: 'PO-2026-12',
    signedOn: '2026-11-20',
    schedule: [{ date: '2026-12-20', amount: '100000.00', currency: 'CNY' }],
  });
  return {
    ...body,
    pricing: { ...body.pricing, connectedQuote: { ...body.pricing.connectedQuote, evidence: [evidence] } },
  };
}

/** A's invoice that breaches its network hardware cap for 2026 (RMB 6.0m used of 6.7m, plus 1.0m). */
function breachingActual(agreementId: string) {
  return {
    agreementId,
    categoryKey: 'network-hardware',
    date: '2026-06-30',
    amount: '1000000.00',
    currency: 'CNY',
    reference: 'HW-INV-2026-06-30',
  };
}

/** An invoice for November 2026 IDC services, against `orderId` when given. */
function actualOn(agreementId: string, orderId: string | undefined) {
  return {
    agreementId,
    categoryKey: 'idc-services',
    ...(orderId === undefined ? {} : { orderId }),
    date: '2026-11-20',
    invoiceDate: '2026-11-20',
    amount: '1000.00',
    currency: 'CNY',
    reference: 'INV-2026-11',
  };
}

// ---- the world ----

async function setUp(store: Store): Promise<Tenants> {
  const ctx: AppContext = { store, clock: fixedClock(TODAY), ids: randomIds };
  const demo = await loadDemo(ctx);
  if (!demo.loaded || demo.issuer.id !== A) throw new Error('the demo was not loaded into a new store');
  const actorA: Actor = { userId: A_USER, issuerId: A, roles: OPERATOR_ROLES };
  const agreementOf = async (issuerId: string, id: string) => {
    const found = await store.getAgreement(issuerId, id);
    if (!found) throw new Error(`no agreement ${id}`);
    return found;
  };
  const capOf = (agreement: AgreementRecord, key: string, periodStart: string) => {
    const category = agreement.categories.find((c) => c.key === key);
    const cap = agreement.caps.find(
      (c) => category && c.categoryIds.includes(category.id) && c.periodStart === periodStart,
    );
    if (!cap) throw new Error(`no cap ${key} ${periodStart}`);
    return cap.id;
  };
  const demoAgreement = await agreementOf(A, demo.agreementId);

  // What the demo lacks: a subscription (so that the breach below is delivered), a policy of A's own,
  // a cap revision, and a breach (network hardware 2026: RMB 6.0m used of 6.7m, plus 1.0m).
  await createSubscription(ctx, actorA, { role: 'compliance', channel: 'email', target: A_SUBSCRIBER });
  await putMonitoringPolicy(ctx, actorA, { thresholds: ['80', '90'], reviewNoticeDays: 45 });
  const revisedCapId = capOf(demoAgreement, 'idc-services', '2028-01-01');
  const revision = await reviseCap(ctx, actorA, revisedCapId, {
    amount: '40000000.00',
    effectiveFrom: '2028-01-01',
    approvedOn: '2026-11-20',
    reason: 'Lower IDC demand in 2028',
    approvalReference: 'Board minutes 2026-11-20',
  });
  const breach = await postActual(ctx, actorA, breachingActual(demo.agreementId), SHARED_IDEMPOTENCY_KEY);
  if (!breach.body.breach) throw new Error('the hardware invoice did not breach the cap');
  // Issue 7: an issued report and a 14A.59 follow-up task of A's.
  const issued = await issueReport(ctx, actorA, 'monthly-management', { period: '2026-10' });
  const taskA = await store.transaction(async (tx) => ({
    commit: true,
    value: await openFollowUpTask(ctx, tx, {
      issuerId: A,
      source: 'auditor-letter',
      sourceId: 'letter-a',
      financialYear: '2025',
      detail: "A's cap was exceeded",
      title: { en: "Announce A's qualification", 'zh-Hant': '公告' },
    }),
  }));
  const letterA = await recordAuditorLetter(ctx, actorA, '2025', auditorLetter());
  // Issue 9: A's saved import mapping and an import run of A's (one row, imported).
  await putImportMapping(ctx, actorA, A_MAPPING, {
    columns: { agreement: 'K', category: 'C', date: 'D', amount: 'A', currency: 'Y', reference: 'R' },
    dateFormat: 'iso',
  });
  const importA = await importText(
    { ctx, actor: actorA },
    'actuals',
    'a.csv',
    `K,C,D,A,Y,R\n${demo.agreementId},idc-services,2026-11-02,1.00,RMB,A-IMPORT-1\n`,
    {
      mapping: A_MAPPING,
    },
  );
  const tokenA = await tokenFor(ctx, A, OPERATOR_ROLES, A_EMAIL);

  const issuerB = await createIssuer(ctx, { name: B_NAME, isDemo: false });
  const actorB: Actor = { userId: 'tenant-test-b', issuerId: issuerB.id, roles: OPERATOR_ROLES };
  const agreementB = await createAgreement(ctx, actorB, seedAgreementInput());
  // B's own register, figures and rate (dated apart from A's), so that B's agreements can be classified.
  await recordRegister(ctx, actorB, {
    parties: [{ id: 'xiaomi', kind: 'company', name: { en: 'Xiaomi Corporation', 'zh-Hant': '小米集團' } }],
    relationships: [{ kind: 'shareholding', holder: 'xiaomi', company: issuerB.id, percent: '12' }],
  });
  await recordIssuerFigures(ctx, actorB, {
    asOf: '2025-06-30',
    figures: {
      currency: 'HKD',
      totalAssets: '3000000000.00',
      revenue: '900000000.00',
      profits: '50000000.00',
      marketCapitalisation: '1500000000.00',
    },
    source: "B's interim report",
  });
  await recordFxRate(ctx, actorB, {
    from: 'CNY',
    to: 'HKD',
    date: '2025-07-29',
    rate: '1.10',
    source: "B's bank",
  });
  const tokenB = await tokenFor(ctx, issuerB.id, OPERATOR_ROLES, B_EMAIL);
  // The monthly and semi-annual runs since the terms began, and today's forecast, for both issuers.
  await runDueSchedules(ctx, { owner: 'tenant-isolation', leaseMs: 600_000 });

  const app = await buildServer({ ctx });
  const signIn = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email: B_EMAIL, password: TEST_PASSWORD },
  });
  if (signIn.statusCode !== 201) throw new Error(`B could not sign in: ${signIn.body}`);
  const cookie = String(signIn.headers['set-cookie']).split(';')[0] ?? '';
  const sessionB = { cookie, csrf: signIn.json<{ csrfToken: string }>().csrfToken };

  // A's records, read from the store.
  const agreement = await agreementOf(A, demo.agreementId);
  const audit = [...(await store.listAuditLog(A)), ...(await store.listAuditEvents(A))];
  const idsOf = (entity: string) => [
    ...new Set(
      audit.filter((e) => e.entity === entity).flatMap((e) => (e.entityId === null ? [] : [e.entityId])),
    ),
  ];
  const orders = await Promise.all(idsOf('order').map((id) => store.getOrder(A, id)));
  const openOrder = orders.find((o) => o?.reference.startsWith('DEMO-PO-IDC-2026-11'));
  const actualIds = idsOf('actual');
  const alerts = await store.listAlerts(A);
  const escalations = await store.listEscalations(A);
  const inbox = await store.listInbox(A);
  const subscriptions = await store.listSubscriptions(A, true);
  const members = await store.listIssuerMembers(A);
  const userA = await store.getUserByEmail(A_EMAIL);
  const tokensA = userA ? (await store.listApiTokens(userA.id)).filter((t) => t.issuerId === A) : [];
  const [thresholdAlert] = alerts.filter((a) => a.kind === 'THRESHOLD');
  const [breachAlert] = alerts.filter((a) => a.kind === 'BREACH');
  const [escalation] = escalations;
  const [subscription] = subscriptions;
  const [tokenRecord] = tokensA;
  const agreementEvidence = await store.listAgreementEvidence(A, agreement.id);
  const evidenceSha = agreementEvidence[0]?.files[0]?.sha256;
  const evidence = idsOf('evidence');
  const sharedSha = evidence.find((sha) => sha !== evidenceSha);
  const [firstActual] = actualIds;
  const [firstInbox] = inbox;
  if (
    !openOrder ||
    !thresholdAlert ||
    !breachAlert ||
    !escalation ||
    !subscription ||
    !userA ||
    !tokenRecord ||
    !evidenceSha ||
    !sharedSha ||
    !firstActual ||
    !firstInbox ||
    thresholdAlert.capId === null
  )
    throw new Error('the world lacks a record of some kind');
  const sharedMeta = await store.getEvidence(A, sharedSha);
  const sharedBytes = await store.getEvidenceContent(A, sharedSha);
  if (!sharedMeta || !sharedBytes) throw new Error(`no evidence ${sharedSha}`);

  const needles = [
    A,
    'Kingsoft',
    '金山云',
    '(illustrative)',
    'DEMO-PO-',
    'demo-loader',
    'ILLUSTRATIVE DEMO DATA',
    A_USER,
    A_EMAIL,
    A_SUBSCRIBER,
    agreement.id,
    ...agreement.categories.map((c) => c.id),
    ...agreement.caps.flatMap((c) => [c.id, ...c.revisions.map((r) => r.id)]),
    ...orders.flatMap((o) => (o ? [o.id] : [])),
    ...actualIds,
    ...alerts.map((a) => a.id),
    ...escalations.map((e) => e.id),
    ...inbox.map((i) => i.id),
    ...subscriptions.map((s) => s.id),
    ...(await store.listBreaches(A)).map((b) => b.id),
    ...(await store.listOutbox(A)).map((o) => o.id),
    ...agreementEvidence.map((e) => e.id),
    ...members.flatMap((m) => [m.user.id, m.user.email]),
    ...tokensA.map((t) => t.id),
    issued.report.id,
    taskA.id,
    letterA.id,
    importA.id,
    A_MAPPING,
    // B uploads the bytes of this one file: its hash is then B's too.
    ...evidence.filter((sha) => sha !== sharedSha),
    ...['fx-rate', 'issuer-figures', 'board-resolution'].flatMap(idsOf),
  ];

  const bCapId = agreementB.caps[0]?.id;
  if (!bCapId) throw new Error("B's agreement has no cap");
  return {
    store,
    app,
    tokenA,
    tokenB,
    sessionB,
    a: {
      agreement,
      capId: thresholdAlert.capId,
      revisedCapId,
      revisionId: revision.revisionId,
      openOrderId: openOrder.id,
      actualId: firstActual,
      thresholdAlertId: thresholdAlert.id,
      breachAlertId: breachAlert.id,
      escalationId: escalation.id,
      inboxId: firstInbox.id,
      subscriptionId: subscription.id,
      evidenceSha,
      userId: userA.id,
      tokenId: tokenRecord.id,
      issuedReportId: issued.report.id,
      taskId: taskA.id,
      auditorLetterId: letterA.id,
      importRunId: importA.id,
    },
    b: { issuerId: issuerB.id, agreementId: agreementB.id, capId: bCapId },
    sharedFile: { bytes: sharedBytes, sha256: sharedSha, mediaType: sharedMeta.mediaType },
    needles: [...new Set(needles)],
  };
}

/** The request with a bearer token, unless it carries its own credentials (a session cookie). */
function inject(t: Tenants, request: Request, token: string): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...request.headers };
  if (headers['cookie'] === undefined) headers['authorization'] = `Bearer ${token}`;
  return t.app.inject({
    method: request.method,
    url: request.url,
    headers,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
  });
}

/** The needles in `body` that the request did not carry itself (a 404 may repeat the id asked for). */
function leaked(needles: readonly string[], request: Request, body: string): string[] {
  const sent = [
    request.url,
    JSON.stringify(request.headers),
    Buffer.isBuffer(request.payload) ? '' : JSON.stringify(request.payload ?? ''),
  ].join(' ');
  return needles.filter((n) => body.includes(n) && !sent.includes(n));
}

/** What A sees of its own data through its token: the snapshot compared before and after B's requests. */
async function snapshotOfA(t: Tenants): Promise<Record<string, string>> {
  const a = t.a;
  const urls = [
    '/api/v1/agreements',
    `/api/v1/agreements/${a.agreement.id}`,
    `/api/v1/agreements/${a.agreement.id}/evidence`,
    '/api/v1/utilization',
    '/api/v1/forecasts',
    '/api/v1/classifications',
    '/api/v1/breaches',
    '/api/v1/alerts',
    `/api/v1/alerts/${a.thresholdAlertId}`,
    `/api/v1/alerts/${a.breachAlertId}`,
    '/api/v1/inbox',
    '/api/v1/escalations',
    `/api/v1/escalations/${a.escalationId}`,
    '/api/v1/register',
    '/api/v1/monitoring-policy',
    '/api/v1/notification-subscriptions',
    '/api/v1/deliveries',
    '/api/v1/schedule-runs',
    `/api/v1/issuers/${A}`,
    '/api/v1/users',
    `/api/v1/orders/${a.openOrderId}`,
    `/api/v1/utilization/history?capId=${a.capId}`,
    `/api/v1/evidence/${a.evidenceSha}`,
    `/api/v1/import-runs/${a.importRunId}`,
    '/api/v1/import-mappings',
    `/api/v1/import-mappings/${A_MAPPING}`,
  ];
  const snapshot: Record<string, string> = {};
  for (const url of urls) {
    const res = await inject(t, get(url), t.tokenA);
    snapshot[url] = `${res.statusCode} ${res.body}`;
  }
  const audit = (await t.store.listAuditLog(A)).length + (await t.store.listAuditEvents(A)).length;
  snapshot['audit entries of A'] = String(audit);
  return snapshot;
}

const apiRoutes = (app: FastifyInstance): string[] =>
  registeredRoutes(app).filter((r) => / \/api\/v1(\/|$)/.test(r));

const CASES = Object.entries(TABLE).flatMap(([route, cases]) => cases.map((c) => ({ route, ...c })));

describeEachEngine('another issuer sees none of the demo issuer (issue 6)', (open) => {
  let t: Tenants;
  let before: Record<string, string>;
  beforeAll(async () => {
    t = await setUp(await open());
    before = await snapshotOfA(t);
  });
  afterAll(() => t.app.close());

  it('has a row for every /api/v1 route but the excluded ones, and none for a route that does not exist', () => {
    expect([...Object.keys(TABLE), ...Object.keys(EXCLUDED)].sort()).toEqual(apiRoutes(t.app).sort());
    for (const route of Object.keys(EXCLUDED)) expect(TABLE[route], route).toBeUndefined();
  });

  it.each(CASES)(
    '$route ($label): $expect',
    async ({ request, expect: expectation, refusedAt, aSees, check }) => {
      const sent = request(t);
      const res = await inject(t, sent, t.tokenB);
      const status = res.statusCode;
      const summary = `${sent.method} ${sent.url} → ${status} ${res.body.slice(0, 300)}`;
      switch (expectation) {
        case 'not-found':
          expect(status, summary).toBe(404);
          expect(res.json(), summary).toMatchObject({ code: 'NOT_FOUND' });
          break;
        case 'refused':
          expect([404, 422], summary).toContain(status);
          expect(refusedAt, "a refused row names the field that carries A's id").toBeDefined();
          if (status === 422)
            expect(
              res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path),
              summary,
            ).toContain(refusedAt);
          else expect(res.json(), summary).toMatchObject({ code: 'NOT_FOUND' });
          break;
        case 'forbidden':
          expect(status, summary).toBe(403);
          break;
        case 'mine':
          expect(status >= 200 && status < 300, summary).toBe(true);
          break;
      }
      expect(leaked(t.needles, sent, res.body), summary).toEqual([]);
      check?.(res, t);

      // A's own token sees A's data through the same read: the needles can be found.
      if (sent.method === 'GET') {
        const mine = await inject(t, sent, t.tokenA);
        expect(mine.statusCode, `${sent.url} with A's token → ${mine.body.slice(0, 300)}`).toBe(200);
        if ((aSees ?? 'needles') === 'needles') expect(leaked(t.needles, sent, mine.body)).not.toEqual([]);
        else expect(mine.body).not.toEqual(res.body);
      }
    },
  );

  it("leaves A's data as it was: every read of A's token, and A's audit trail", async () => {
    expect(await snapshotOfA(t)).toEqual(before);
  });

  it('lets B see its own records through the same routes (the world is not empty for B)', async () => {
    const res = await inject(t, get('/api/v1/agreements'), t.tokenB);
    expect(res.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(t.b.agreementId);
  });
});
