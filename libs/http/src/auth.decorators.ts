import { SetMetadata } from '@nestjs/common';
import type { Role } from '@auditorium/auth';

export const PUBLIC_KEY = 'auditorium:public';
export const ROLE_KEY = 'auditorium:role';

/** Reachable without a token. Only /healthz uses it. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The role a caller needs (admin holds every role). */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

export const ANY_ROLE_KEY = 'auditorium:any-role';

/** Any verified token, whatever its roles (e.g. the public seal keys). */
export const AnyRole = () => SetMetadata(ANY_ROLE_KEY, true);
