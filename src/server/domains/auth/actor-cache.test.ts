import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.ts';
import { ACTOR_TTL_MS, forgetActors, lookupStarted, recallActor, rememberActor } from './actor-cache.ts';

const actor = (workspaceId: string, userId = 'u1'): Actor => ({
  type: 'user',
  workspaceId,
  userId,
  userName: '王芳',
  teamId: null,
  role: { key: 'sales_rep', name: '销售代表', permissions: ['customers.read'], recordScope: 'own' },
  apiKeyId: null,
  sessionId: 's1',
  csrfToken: 'csrf',
});

describe('the actor cache', () => {
  it('answers with the remembered actor until ACTOR_TTL_MS has passed, then forgets it', () => {
    const now = 1_000_000;
    rememberActor('hash-ttl', actor('w-ttl'), null, lookupStarted(), now);
    expect(recallActor('hash-ttl', now + ACTOR_TTL_MS - 1)?.userId).toBe('u1');
    expect(recallActor('hash-ttl', now + ACTOR_TTL_MS)).toBeUndefined();
    expect(recallActor('hash-ttl', now)).toBeUndefined();
  });

  it('never outlives the session it stands for', () => {
    const now = 2_000_000;
    rememberActor('hash-expiring', actor('w-expiring'), new Date(now + 1_000), lookupStarted(), now);
    expect(recallActor('hash-expiring', now + 999)).toBeDefined();
    expect(recallActor('hash-expiring', now + 1_000)).toBeUndefined();
  });

  it("forgets one workspace's actors and keeps the others'", () => {
    const now = Date.now();
    rememberActor('hash-a1', actor('w-a', 'a1'), null, lookupStarted(), now);
    rememberActor('hash-a2', actor('w-a', 'a2'), null, lookupStarted(), now);
    rememberActor('hash-b', actor('w-b', 'b1'), null, lookupStarted(), now);
    forgetActors('w-a');
    expect(recallActor('hash-a1', now)).toBeUndefined();
    expect(recallActor('hash-a2', now)).toBeUndefined();
    expect(recallActor('hash-b', now)?.userId).toBe('b1');
  });

  it('does not remember an actor whose lookup began before a forget: it may have read the row as it was', () => {
    const now = Date.now();
    const started = lookupStarted();
    forgetActors('w-elsewhere');
    const stale = actor('w-race');
    expect(rememberActor('hash-race', stale, null, started, now)).toBe(stale);
    expect(recallActor('hash-race', now)).toBeUndefined();
    rememberActor('hash-race', actor('w-race'), null, lookupStarted(), now);
    expect(recallActor('hash-race', now)).toBeDefined();
  });

  it('hands out a frozen actor, so one request cannot change what the next one sees', () => {
    const remembered = rememberActor('hash-frozen', actor('w-frozen'), null, lookupStarted(), Date.now());
    expect(() => {
      (remembered.role.permissions as string[]).push('customers.view_sensitive');
    }).toThrow(TypeError);
    expect(() => {
      (remembered as { teamId: string | null }).teamId = 't-other';
    }).toThrow(TypeError);
  });
});
