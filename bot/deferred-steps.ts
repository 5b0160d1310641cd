import { replaySubmitCheckIn, SUBMIT_CHECK_IN_STEP } from './checkins/workflow';
import { replaySubmitInquiry, SUBMIT_INQUIRY_STEP, type InquiryWorkflowDeps } from './inquiries/workflow';
import type { DeferredSteps } from './store/ports';

/**
 * The workflow steps that may be queued whole while SharePoint is out and run again later by
 * any instance (see bot/store/kit/deferred-units.ts). A step not listed here is not deferred:
 * with SharePoint out it fails and the person is told nothing was saved.
 */
export function deferredSteps(deps: InquiryWorkflowDeps): DeferredSteps {
  return {
    [SUBMIT_CHECK_IN_STEP]: (args) => replaySubmitCheckIn(deps.store, args),
    [SUBMIT_INQUIRY_STEP]: (args) => replaySubmitInquiry(deps, args),
  };
}
