/**
 * The HTTP API as the screens use it: same-origin fetch with the session cookie, the CSRF token on
 * every write, and the issuer chosen in the switcher. Every failure becomes an `ApiError` whose
 * `sentences` say what went wrong in words (never raw JSON): the API's own message, or each invalid
 * field with its reason.
 */

export interface SessionIssuer {
  readonly id: string;
  readonly name: { readonly en: string; readonly 'zh-Hant': string | null };
  readonly isDemo: boolean;
  readonly roles: readonly string[];
}

export interface SessionInfo {
  readonly via: string;
  readonly user: {
    readonly id: string;
    readonly email: string;
    readonly name: string | null;
    readonly mustChangePassword: boolean;
    /** The language kept with the account (PUT /api/v1/session/preferences); null until chosen. */
    readonly language?: string | null;
  } | null;
  readonly csrfToken?: string;
  readonly issuers: readonly SessionIssuer[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly sentences: readonly string[],
    readonly body: unknown,
  ) {
    super(sentences.join(' '));
  }
}

let csrfToken: string | null = null;
let issuerId: string | null = null;

export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};
export const setIssuer = (id: string | null): void => {
  issuerId = id;
};
export const currentIssuer = (): string | null => issuerId;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The words of an error answer: `{ message }`, `{ errors: [{ path, message }] }`, or the status. */
export function sentencesOf(status: number, body: unknown): string[] {
  if (isObject(body)) {
    const errors = body['errors'];
    if (Array.isArray(errors) && errors.length > 0)
      return errors.map((e) => {
        const path =
          isObject(e) && typeof e['path'] === 'string' && e['path'] !== '' ? e['path'] : 'The request';
        const message = isObject(e) && typeof e['message'] === 'string' ? e['message'] : 'is not valid';
        return `${path}: ${message}`;
      });
    if (typeof body['message'] === 'string') return [body['message']];
  }
  if (status === 401) return ['Your session has ended: sign in again.'];
  if (status === 403) return ['Your role does not allow this.'];
  if (status >= 500)
    return ['The server could not complete the request. Try again; if it persists, tell your administrator.'];
  return [`The request failed (${status}).`];
}

/**
 * One request. A `FormData` body is sent as multipart (the browser writes its content type and
 * boundary); any other body is sent as JSON. `extraHeaders` add to the usual ones (Idempotency-Key).
 */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Readonly<Record<string, string>> = {},
): Promise<T> {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (issuerId) headers['x-armslength-issuer'] = issuerId;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: isForm ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    parsed = text;
  }
  if (!res.ok) {
    const code = isObject(parsed) && typeof parsed['code'] === 'string' ? parsed['code'] : null;
    throw new ApiError(res.status, code, sentencesOf(res.status, parsed), parsed);
  }
  return parsed as T;
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T>(path: string, body: unknown): Promise<T> => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown): Promise<T> => api<T>('PUT', path, body);
export const del = <T>(path: string): Promise<T> => api<T>('DELETE', path);

/** A query string from the defined values. */
export const query = (params: Record<string, string | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
};
