/** Outbox keys of the inquiry flow: each message once, however often a step is retried. */
export const inquiryOutboxKey = {
  thread: (n: string) => `inquiry:${n}:thread`,
  askerStatus: (n: string) => `inquiry:${n}:status`,
  threadUpdate: (n: string, version: string) => `inquiry:${n}:thread:v:${version}`,
  statusUpdate: (n: string, version: string) => `inquiry:${n}:status:v:${version}`,
  threadNote: (n: string, what: string) => `inquiry:${n}:note:${what}`,
  toPerson: (n: string, what: string, personId: string) => `inquiry:${n}:${what}:${personId}`,
  notice: (n: string, channelId: string) => `inquiry:${n}:notice:${channelId}`,
};
