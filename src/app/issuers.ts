import type { LocalisedName } from '../domain/index.js';
import type { AppContext } from './context.js';
import type { IssuerRecord } from './ports.js';

export interface IssuerInput {
  readonly name: LocalisedName;
  readonly isDemo: boolean;
  readonly financialYearEnd?: string;
  readonly prcIssuer?: boolean;
  readonly id?: string;
}

/** Creates an issuer (a listed company whose CCTs are kept). Accounts and roles come with issue 6. */
export async function createIssuer(ctx: AppContext, input: IssuerInput): Promise<IssuerRecord> {
  return (await ensureIssuer(ctx, input)).issuer;
}

/**
 * Creates the issuer unless one with the same id exists. With a fixed id (the default and demo
 * issuers) two processes starting at once on a new database end up with one issuer, not two.
 */
export async function ensureIssuer(
  ctx: AppContext,
  input: IssuerInput,
): Promise<{ issuer: IssuerRecord; created: boolean }> {
  const issuer: IssuerRecord = {
    id: input.id ?? ctx.ids.next('iss'),
    name: input.name,
    isDemo: input.isDemo,
    financialYearEnd: input.financialYearEnd ?? '12-31',
    prcIssuer: input.prcIssuer ?? false,
  };
  const created = await ctx.store.transaction(async (tx) => ({
    commit: true,
    value: await tx.insertIssuer(issuer, ctx.clock.now()),
  }));
  if (created) return { issuer, created };
  const existing = await ctx.store.getIssuer(issuer.id);
  if (!existing) throw new Error(`issuer ${issuer.id} vanished`);
  return { issuer: existing, created };
}

export const listIssuers = (ctx: AppContext): Promise<IssuerRecord[]> => ctx.store.listIssuers();

export const DEFAULT_ISSUER_ID = 'iss_default';
export const DEFAULT_ISSUER_NAME: LocalisedName = { en: 'Default issuer', 'zh-Hant': '預設發行人' };

/**
 * The issuer a request acts for when it names none (decision 0005). Writes never go to the demo
 * issuer: they go to the first real issuer, created as "Default issuer" when there is none yet, so
 * illustrative figures never mix with real records. Reads show the first real issuer that has
 * agreements, else the demo, else the first real issuer; null when there is no issuer at all (a
 * read creates nothing).
 */
export async function defaultIssuerFor(
  ctx: AppContext,
  purpose: 'read' | 'write',
): Promise<IssuerRecord | null> {
  const issuers = await ctx.store.listIssuers();
  const real = issuers.filter((i) => !i.isDemo);
  if (purpose === 'write') {
    return (
      real[0] ??
      (await ensureIssuer(ctx, { id: DEFAULT_ISSUER_ID, name: DEFAULT_ISSUER_NAME, isDemo: false })).issuer
    );
  }
  for (const issuer of real) {
    if ((await ctx.store.listAgreements(issuer.id)).length > 0) return issuer;
  }
  return issuers.find((i) => i.isDemo) ?? real[0] ?? null;
}
