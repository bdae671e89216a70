/**
 * Evidence files for the pricing-policy gate (issue 4): what may be uploaded, and why a file is
 * refused. Pure: the bytes are inspected, never stored or hashed here.
 */
import { invalid, parsed, type FieldError, type Parsed } from './result.js';

/** 20 MiB. A quote, an invoice or a price list is far smaller; a scan of many pages fits. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

export const EVIDENCE_MEDIA_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'message/rfc822',
] as const;

export type EvidenceMediaType = (typeof EVIDENCE_MEDIA_TYPES)[number];

/** The file extensions a media type is inferred from when the client does not say (or says octet-stream). */
export const EVIDENCE_EXTENSIONS: Readonly<Record<string, EvidenceMediaType>> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.eml': 'message/rfc822',
};

export const FILENAME_MAX_CHARS = 255;

/** What the upload is, once accepted: the type is one of the allowed ones, the name a base name. */
export interface CheckedEvidenceFile {
  readonly mediaType: EvidenceMediaType;
  readonly filename: string;
  readonly size: number;
}

export interface EvidenceFileInput {
  readonly bytes: Uint8Array;
  /** As the client declared it (a part's Content-Type); '' or application/octet-stream: infer from the name. */
  readonly mediaType: string;
  readonly filename: string;
}

const PATH = 'file';

const isEvidenceMediaType = (t: string): t is EvidenceMediaType =>
  (EVIDENCE_MEDIA_TYPES as readonly string[]).includes(t);

/** 20971520 → "20,971,520". */
function grouped(n: number): string {
  const digits = String(n);
  let out = '';
  for (let i = 0; i < digits.length; i += 1) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

const MIB = 1024 * 1024;
/** Integer division of non-negative safe integers (the domain has no Math). */
const div = (a: number, b: number): number => (a - (a % b)) / b;

/**
 * Bytes as MB (MiB) with one decimal, rounded up, in integers only: a file just over the limit
 * must not read as exactly the limit.
 */
export function formatMegabytes(bytes: number): string {
  const tenths = div(bytes * 10 + MIB - 1, MIB);
  const whole = div(tenths, 10);
  const rest = tenths % 10;
  return rest === 0 && bytes % MIB === 0 ? `${whole} MB` : `${whole}.${rest} MB`;
}

/** The limit stated for people: "20 MB (20,971,520 bytes)". */
export const EVIDENCE_LIMIT_TEXT = `${formatMegabytes(EVIDENCE_MAX_BYTES)} (${grouped(EVIDENCE_MAX_BYTES)} bytes)`;

/** The message for a file over the limit; `bytes` undefined when the upload was cut off at the limit. */
export function tooLargeMessage(bytes?: number): string {
  return bytes === undefined
    ? `is larger than the limit of ${EVIDENCE_LIMIT_TEXT}; nothing was stored`
    : `is ${formatMegabytes(bytes)} (${grouped(bytes)} bytes), larger than the limit of ${EVIDENCE_LIMIT_TEXT}`;
}

/**
 * The base name: whatever follows the last '/' or '\' (a browser may send "C:\fakepath\q.pdf"). At
 * most 255 characters, with no control characters.
 */
export function parseFilename(raw: string, path = PATH): Parsed<string> {
  const slash = raw.lastIndexOf('/');
  const backslash = raw.lastIndexOf('\\');
  const base = raw.slice((slash > backslash ? slash : backslash) + 1);
  if (base.trim() === '')
    return invalid(path, 'has no file name; send the file with its name (e.g. "quote-2025-07.pdf")');
  if (base === '.' || base === '..') return invalid(path, `"${base}" is not a file name`);
  for (const ch of base) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      const hex = c.toString(16).toUpperCase().padStart(4, '0');
      return invalid(path, `the file name contains a control character (U+${hex}); rename the file`);
    }
  }
  const chars = [...base].length;
  if (chars > FILENAME_MAX_CHARS)
    return invalid(
      path,
      `the file name is ${chars} characters long; at most ${FILENAME_MAX_CHARS} are allowed`,
    );
  return parsed(base);
}

const extensionOf = (filename: string): string => {
  const dot = filename.lastIndexOf('.');
  return dot <= 0 ? '' : filename.slice(dot).toLowerCase();
};

const allowedList = (): string => Object.keys(EVIDENCE_EXTENSIONS).join(' ');

/** The declared type without parameters, lower case: "Text/Plain; charset=utf-8" → "text/plain". */
const bareType = (declared: string): string => (declared.split(';')[0] ?? '').trim().toLowerCase();

function resolveMediaType(declared: string, filename: string): Parsed<EvidenceMediaType> {
  const bare = bareType(declared);
  if (bare !== '' && bare !== 'application/octet-stream') {
    if (isEvidenceMediaType(bare)) return parsed(bare);
    return invalid(
      PATH,
      `the media type ${bare} is not accepted as evidence; accepted: ${EVIDENCE_MEDIA_TYPES.join(', ')}`,
    );
  }
  const ext = extensionOf(filename);
  const inferred = EVIDENCE_EXTENSIONS[ext];
  if (inferred !== undefined) return parsed(inferred);
  const said = bare === '' ? 'no media type was given' : 'the media type given was application/octet-stream';
  return invalid(
    PATH,
    ext === ''
      ? `${said} and the file name "${filename}" has no extension to tell the type by; accepted extensions: ${allowedList()}`
      : `${said} and the extension ${ext} is not accepted as evidence; accepted extensions: ${allowedList()}`,
  );
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const MAGIC: Readonly<Record<string, { readonly bytes: readonly number[]; readonly shows: string }>> = {
  'application/pdf': { bytes: ascii('%PDF-'), shows: '"%PDF-"' },
  'image/png': { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], shows: '89 50 4E 47 0D 0A 1A 0A' },
  'image/jpeg': { bytes: [0xff, 0xd8, 0xff], shows: 'FF D8 FF' },
  // An Office Open XML file is a ZIP archive: a local file header first.
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    shows: '"PK" 03 04 (a ZIP archive)',
  },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    shows: '"PK" 03 04 (a ZIP archive)',
  },
};

/** What the bytes look like, to say what a mislabelled file really is. */
function sniff(bytes: Uint8Array): string | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'a PDF';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'a PNG image';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'a JPEG image';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'a ZIP archive (such as .xlsx or .docx)';
  if (startsWith(bytes, ascii('GIF8'))) return 'a GIF image';
  return null;
}

/**
 * The byte offset of the first malformed UTF-8 sequence, or null when the bytes are well-formed
 * UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return null;
}

function checkContent(bytes: Uint8Array, mediaType: EvidenceMediaType): FieldError | null {
  const magic = MAGIC[mediaType];
  if (magic !== undefined) {
    if (startsWith(bytes, magic.bytes)) return null;
    const actually = sniff(bytes);
    return {
      path: PATH,
      message:
        `the file is declared ${mediaType} but its content does not start as one does (${magic.shows})` +
        (actually === null ? '' : `; it looks like ${actually}`),
    };
  }
  // text/plain, text/csv, message/rfc822: text, which must be UTF-8 and never binary.
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      path: PATH,
      message: `the file is declared ${mediaType} but contains a NUL byte at offset ${nul}: it is not text`,
    };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== null) {
    return {
      path: PATH,
      message: `the file is declared ${mediaType} but is not valid UTF-8 (at byte offset ${bad}); save it as UTF-8`,
    };
  }
  return null;
}

/**
 * Whether an upload may be kept as evidence, and as what. Every problem is said at path 'file': the
 * name, the size, the type and whether the bytes are what the type says.
 */
export function checkEvidenceFile(input: EvidenceFileInput): Parsed<CheckedEvidenceFile> {
  const name = parseFilename(input.filename);
  if (!name.ok) return name;
  const size = input.bytes.length;
  if (size === 0) return invalid(PATH, 'is empty (0 bytes); nothing was stored');
  if (size > EVIDENCE_MAX_BYTES) return invalid(PATH, tooLargeMessage(size));
  const type = resolveMediaType(input.mediaType, name.value);
  if (!type.ok) return type;
  const wrong = checkContent(input.bytes, type.value);
  if (wrong !== null) return { ok: false, errors: [wrong] };
  return parsed({ mediaType: type.value, filename: name.value, size });
}

const SHA256 = /^[0-9a-f]{64}$/;

export const isSha256 = (value: unknown): value is string => typeof value === 'string' && SHA256.test(value);

/** A SHA-256 reference as a client sends it: 64 hexadecimal digits, either case; kept in lower case. */
export function parseSha256(value: unknown, path: string): Parsed<string> {
  if (value === undefined || value === null || value === '')
    return invalid(path, 'is required: the SHA-256 of an uploaded evidence file (64 hexadecimal digits)');
  if (typeof value !== 'string') return invalid(path, 'must be a string: a SHA-256 of 64 hexadecimal digits');
  const lower = value.trim().toLowerCase();
  if (!SHA256.test(lower))
    return invalid(path, `${JSON.stringify(value)} is not a SHA-256: expected 64 hexadecimal digits`);
  return parsed(lower);
}
