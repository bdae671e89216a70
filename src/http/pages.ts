/**
 * Issue 6: the server-rendered sign-in, sign-out and first-run setup pages (the web application of
 * issue 8 replaces them). Plain forms, no script; the form bodies are the only non-JSON bodies the
 * server reads.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.js';
import { signIn, SignInRefused, signOut, csrfMatches } from '../app/sessions.js';
import type { AppContext } from '../app/context.js';
import type { AttemptLimiter } from './auth.js';
import { clearedSessionCookie, principalOf, sessionCookie } from './auth.js';
import { escapeHtml } from '../domain/html.js';

const FORM_PATHS = new Set(['/login', '/logout']);

/** The forms' CSP: no script, nothing external, forms post only here. */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const STYLE = `body{font-family:"Noto Sans CJK TC","Noto Sans TC",system-ui,sans-serif;margin:2rem;color:#1b1f23;max-width:28rem}
label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.4rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.45rem 1rem;font-size:1rem}.error{background:#fdecea;border:1px solid #c62828;padding:.5rem .75rem;border-radius:4px}`;

export function signInPage(message: string | null, email = ''): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · 登入 · Arm's Length</title><style>${STYLE}</style></head>
<body>
<h1>Arm's Length</h1>
<p>Sign in to see your issuer's continuing connected transactions.<br><span lang="zh-Hant">登入以查看發行人的持續關連交易。</span></p>
${message === null ? '' : `<p class="error" role="alert">${escapeHtml(message)}</p>`}
<form method="post" action="/login">
<label for="email">E-mail address · <span lang="zh-Hant">電郵地址</span></label><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">Password · <span lang="zh-Hant">密碼</span></label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in · <span lang="zh-Hant">登入</span></button>
</form>
</body>
</html>
`;
}

const sendPage = (reply: FastifyReply, status: number, html: string): FastifyReply =>
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Content-Security-Policy', PAGE_CSP)
    .header('Cache-Control', 'no-store')
    .send(html);

const field = (body: unknown, name: string): string =>
  typeof body === 'object' && body !== null && typeof (body as Record<string, unknown>)[name] === 'string'
    ? ((body as Record<string, unknown>)[name] as string)
    : '';

export function registerPages(app: FastifyInstance, ctx: AppContext, limiter: AttemptLimiter): void {
  // Form bodies only where a form posts; everywhere else the API reads JSON alone.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (request, body, done) => {
      if (!FORM_PATHS.has(request.url.split('?')[0] ?? '')) {
        done(
          AppError.invalid([
            { path: '', message: 'the body must be JSON, sent with Content-Type: application/json' },
          ]),
          undefined,
        );
        return;
      }
      const params = new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'));
      done(null, Object.fromEntries(params));
    },
  );

  app.get('/login', (_request, reply) => sendPage(reply, 200, signInPage(null)));

  app.post('/login', async (request: FastifyRequest, reply) => {
    const email = field(request.body, 'email');
    const wait = limiter.take(request.ip);
    if (wait !== null) {
      void reply.header('Retry-After', String(wait));
      return sendPage(
        reply,
        429,
        signInPage(`Too many sign-in attempts: try again in ${wait} seconds.`, email),
      );
    }
    try {
      const signedIn = await signIn(
        ctx,
        email,
        field(request.body, 'password'),
        request.headers['user-agent'],
      );
      return reply
        .code(303)
        .header('Set-Cookie', sessionCookie(request, signedIn.token))
        .header('Location', '/')
        .send();
    } catch (error) {
      if (error instanceof SignInRefused)
        return sendPage(
          reply,
          401,
          signInPage(`${error.message[0]?.toUpperCase() ?? ''}${error.message.slice(1)}.`, email),
        );
      throw error;
    }
  });

  app.post('/logout', async (request, reply) => {
    const principal = await principalOf(ctx, request);
    if (principal?.kind === 'session' && csrfMatches(principal.csrfToken, field(request.body, 'csrfToken')))
      await signOut(ctx, principal.sessionId);
    return reply
      .code(303)
      .header('Set-Cookie', clearedSessionCookie(request))
      .header('Location', '/login')
      .send();
  });
}
