import type { LocalisedName } from '../domain/index.js';
import type { AppContext } from './context.js';
import type { IssuerRecord } from './ports.js';

export interface IssuerInput {
  readonly name: LocalisedName;
  readonly isDemo: boolean;
  readonly financialYearEnd?: string;
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
export async function ensureIssuer(ctx: AppContext, input: IssuerInput): Promise<{ issuer: IssuerRecord; created: boolean }> {
  const issuer: IssuerRecord = {
    id: input.id ?? ctx.ids.next('iss'),
    name: input.name,
    isDemo: input.isDemo,
    financialYearEnd: input.financialYearEnd ?? '12-31',
  };
  const created = await ctx.store.transaction(async (tx) => ({ commit: true, value: await tx.insertIssuer(issuer, ctx.clock.now()) }));
  if (created) return { issuer, created };
  const existing = await ctx.store.getIssuer(issuer.id);
  if (!existing) throw new Error(`issuer ${issuer.id} vanished`);
  return { issuer: existing, created };
}

export const listIssuers = (ctx: AppContext): Promise<IssuerRecord[]> => ctx.store.listIssuers();
