import { z } from 'zod';

/** The kinds of personal data that are masked for roles without `customers.view_sensitive`. */
export const SENSITIVE_FIELDS = ['phones', 'emails', 'idNumber', 'address'] as const;
export const SensitiveFieldSchema = z.enum(SENSITIVE_FIELDS);
export type SensitiveField = z.infer<typeof SensitiveFieldSchema>;

export const RevealBodySchema = z.object({ field: SensitiveFieldSchema });
export type RevealBody = z.infer<typeof RevealBodySchema>;

/** Every value of the field on the customer, in full (phones, e-mails, addresses of the record and its profile). */
export const RevealResultSchema = z
  .object({ field: SensitiveFieldSchema, values: z.array(z.string()) })
  .meta({ id: 'RevealResult' });
export type RevealResult = z.infer<typeof RevealResultSchema>;
