/**
 * The audit chain's key as configured (decision 0013): its environment variables and how a key is
 * read. The store loads it; `armslength doctor` judges it.
 */
export const AUDIT_KEY_ENV = 'ARMSLENGTH_AUDIT_KEY';
export const AUDIT_ANCHOR_ENV = 'ARMSLENGTH_AUDIT_ANCHOR';

/** Parses a key given as hex or base64; null when it is neither or shorter than 32 bytes. */
export function parseAuditKey(text: string): Buffer | null {
  const t = text.trim();
  const key =
    /^[0-9a-fA-F]+$/.test(t) && t.length % 2 === 0 ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  return key.length >= 32 ? key : null;
}
