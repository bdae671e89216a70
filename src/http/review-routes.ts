/**
 * Issue 7: the INEDs' annual review: the review pack's sign-off (14A.55). Thin routes: the rules are in the app layer.
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app/context.js';

export function registerReviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  void app;
  void ctx;
}
