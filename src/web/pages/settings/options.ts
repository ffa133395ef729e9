import type { TFunction } from 'i18next';
import { ROLE_KEYS } from '../../../shared/auth.ts';
import type { Team, User } from '../../../shared/users.ts';

export function roleOptions(t: TFunction) {
  return ROLE_KEYS.map((key) => ({ value: key, label: t(`roles.${key}`) }));
}

export function teamOptions(teams: Team[] | undefined) {
  return (teams ?? []).map((team) => ({ value: team.id, label: team.name }));
}

export function userOptions(users: User[] | undefined) {
  return (users ?? []).filter((user) => user.active).map((user) => ({ value: user.id, label: `${user.name}（${user.email}）` }));
}
