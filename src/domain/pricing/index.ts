/** The pricing-policy gate (issue 4): policy, quotes, supplier independence and the comparison. */
export * from './types.js';
export { parsePricingInput } from './parse.js';
export { parsePricingPolicy, describePricingPolicy, MAX_MIN_INDEPENDENT_QUOTES } from './policy.js';
export {
  supplierIndependence,
  connectedOnFromScenario,
  nameIndex,
  normaliseName,
  type IndependenceContext,
  type RegisterParty,
  type SupplierIndependence,
} from './independence.js';
export { evaluatePricing, type PricingEvaluation, type PricingEvaluationInput } from './evaluate.js';
