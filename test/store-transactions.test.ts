import { expect, it } from 'vitest';
import type { IssuerRecord } from '../src/app/ports.js';
import { describeEachEngine } from './support/engines.js';

const issuer = (id: string): IssuerRecord => ({
  id,
  name: { en: id, 'zh-Hant': null },
  isDemo: false,
  financialYearEnd: '12-31',
  prcIssuer: false,
});

describeEachEngine('store transactions', (open) => {
  it('keep concurrent transactions apart: a throw or a decision not to commit undoes only its own writes', async () => {
    const store = await open();
    const failure = new Error('refused inside the transaction');
    const results = await Promise.allSettled([
      store.transaction(async (tx) => ({
        commit: true,
        value: await tx.insertIssuer(issuer('iss_a'), 'now'),
      })),
      store.transaction(async (tx) => {
        await tx.insertIssuer(issuer('iss_b'), 'now');
        throw failure;
      }),
      store.transaction(async (tx) => {
        await tx.insertIssuer(issuer('iss_c'), 'now');
        return { commit: false, value: 'not committed' };
      }),
      store.transaction(async (tx) => ({
        commit: true,
        value: await tx.insertIssuer(issuer('iss_d'), 'now'),
      })),
    ]);
    expect(results).toEqual([
      { status: 'fulfilled', value: true },
      { status: 'rejected', reason: failure },
      { status: 'fulfilled', value: 'not committed' },
      { status: 'fulfilled', value: true },
    ]);
    expect((await store.listIssuers()).map((i) => i.id).sort()).toEqual(['iss_a', 'iss_d']);
  });

  it('let a later transaction see what an earlier one wrote', async () => {
    const store = await open();
    const [first, second] = await Promise.all([
      store.transaction(async (tx) => ({
        commit: true,
        value: await tx.insertIssuer(issuer('iss_same'), 'now'),
      })),
      store.transaction(async (tx) => ({
        commit: true,
        value: await tx.insertIssuer(issuer('iss_same'), 'later'),
      })),
    ]);
    expect([first, second].sort()).toEqual([false, true]);
    expect(await store.listIssuers()).toHaveLength(1);
  });
});
