/** CSV fields as spreadsheets read them safely (the audit export, the report tables). */

/** A text a spreadsheet would evaluate as a formula is neutralised with a leading apostrophe. */
export const neutraliseFormula = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export const quoteField = (field: string): string =>
  /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
