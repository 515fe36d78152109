import type { Router } from '../http';
import { accountRoutes } from './accounts';
import { leadRoutes } from './leads';

/** Every group's routes; each module implements the operations of one catalogue group. */
export const routeModules: Array<(router: Router) => void> = [leadRoutes, accountRoutes];
