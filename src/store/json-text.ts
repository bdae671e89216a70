/**
 * The JSON text of an object that several writes of one operation store or hash (an order's quote
 * comparison goes on the order row and, as its SHA-256, into the audit event): serialised once.
 */
const texts = new WeakMap<object, string>();

export function jsonText(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}
