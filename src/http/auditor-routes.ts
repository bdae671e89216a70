/**
 * Issue 7: the auditor's letter (14A.56), its 14A.57 deadline and the annual-review settings. Thin routes: the rules are in the app layer.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';

export function registerAuditorRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app;
  void ctx;
}
