import { checkInContract } from './checkins.contract';
import { directoryContract } from './directory.contract';
import type { StoreFactory } from './fixtures';
import { inquiryContract } from './inquiries.contract';
import { knowledgeContract } from './knowledge.contract';
import { noticeContract } from './notices.contract';
import { operationalContract } from './operational.contract';
import { surveyContract } from './surveys.contract';

/**
 * Every port's contract. A store adapter passes when this whole suite passes against it.
 * `surveys: 'notSupported'`: a layout that does not keep 照会 yet (SharePoint) must refuse them plainly.
 */
export function storeContract(factory: StoreFactory, options: { surveys?: 'supported' | 'notSupported' } = {}) {
  directoryContract(factory);
  checkInContract(factory);
  inquiryContract(factory);
  noticeContract(factory);
  surveyContract(factory, options.surveys);
  knowledgeContract(factory);
  operationalContract(factory);
}
