/** A field-level validation error: `path` names the field as the client sent it (`caps[1].amount`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FieldError[] };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const invalid = (path: string, message: string): Parsed<never> => ({
  ok: false,
  errors: [{ path, message }],
});

export const joinPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`;
