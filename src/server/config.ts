import { z } from 'zod';
import path from 'node:path';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['1', 'true', 'yes', 'on'].includes(value));

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  KEMAI_DATA_DIR: z.string().min(1).default('./data'),
  KEMAI_DEMO: flag.default(true),
  KEMAI_ADMIN_EMAIL: z.email().optional(),
  KEMAI_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  KEMAI_WORKSPACE_NAME: z.string().min(1).max(100).default('客脉演示公司'),
  KEMAI_TIME_ZONE: z.string().min(1).default('Asia/Shanghai'),
  KEMAI_SECURE_COOKIES: flag.default(false),
  // Only behind a reverse proxy: otherwise X-Forwarded-For is the client's to forge (and to dodge the login limit with).
  KEMAI_TRUST_PROXY: flag.default(false),
  KEMAI_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  KEMAI_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema> & { dataDir: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads the environment once, at boot. Every bad variable is reported together
 * so an operator fixes them in one go. Nothing else in Kemai reads process.env.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.KEMAI_DATA_DIR) };
}
