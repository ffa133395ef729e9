import { createHash, randomBytes } from 'node:crypto';

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Session tokens and API keys are long random strings, so a fast hash is enough to store them safely. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
