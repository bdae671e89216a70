/**
 * Issue 6, item 3: first-run setup and the demo's admin. A new installation has no account; the
 * first one is made either by `armslength users add` (whoever can open the database owns it) or in
 * the browser with the one-time setup code the server prints at start (decision 0014).
 */
import { randomBytes } from 'node:crypto';
import { isRole, ROLES, type Role } from '../domain/authz/index.js';
import type { FieldError } from '../domain/index.js';
import type { UserRecord } from './accounts-ports.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { createIssuer } from './issuers.js';
import type { IssuerRecord } from './ports.js';
import { addUser } from './users.js';

/** Whether the installation still needs its first account. */
export const needsSetup = async (ctx: AppContext): Promise<boolean> => (await ctx.store.countUsers()) === 0;

export interface SetupDone {
  readonly user: UserRecord;
  readonly issuer: IssuerRecord;
  readonly roles: readonly Role[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const SETUP_FIELDS = new Set(['setupCode', 'email', 'password', 'name', 'issuerName', 'roles']);

/**
 * Makes the first account: `admin` (plus any `roles` asked for) at the issuer named `issuerName`
 * (created), else at the first issuer that is not the demo. Refused once any account exists.
 */
export async function completeSetup(ctx: AppContext, body: unknown): Promise<SetupDone> {
  if (!(await needsSetup(ctx)))
    throw AppError.conflict('SETUP_DONE', 'setup is done: an account exists, so sign in instead');
  if (!isObject(body)) throw AppError.invalid([{ path: '', message: 'must be a JSON object' }]);
  const errors: FieldError[] = [];
  for (const key of Object.keys(body))
    if (!SETUP_FIELDS.has(key)) errors.push({ path: key, message: 'is not a field of the setup' });
  const text = (key: string, required: boolean): string | undefined => {
    const v = body[key];
    if (v === undefined || v === null) {
      if (required) errors.push({ path: key, message: 'is required' });
      return undefined;
    }
    if (typeof v !== 'string') {
      errors.push({ path: key, message: 'must be text' });
      return undefined;
    }
    return v;
  };
  const email = text('email', true);
  const password = text('password', true);
  const name = text('name', false);
  const issuerName = text('issuerName', false)?.trim();
  if (issuerName !== undefined && (issuerName === '' || issuerName.length > 200))
    errors.push({ path: 'issuerName', message: 'must be 1 to 200 characters' });
  const roles: Role[] = ['admin'];
  const asked = body['roles'];
  if (asked !== undefined) {
    if (!Array.isArray(asked)) errors.push({ path: 'roles', message: 'must be a list of roles' });
    else
      asked.forEach((r, i) => {
        if (!isRole(r)) errors.push({ path: `roles[${i}]`, message: `must be one of ${ROLES.join(', ')}` });
        else if (!roles.includes(r)) roles.push(r);
      });
  }
  const real = (await ctx.store.listIssuers()).filter((i) => !i.isDemo);
  if (issuerName === undefined && real.length === 0)
    errors.push({ path: 'issuerName', message: 'is required: there is no issuer yet' });
  if (errors.length > 0 || email === undefined || password === undefined) throw AppError.invalid(errors);

  const issuer =
    issuerName !== undefined
      ? await createIssuer(ctx, { name: { en: issuerName, 'zh-Hant': null }, isDemo: false })
      : (real[0] as IssuerRecord);
  let user: UserRecord | undefined;
  for (const role of roles) {
    const added = await addUser(ctx, 'setup', { email, password, name, issuerId: issuer.id, role });
    user = added.user;
  }
  return { user: user as UserRecord, issuer, roles };
}

/** The demo admin's address: `.invalid` (RFC 2606), so no mail can ever reach anyone. */
export const DEMO_ADMIN_EMAIL = 'admin@demo.armslength.invalid';

/**
 * The demo's admin, holding every role at the demo issuer so that the whole product can be tried.
 * The password is random, returned once to be printed, and marked to be changed: `armslength doctor`
 * reports the account until it is.
 */
export async function createDemoAdmin(
  ctx: AppContext,
  demoIssuerId: string,
): Promise<{ email: string; password: string }> {
  const password = randomBytes(18).toString('base64url');
  for (const role of ROLES) {
    await addUser(ctx, 'demo-loader', {
      email: DEMO_ADMIN_EMAIL,
      password,
      name: 'Demo administrator',
      issuerId: demoIssuerId,
      role,
      mustChangePassword: true,
    });
  }
  return { email: DEMO_ADMIN_EMAIL, password };
}
