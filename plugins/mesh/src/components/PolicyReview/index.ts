export { PolicyReview, appliedSummary } from './PolicyReview';
export type { PolicyReviewProps } from './PolicyReview';
export { ValidationMessages } from './ValidationMessages';
export { ImpactPreview } from './ImpactPreview';
export { PolicyDiff } from './PolicyDiff';
