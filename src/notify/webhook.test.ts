import { describe, expect, it } from 'vitest';
import { signArmslengthPayload, verifyArmslengthSignature } from './webhook.js';

const SECRET = 'whsec_0123456789abcdef';
const BODY = '{"event":"alert.raised"}';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
// Computed independently: printf '%s' '1767225600.{"event":"alert.raised"}' | openssl dgst -sha256 -hmac 'whsec_0123456789abcdef'
const V1 = '187bce6c5dfbf8a8bd691c87d233af1a617e570ca240dc550e3e044985854a6d';
const HEADER = `t=${T},v1=${V1}`;

describe('Armslength-Signature', () => {
  it('is t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>', () => {
    expect(signArmslengthPayload(SECRET, BODY, T)).toBe(HEADER);
  });

  it.each([
    ['as sent', HEADER, BODY, T, true],
    ['given as bytes', HEADER, Buffer.from(BODY), T, true],
    ['with upper-case hex and spaces', `t=${T}, v1=${V1.toUpperCase()}`, BODY, T, true],
    ['with a second v1 (a rotated secret)', `t=${T},v1=${'0'.repeat(64)},v1=${V1}`, BODY, T, true],
    ['five minutes late, at the edge', HEADER, BODY, T + 300, true],
    ['five minutes early (a receiver clock behind)', HEADER, BODY, T - 300, true],
    ['one second past the tolerance (a replay)', HEADER, BODY, T + 301, false],
    ['with a changed body', HEADER, `${BODY} `, T, false],
    ['with the timestamp changed', `t=${T + 1},v1=${V1}`, BODY, T, false],
    ['without a timestamp', `v1=${V1}`, BODY, T, false],
    ['with two timestamps', `t=${T},t=${T},v1=${V1}`, BODY, T, false],
    ['without a v1', `t=${T}`, BODY, T, false],
    ['with a truncated v1', `t=${T},v1=${V1.slice(0, 63)}`, BODY, T, false],
    ['with another scheme only', `t=${T},v0=${V1}`, BODY, T, false],
    ['with a non-numeric timestamp', `t=${T}x,v1=${V1}`, BODY, T, false],
    ['empty', '', BODY, T, false],
  ] as const)('verifies a header %s: %s', (_name, header, body, now, expected) => {
    expect(verifyArmslengthSignature(SECRET, header, body, now)).toBe(expected);
  });

  it('refuses another secret, an empty secret and a missing header', () => {
    expect(verifyArmslengthSignature(`${SECRET}!`, HEADER, BODY, T)).toBe(false);
    expect(verifyArmslengthSignature('', HEADER, BODY, T)).toBe(false);
    expect(verifyArmslengthSignature(SECRET, undefined, BODY, T)).toBe(false);
  });

  it('takes the tolerance as given', () => {
    expect(verifyArmslengthSignature(SECRET, HEADER, BODY, T + 30, 30)).toBe(true);
    expect(verifyArmslengthSignature(SECRET, HEADER, BODY, T + 31, 30)).toBe(false);
  });
});
