/**
 * The multipart form of `POST /api/v1/evidence`, read into memory, and the headers a stored file is
 * served with. @fastify/multipart's own errors (file too large, too many files or fields) become
 * field errors here: an upload it cut short is refused whole, never stored truncated.
 */
import { hasNul } from './body-checks.js';
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../app/errors.js';
import { EVIDENCE_MAX_BYTES, tooLargeMessage } from '../domain/evidence.js';
import type { FieldError } from '../domain/index.js';

/** The limits @fastify/multipart is registered with (server.ts). */
export const EVIDENCE_MULTIPART_LIMITS = {
  // One byte over the limit is let through, so that a file over it is reported with its size
  // rather than cut off (anything larger is cut off, and refused).
  fileSize: EVIDENCE_MAX_BYTES + 1,
  files: 1,
  fields: 10,
} as const;

/** The routes that read a multipart form; every other route speaks JSON only. */
const MULTIPART_ROUTES: ReadonlySet<string> = new Set(['/api/v1/evidence', '/api/v1/imports/:kind']);

/** A preValidation hook: a multipart body sent to a JSON route is refused as it was before multipart support. */
export function refuseStrayMultipart(request: FastifyRequest): Promise<void> {
  if (request.isMultipart() && !MULTIPART_ROUTES.has(request.routeOptions.url ?? '')) {
    return Promise.reject(
      AppError.invalid([
        { path: '', message: 'the body must be JSON, sent with Content-Type: application/json' },
      ]),
    );
  }
  return Promise.resolve();
}

const FILE_PART = 'file';
const FIELDS = ['issuedOn', 'description'] as const;
type FieldName = (typeof FIELDS)[number];

const FORM_HINT =
  'send multipart/form-data with the document in a part named "file" and the fields "issuedOn" (YYYY-MM-DD) and, optionally, "description"';

export interface EvidenceForm {
  readonly file: { readonly bytes: Uint8Array; readonly mediaType: string; readonly filename: string };
  readonly issuedOn: string | undefined;
  readonly description: string | undefined;
}

/** @fastify/multipart's errors carry a code (FST_REQ_FILE_TOO_LARGE…). */
const codeOf = (e: unknown): string | undefined => {
  const code: unknown = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
};

function multipartError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const code = codeOf(e);
  const at = (path: string, message: string) => AppError.invalid([{ path, message }]);
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return at(FILE_PART, tooLargeMessage());
    case 'FST_FILES_LIMIT':
      return at(FILE_PART, `more than one file was sent; ${FORM_HINT}`);
    case 'FST_FIELDS_LIMIT':
      return at('', `more than ${EVIDENCE_MULTIPART_LIMITS.fields} form fields were sent; ${FORM_HINT}`);
    case 'FST_PARTS_LIMIT':
      return at('', `the form has too many parts; ${FORM_HINT}`);
    case 'FST_PROTO_VIOLATION':
      return at('', `a form field has a reserved name; ${FORM_HINT}`);
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return at('', 'a form field declared as JSON is not valid JSON; send the fields as plain text');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return at('', `the body is not multipart/form-data; ${FORM_HINT}`);
    default:
      // Anything else the parser raised is about the body the client sent (busboy: "Unexpected end
      // of form", a malformed part header, a connection closed midway).
      if (e instanceof Error)
        return at('', `the multipart body could not be read (${e.message}); ${FORM_HINT}`);
      throw e;
  }
}

/**
 * Reads the whole form. Refused with field errors (and nothing stored): no file part, a file under
 * another name, a file over the limit, an unknown or repeated field.
 */
export async function readEvidenceForm(request: FastifyRequest): Promise<EvidenceForm> {
  if (!request.isMultipart())
    throw AppError.invalid([{ path: '', message: `the body is not multipart/form-data; ${FORM_HINT}` }]);
  const errors: FieldError[] = [];
  let file: EvidenceForm['file'] | undefined;
  const fields = new Map<FieldName, string>();
  try {
    for await (const part of request.parts() as AsyncIterable<Multipart>) {
      if (part.type === 'file') {
        // Read to the end even when refused, so that the parser goes on to the next part.
        const bytes = await part.toBuffer();
        if (part.fieldname !== FILE_PART) {
          errors.push({
            path: FILE_PART,
            message: `the file was sent in a part named "${part.fieldname}"; ${FORM_HINT}`,
          });
          continue;
        }
        if (hasNul(part.filename)) {
          errors.push({ path: FILE_PART, message: 'the file name contains the NUL character (U+0000)' });
          continue;
        }
        file = {
          bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          mediaType: part.mimetype,
          filename: part.filename,
        };
        continue;
      }
      const name = FIELDS.find((f) => f === part.fieldname);
      if (name === undefined) {
        // A part with no name at all is named by its position in the form.
        errors.push({
          path: typeof part.fieldname === 'string' && part.fieldname !== '' ? part.fieldname : '',
          message: `is not a field of this form; ${FORM_HINT}`,
        });
      } else if (fields.has(name)) {
        errors.push({ path: name, message: 'must be given once' });
      } else if (part.valueTruncated) {
        errors.push({ path: name, message: 'is too long' });
      } else if (typeof part.value === 'string' && hasNul(part.value)) {
        errors.push({ path: name, message: 'contains the NUL character (U+0000), which text may not hold' });
      } else {
        fields.set(name, typeof part.value === 'string' ? part.value : JSON.stringify(part.value));
      }
    }
  } catch (e) {
    throw multipartError(e);
  }
  if (!file && !errors.some((e) => e.path === FILE_PART)) {
    errors.unshift({ path: FILE_PART, message: `is required: no file was sent; ${FORM_HINT}` });
  }
  if (errors.length > 0 || !file) throw AppError.invalid(errors);
  return { file, issuedOn: fields.get('issuedOn'), description: fields.get('description') };
}

/** text/* is served as the UTF-8 it was checked to be. */
export const servedContentType = (mediaType: string): string =>
  mediaType.startsWith('text/') ? `${mediaType}; charset=utf-8` : mediaType;

/**
 * `attachment` with the file name: quoted ASCII when it is plain ASCII, else an ASCII stand-in plus
 * the exact name as RFC 5987 `filename*` (UTF-8, percent-encoded).
 */
export function contentDisposition(filename: string): string {
  if (/^[\x20-\x7e]*$/.test(filename) && !/["\\%]/.test(filename))
    return `attachment; filename="${filename}"`;
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
