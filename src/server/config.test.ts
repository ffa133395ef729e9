import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('loadConfig accepted a bad configuration');
}

describe('loadConfig', () => {
  it('fills every default from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      PORT: 3000,
      HOST: '127.0.0.1',
      KEMAI_DATA_DIR: './data',
      dataDir: path.resolve('./data'),
      KEMAI_DEMO: true,
      KEMAI_WORKSPACE_NAME: '客脉演示公司',
      KEMAI_TIME_ZONE: 'Asia/Shanghai',
      KEMAI_SECURE_COOKIES: false,
      KEMAI_TRUST_PROXY: false,
      KEMAI_SESSION_DAYS: 14,
      KEMAI_LOGIN_RATE_LIMIT: 10,
      LOG_LEVEL: 'info',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.KEMAI_ADMIN_EMAIL).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', KEMAI_DEMO: '' })).toMatchObject({ PORT: 3000, KEMAI_DEMO: true });
  });

  it('reads given values, coercing numbers and flags', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgresql://kemai@db:5432/kemai',
      KEMAI_DATA_DIR: '/var/lib/kemai',
      KEMAI_DEMO: 'no',
      KEMAI_SECURE_COOKIES: 'on',
      KEMAI_SESSION_DAYS: '30',
      KEMAI_ADMIN_EMAIL: 'root@example.com',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgresql://kemai@db:5432/kemai',
      dataDir: '/var/lib/kemai',
      KEMAI_DEMO: false,
      KEMAI_SECURE_COOKIES: true,
      KEMAI_SESSION_DAYS: 30,
      KEMAI_ADMIN_EMAIL: 'root@example.com',
      LOG_LEVEL: 'warn',
    });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toHaveProperty('PATH');
  });

  it('lists every bad variable in one ConfigError', () => {
    const error = configError({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      KEMAI_DEMO: 'maybe',
      KEMAI_ADMIN_PASSWORD: 'short',
      LOG_LEVEL: 'loud',
      HOST: '0.0.0.0',
    });
    expect(error.name).toBe('ConfigError');
    for (const variable of ['PORT', 'DATABASE_URL', 'KEMAI_DEMO', 'KEMAI_ADMIN_PASSWORD', 'LOG_LEVEL']) {
      expect(error.message).toMatch(new RegExp(`^  ${variable}: `, 'm'));
    }
    expect(error.message).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(error.message).toContain('KEMAI_ADMIN_PASSWORD: must be at least 8 characters');
    expect(error.message).not.toContain('HOST');
  });

  it('rejects out-of-range numbers', () => {
    const error = configError({ PORT: '70000', KEMAI_SESSION_DAYS: '0', KEMAI_LOGIN_RATE_LIMIT: '1.5' });
    expect(error.message).toContain('PORT');
    expect(error.message).toContain('KEMAI_SESSION_DAYS');
    expect(error.message).toContain('KEMAI_LOGIN_RATE_LIMIT');
  });
});
