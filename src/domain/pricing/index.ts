/** The pricing-policy gate (issue 4): policy, quotes, supplier independence and the comparison. */
export * from './types.js';
export { parsePricingInput, parsePricingPolicy, MAX_MIN_INDEPENDENT_QUOTES } from './parse.js';
export {
  supplierIndependence,
  connectedOnFromScenario,
  normaliseName,
  type IndependenceContext,
  type RegisterParty,
  type SupplierIndependence,
} from './independence.js';
export { evaluatePricing, type PricingEvaluation, type PricingEvaluationInput } from './evaluate.js';
