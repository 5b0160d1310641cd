import { NotSupportedByStoreError, type SurveyStore } from '../../ports';

/**
 * 照会 on SharePoint (lists 照会 and 照会回答) is not built yet: every call says so plainly,
 * so a production instance answers the survey API with an error naming the gap instead of
 * storing a survey somewhere it would be lost. The SQLite layout (local mode) stores surveys.
 */
export class SurveysNotSupportedError extends NotSupportedByStoreError {
  constructor() {
    super('照会（全区照会・意見照会）は SharePoint の保存先にまだ対応していません (surveys are not yet supported on the SharePoint store)');
  }
}

const refuse = async (): Promise<never> => {
  throw new SurveysNotSupportedError();
};

export class SharePointSurveyStore implements SurveyStore {
  allocateId = refuse;
  insert = refuse;
  get = refuse;
  findByRequest = refuse;
  update = refuse;
  list = refuse;
  getAnswer = refuse;
  listAnswers = refuse;
  saveAnswer = refuse;
  saveResponse = refuse;
  listResponses = refuse;
}
