import type { NoticeStore } from '../ports';

/**
 * A port an adapter does not implement yet (お知らせ on SharePoint, until its list exists):
 * every call fails with a clear message instead of the adapter failing to compile or start.
 */
export function notYetSupportedNoticeStore(adapter: string): NoticeStore {
  const refuse = async (): Promise<never> => {
    throw new Error(`お知らせは ${adapter} ではまだ使えません (notices are not yet supported by the ${adapter} store)`);
  };
  return { allocateId: refuse, insert: refuse, get: refuse, findByRequest: refuse, update: refuse, list: refuse };
}
