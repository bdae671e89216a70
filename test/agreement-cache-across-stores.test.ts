import { OPERATOR_ROLES } from '../src/app/authorize.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock, randomIds } from '../src/adapters/system.js';
import type { AppContext } from '../src/app/context.js';
import { createIssuer } from '../src/app/issuers.js';
import type { Actor, Store } from '../src/app/ports.js';
import { recordOrder } from '../src/app/record-order.js';
import { recordRegister } from '../src/app/register.js';
import { reviseCap } from '../src/app/revise-cap.js';
import { terminateCategory } from '../src/app/terminate-category.js';
import { createAgreement } from '../src/app/create-agreement.js';
import { seedAgreementInput } from '../src/demo/seed.js';
import { openStore, type StoreOptions } from '../src/store/index.js';
import { dropSchema, engineList, uniqueSchemaName } from './support/engines.js';
import { withQuotes } from './support/pricing.js';

/** Two stores on one database, as two server processes would have: each keeps its own agreement cache. */
describe('a revision or termination made through one store is honoured by the gate of another', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  const places: { name: string; options: () => StoreOptions }[] = [
    {
      name: 'sqlite',
      options: () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'armslength-cache-'));
        cleanups.push(() => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })));
        return { engine: 'sqlite', dataDir: dir };
      },
    },
  ];
  const databaseUrl = process.env['TEST_DATABASE_URL'] ?? '';
  if (engineList().some((e) => e.name === 'postgres')) {
    places.push({
      name: 'postgres',
      options: () => {
        const schema = uniqueSchemaName();
        cleanups.push(() => dropSchema(databaseUrl, schema));
        return { engine: 'postgres', databaseUrl, schema };
      },
    });
  }

  for (const place of places) {
    it(`[${place.name}]`, async () => {
      const options = place.options();
      const a: Store = await openStore(options);
      const b: Store = await openStore(options);
      try {
        const ctxA: AppContext = { store: a, clock: fixedClock('2026-06-30'), ids: randomIds };
        const ctxB: AppContext = { store: b, clock: fixedClock('2026-06-30'), ids: randomIds };
        const issuer = await createIssuer(ctxA, { name: { en: 'Issuer', 'zh-Hant': null }, isDemo: false });
        const actor: Actor = { userId: 'u', issuerId: issuer.id, roles: OPERATOR_ROLES };
        const agreement = await createAgreement(ctxA, actor, seedAgreementInput());
        const hw = agreement.caps.find(
          (c) => c.categoryKeys.includes('network-hardware') && c.periodStart === '2026-01-01',
        );
        const order = (amount: string, date = '2026-06-20') =>
          recordOrder(
            ctxB,
            actor,
            withQuotes({
              agreementId: agreement.id,
              categoryKey: 'network-hardware',
              reference: 'PO',
              signedOn: '2026-06-15',
              schedule: [{ date, amount, currency: 'CNY' }],
            }),
          );
        expect((await order('1000000.00')).statusCode).toBe(201); // store B now holds the agreement in memory
        await reviseCap(ctxA, actor, hw?.id ?? '', {
          amount: '2000000.00',
          effectiveFrom: '2026-06-01',
          approvedOn: '2026-06-01',
          reason: 'reduced',
          approvalReference: 'Board',
        });
        const refused = await order('1500000.00');
        expect(refused.statusCode).toBe(409);
        expect(refused.body).toMatchObject({
          reasons: [{ code: 'CAP_EXCEEDED', cap: '2000000.00', headroom: '1000000.00' }],
        });
        expect((await order('1000000.00')).statusCode).toBe(201);
        await terminateCategory(ctxA, actor, agreement.id, {
          categoryKey: 'network-hardware',
          effectiveOn: '2026-07-01',
          reason: 'ended early',
        });
        const late = await order('1.00', '2026-07-10');
        expect('reasons' in late.body && late.body.reasons.map((r) => r.code)).toEqual(['OUTSIDE_TERM']);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it(`[${place.name}] a supplier made connected through one store is refused by the other's pricing gate`, async () => {
      const options = place.options();
      const a: Store = await openStore(options);
      const b: Store = await openStore(options);
      try {
        const ctxA: AppContext = { store: a, clock: fixedClock('2026-06-30'), ids: randomIds };
        const ctxB: AppContext = { store: b, clock: fixedClock('2026-06-30'), ids: randomIds };
        const issuer = await createIssuer(ctxA, { name: { en: 'Issuer', 'zh-Hant': null }, isDemo: false });
        const actor: Actor = { userId: 'u', issuerId: issuer.id, roles: OPERATOR_ROLES };
        const agreement = await createAgreement(ctxA, actor, seedAgreementInput());
        await recordRegister(ctxA, actor, {
          parties: [
            { id: issuer.id, kind: 'company', name: { en: 'Issuer' } },
            { id: 'acme', kind: 'company', name: { en: 'Acme Data Centres Ltd' } },
          ],
        });
        const body = withQuotes({
          agreementId: agreement.id,
          categoryKey: 'network-hardware',
          reference: 'PO',
          signedOn: '2026-06-15',
          schedule: [{ date: '2026-06-20', amount: '1000.00', currency: 'CNY' }],
        });
        const [first] = body.pricing.independentQuotes;
        const withAcme = {
          ...body,
          pricing: {
            ...body.pricing,
            independentQuotes: [
              ...body.pricing.independentQuotes,
              { ...first, supplier: { partyId: 'acme' } },
            ],
          },
        };
        // Store B reads (and keeps) the register on this order: Acme is independent.
        expect((await recordOrder(ctxB, actor, withAcme)).statusCode).toBe(201);
        await recordRegister(ctxA, actor, {
          relationships: [{ kind: 'shareholding', holder: 'acme', company: issuer.id, percent: '12' }],
        });
        const refused = await recordOrder(ctxB, actor, withAcme);
        expect(refused.statusCode).toBe(409);
        expect('reasons' in refused.body && refused.body.reasons).toEqual([
          expect.objectContaining({
            code: 'QUOTE_NOT_INDEPENDENT',
            partyId: 'acme',
            why: 'connected-person',
          }),
        ]);
      } finally {
        await a.close();
        await b.close();
      }
    });
  }
});
