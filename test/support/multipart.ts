/** multipart/form-data bodies built by hand, as a browser or curl -F sends them (evidence uploads). */
import { randomBytes } from 'node:crypto';

/** One part: a text field, or a file (`type` omitted or '' sends no Content-Type header). */
export type Part =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly filename: string; readonly type?: string; readonly bytes: Uint8Array };

export const newBoundary = (): string => `----armslength${randomBytes(8).toString('hex')}`;

/** The body's bytes with `boundary`. */
export function multipartBody(parts: readonly Part[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\n`;
    if ('value' in part) {
      head += `Content-Disposition: form-data; name="${part.name}"\r\n\r\n`;
      chunks.push(Buffer.from(head, 'utf8'), Buffer.from(part.value, 'utf8'));
    } else {
      head += `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n`;
      if (part.type !== undefined && part.type !== '') head += `Content-Type: ${part.type}\r\n`;
      head += '\r\n';
      chunks.push(Buffer.from(head, 'utf8'), Buffer.from(part.bytes));
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** The body with a fresh boundary, and the Content-Type header that names it. */
export function multipart(parts: readonly Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = newBoundary();
  return {
    payload: multipartBody(parts, boundary),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
