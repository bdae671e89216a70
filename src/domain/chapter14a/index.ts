/** The Chapter 14A engine: connected persons, classification, abstention, implications text, cap sizing. */
export * from './types.js';
export { determineConnections, analyseConnections } from './connections.js';
export {
  classifyScenario,
  decideTier,
  financialYearOf,
  numeratorOf,
  requirementsFor,
  type TierDecision,
  type TierInput,
} from './classify.js';
export { interestedDirectors, checkBoardVote, type BoardVote, type BoardVoteViolation } from './directors.js';
export { implicationsText } from './implications.js';
export { largestCapForTier, type CapSizing } from './sizing.js';
export {
  commonlyHeldEntity,
  existingAgreementBecomesConnected,
  type CommonlyHeldEntityFinding,
  type ExistingAgreementFinding,
} from './exemptions.js';
