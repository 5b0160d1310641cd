/**
 * What other flows may use of 疑義照会; dependency-cruiser's flows-keep-to-themselves lets them
 * import this file and nothing else here. お知らせ opens the ask form prefilled from a notice.
 */
export { askFormCard } from './cards/ask-form-card';
export { askableDepartments } from './handlers/askable-departments';
export { INQUIRY_LIMITS } from './model';
export { citingAnswersOf, type CitingAnswer } from './similar-cases';
