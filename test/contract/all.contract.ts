import { checkInContract } from './checkins.contract';
import { directoryContract } from './directory.contract';
import type { StoreFactory } from './fixtures';
import { inquiryContract } from './inquiries.contract';
import { knowledgeContract } from './knowledge.contract';
import { noticeContract } from './notices.contract';
import { operationalContract } from './operational.contract';
import { surveyContract } from './surveys.contract';

/** Every port's contract. A store adapter passes when this whole suite passes against it. */
export function storeContract(factory: StoreFactory) {
  directoryContract(factory);
  checkInContract(factory);
  inquiryContract(factory);
  noticeContract(factory);
  surveyContract(factory);
  knowledgeContract(factory);
  operationalContract(factory);
}
