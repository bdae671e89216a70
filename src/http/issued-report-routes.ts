/**
 * Issue 7: issued reports (stored with their hash; amended versions) and 14A.59 follow-up tasks. Thin routes: the rules are in the app layer.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';

export function registerIssuedReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app;
  void ctx;
}
