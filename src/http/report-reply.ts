/**
 * Issue 7: a rendered report as an HTTP answer. HTML opens in the browser (with its own CSP: inline
 * styles only, nothing external, no script); the spreadsheet, PDF and CSV files download.
 */
import type { FastifyReply } from 'fastify';
import type { ReportFormat, RenderedFile } from '../reports/index.js';
import { contentDisposition } from './evidence-form.js';

export function sendReportFile(reply: FastifyReply, file: RenderedFile, format: ReportFormat): FastifyReply {
  const disposition = contentDisposition(file.filename);
  void reply
    .type(file.contentType)
    .header(
      'Content-Disposition',
      format === 'html' ? disposition.replace(/^attachment/, 'inline') : disposition,
    );
  if (format === 'html')
    void reply.header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
  return reply.send(file.body);
}
