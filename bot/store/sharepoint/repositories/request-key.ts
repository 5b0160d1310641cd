import { createHash } from 'node:crypto';

/**
 * One value per sender and requestId (the form's, or an API caller's), short enough for an
 * indexed, unique text column: a second create from the same request is refused by SharePoint
 * itself, whichever instance sends it.
 */
export const requestKey = (senderId: string, requestId: string) => createHash('sha256').update(`${senderId}\n${requestId}`).digest('hex');
