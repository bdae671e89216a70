import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EVIDENCE_MAX_BYTES,
  checkEvidenceFile,
  firstInvalidUtf8,
  formatMegabytes,
  parseFilename,
  parseSha256,
} from './evidence.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const withHead = (head: Uint8Array, size = 64): Uint8Array => {
  const out = new Uint8Array(size).fill(0x20);
  out.set(head);
  return out;
};

const PDF = utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG = withHead(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a));
const JPEG = withHead(bytes(0xff, 0xd8, 0xff, 0xe0));
const ZIP = withHead(bytes(0x50, 0x4b, 0x03, 0x04));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const errorOf = (r: ReturnType<typeof checkEvidenceFile>) => {
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]?.path).toBe('file');
  return r.errors[0]?.message ?? '';
};

describe('evidence files: accepted', () => {
  it.each([
    { what: 'a PDF', file: PDF, declared: 'application/pdf', name: 'quote.pdf', as: 'application/pdf' },
    { what: 'a PNG', file: PNG, declared: 'image/png', name: 'scan.png', as: 'image/png' },
    { what: 'a JPEG', file: JPEG, declared: 'image/jpeg', name: 'scan.jpg', as: 'image/jpeg' },
    { what: 'an XLSX', file: ZIP, declared: XLSX, name: 'prices.xlsx', as: XLSX },
    { what: 'a DOCX', file: ZIP, declared: DOCX, name: 'letter.docx', as: DOCX },
    {
      what: 'plain text',
      file: utf8('Unit price RMB 1,200'),
      declared: 'text/plain',
      name: 'n.txt',
      as: 'text/plain',
    },
    {
      what: 'CSV in Chinese',
      file: utf8('型號,單價\nA1,1200\n'),
      declared: 'text/csv',
      name: 'p.csv',
      as: 'text/csv',
    },
    {
      what: 'an e-mail',
      file: utf8('From: sales@example.com\r\nSubject: Quote\r\n\r\nRMB 1,200\r\n'),
      declared: 'message/rfc822',
      name: 'quote.eml',
      as: 'message/rfc822',
    },
    {
      what: 'a declared type with parameters and capitals',
      file: utf8('hello'),
      declared: 'Text/Plain; charset=UTF-8',
      name: 'n.txt',
      as: 'text/plain',
    },
    {
      what: 'octet-stream, by extension',
      file: PDF,
      declared: 'application/octet-stream',
      name: 'Q.PDF',
      as: 'application/pdf',
    },
    { what: 'no type, by extension .jpeg', file: JPEG, declared: '', name: 'x.jpeg', as: 'image/jpeg' },
    { what: 'no type, by extension .xlsx', file: ZIP, declared: '', name: 'x.xlsx', as: XLSX },
    {
      what: 'no type, by extension .eml',
      file: utf8('Subject: hi\r\n\r\nbody'),
      declared: '',
      name: 'm.eml',
      as: 'message/rfc822',
    },
  ])('$what → $as', ({ file, declared, name, as }) => {
    const r = checkEvidenceFile({ bytes: file, mediaType: declared, filename: name });
    expect(r).toEqual({ ok: true, value: { mediaType: as, filename: name, size: file.length } });
  });

  it('keeps only the base name of a path (a browser may send C:\\fakepath\\…)', () => {
    for (const [raw, base] of [
      ['C:\\fakepath\\quote 2025.pdf', 'quote 2025.pdf'],
      ['/home/a/b/quote.pdf', 'quote.pdf'],
      ['../../etc/quote.pdf', 'quote.pdf'],
      ['報價單.pdf', '報價單.pdf'],
    ] as const) {
      const r = checkEvidenceFile({ bytes: PDF, mediaType: 'application/pdf', filename: raw });
      expect(r.ok && r.value.filename).toBe(base);
    }
  });

  it('accepts a file of exactly the limit', () => {
    const big = new Uint8Array(EVIDENCE_MAX_BYTES).fill(0x20);
    big.set(utf8('%PDF-'));
    expect(checkEvidenceFile({ bytes: big, mediaType: 'application/pdf', filename: 'big.pdf' }).ok).toBe(
      true,
    );
  });
});

describe('evidence files: refused, saying why', () => {
  it('an empty file', () => {
    expect(
      errorOf(checkEvidenceFile({ bytes: bytes(), mediaType: 'application/pdf', filename: 'q.pdf' })),
    ).toBe('is empty (0 bytes); nothing was stored');
  });

  it('a file one byte over the limit, with its exact size', () => {
    const big = new Uint8Array(EVIDENCE_MAX_BYTES + 1);
    big.set(utf8('%PDF-'));
    expect(errorOf(checkEvidenceFile({ bytes: big, mediaType: 'application/pdf', filename: 'q.pdf' }))).toBe(
      'is 20.1 MB (20,971,521 bytes), larger than the limit of 20 MB (20,971,520 bytes)',
    );
  });

  it.each([
    { bytes: 22_334_668, shown: '21.3 MB' },
    { bytes: 20 * 1024 * 1024, shown: '20 MB' },
    { bytes: 20 * 1024 * 1024 + 1, shown: '20.1 MB' },
    { bytes: 1, shown: '0.1 MB' },
    { bytes: 1024 * 1024 - 1, shown: '1.0 MB' },
  ])('sizes are shown in MB rounded up, in integers: $bytes → $shown', ({ bytes: n, shown }) => {
    expect(formatMegabytes(n)).toBe(shown);
  });

  it.each([
    {
      what: 'a PNG declared as PDF',
      file: PNG,
      declared: 'application/pdf',
      name: 'q.pdf',
      says: /declared application\/pdf but its content does not start as one does \("%PDF-"\); it looks like a PNG image/,
    },
    {
      what: 'a PDF declared as PNG',
      file: PDF,
      declared: 'image/png',
      name: 'q.png',
      says: /declared image\/png .*89 50 4E 47 0D 0A 1A 0A.*looks like a PDF/,
    },
    {
      what: 'a PDF declared as JPEG',
      file: PDF,
      declared: 'image/jpeg',
      name: 'q.jpg',
      says: /declared image\/jpeg .*FF D8 FF/,
    },
    {
      what: 'text declared as XLSX',
      file: utf8('a,b\n'),
      declared: XLSX,
      name: 'q.xlsx',
      says: /declared application\/vnd\.openxmlformats.*ZIP archive/,
    },
    {
      what: 'a PDF named .docx with no type',
      file: PDF,
      declared: '',
      name: 'q.docx',
      says: /declared .*wordprocessingml.*looks like a PDF/,
    },
    {
      what: 'a file shorter than its signature',
      file: bytes(0x25, 0x50),
      declared: 'application/pdf',
      name: 'q.pdf',
      says: /does not start as one does/,
    },
    {
      what: 'text with a NUL byte',
      file: bytes(0x61, 0x62, 0x00, 0x63),
      declared: 'text/plain',
      name: 'q.txt',
      says: /contains a NUL byte at offset 2: it is not text/,
    },
    {
      what: 'a CSV in Big5, not UTF-8',
      file: bytes(0x41, 0x2c, 0xb3, 0xe6, 0xbb, 0xf9),
      declared: 'text/csv',
      name: 'q.csv',
      says: /declared text\/csv but is not valid UTF-8 \(at byte offset 2\); save it as UTF-8/,
    },
    {
      what: 'a PDF declared as an e-mail',
      file: withHead(utf8('%PDF-'), 8).map((b) => (b === 0x20 ? 0xff : b)),
      declared: 'message/rfc822',
      name: 'q.eml',
      says: /declared message\/rfc822 but is not valid UTF-8/,
    },
    {
      what: 'a type not accepted',
      file: PDF,
      declared: 'application/zip',
      name: 'q.zip',
      says: /the media type application\/zip is not accepted as evidence; accepted: application\/pdf, image\/png/,
    },
    {
      what: 'HTML',
      file: utf8('<html>'),
      declared: 'text/html',
      name: 'q.html',
      says: /text\/html is not accepted/,
    },
    {
      what: 'octet-stream with an unknown extension',
      file: PDF,
      declared: 'application/octet-stream',
      name: 'q.bin',
      says: /the media type given was application\/octet-stream and the extension \.bin is not accepted as evidence; accepted extensions: \.pdf \.png/,
    },
    {
      what: 'no type and no extension',
      file: PDF,
      declared: '',
      name: 'quote',
      says: /no media type was given and the file name "quote" has no extension/,
    },
  ])('$what', ({ file, declared, name, says }) => {
    expect(errorOf(checkEvidenceFile({ bytes: file, mediaType: declared, filename: name }))).toMatch(says);
  });

  it.each([
    { what: 'no name', raw: '', says: /has no file name/ },
    { what: 'a path ending in a separator', raw: 'C:\\docs\\', says: /has no file name/ },
    { what: '..', raw: '..', says: /".." is not a file name/ },
    { what: 'a newline', raw: 'a\nb.pdf', says: /control character \(U\+000A\)/ },
    { what: 'DEL', raw: 'a\u007fb.pdf', says: /control character \(U\+007F\)/ },
    { what: 'a C1 control', raw: 'a\u0085b.pdf', says: /control character \(U\+0085\)/ },
    { what: '256 characters', raw: `${'a'.repeat(252)}.pdf`, says: /is 256 characters long; at most 255/ },
  ])('a file name with $what', ({ raw, says }) => {
    expect(errorOf(checkEvidenceFile({ bytes: PDF, mediaType: 'application/pdf', filename: raw }))).toMatch(
      says,
    );
  });

  it('counts characters, not UTF-16 units: 255 CJK or astral characters are allowed', () => {
    expect(parseFilename(`${'報'.repeat(251)}.pdf`).ok).toBe(true);
    expect(parseFilename(`${'😀'.repeat(251)}.pdf`).ok).toBe(true);
    expect(parseFilename(`${'😀'.repeat(252)}.pdf`).ok).toBe(false);
  });
});

describe('UTF-8 validity', () => {
  it.each([
    { what: 'an overlong "/"', b: bytes(0xc0, 0xaf), at: 0 },
    { what: 'an overlong three-byte form', b: bytes(0xe0, 0x80, 0xaf), at: 0 },
    { what: 'a surrogate (U+D800)', b: bytes(0x41, 0xed, 0xa0, 0x80), at: 1 },
    { what: 'above U+10FFFF', b: bytes(0xf4, 0x90, 0x80, 0x80), at: 0 },
    { what: 'a truncated sequence', b: bytes(0x41, 0x42, 0xe5, 0xa0), at: 2 },
    { what: 'a lone continuation byte', b: bytes(0x80), at: 0 },
  ])('$what is refused at byte $at', ({ b, at }) => {
    expect(firstInvalidUtf8(b)).toBe(at);
  });

  it('agrees with a strict UTF-8 decoder on any bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        let valid = true;
        try {
          strict.decode(b);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(b) === null).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts any encoded string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => firstInvalidUtf8(utf8(s)) === null));
  });
});

describe('SHA-256 references', () => {
  const sha = 'ab'.repeat(32);
  it('accepts 64 hex digits in either case and keeps them in lower case', () => {
    expect(parseSha256(sha.toUpperCase(), 'evidence[0]')).toEqual({ ok: true, value: sha });
  });
  it.each([
    { what: 'missing', v: undefined, says: /is required/ },
    { what: 'a number', v: 12, says: /must be a string/ },
    { what: '63 digits', v: sha.slice(1), says: /is not a SHA-256: expected 64 hexadecimal digits/ },
    { what: 'not hex', v: 'g'.repeat(64), says: /is not a SHA-256/ },
  ])('refuses $what', ({ v, says }) => {
    const r = parseSha256(v, 'evidence[0]');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]?.path).toBe('evidence[0]');
      expect(r.errors[0]?.message).toMatch(says);
    }
  });
});
