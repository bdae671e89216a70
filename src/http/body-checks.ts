/**
 * Issue 6, item 6: what every JSON body, path and query is checked for before a route sees it.
 * - Nesting deeper than MAX_DEPTH levels: no real request comes near it, and recursive code further
 *   in (the idempotency hash, say) must never meet a 100,000-level body.
 * - The NUL character (U+0000) in any text: PostgreSQL cannot store it in text, and no real name,
 *   reference or note contains it, so it is refused as invalid input (422) on both engines alike.
 */
import type { FieldError } from '../domain/index.js';

export const MAX_DEPTH = 64;

const joinPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`;

/** The first problem of a parsed JSON body (walked iteratively, so that no depth overflows the stack), or null. */
export function bodyProblem(value: unknown): FieldError | null {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop() as { v: unknown; path: string; depth: number };
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        return { path, message: 'contains the NUL character (U+0000), which text may not hold' };
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_DEPTH) return { path, message: `is nested more than ${MAX_DEPTH} levels deep` };
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ v: item, path: joinPath(path, i), depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      if (key.includes('\u0000'))
        return {
          path: joinPath(path, key.split('\u0000').join('\\u0000')),
          message: 'a field name contains the NUL character (U+0000)',
        };
      stack.push({ v: item, path: joinPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}

export const hasNul = (text: string): boolean => text.includes('\u0000');
