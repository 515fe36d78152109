import type { Router } from '../http';
import { accountRoutes } from './accounts';
import { agreementRoutes } from './agreements';
import { approvalRoutes } from './approvals';
import { assessmentRoutes } from './assessments';
import { chargeRoutes } from './charges';
import { customFieldRoutes } from './custom-fields';
import { documentRoutes } from './documents';
import { esignRoutes } from './esign';
import { leadRoutes } from './leads';

/** Every group's routes; each module implements the operations of one catalogue group. */
export const routeModules: Array<(router: Router) => void> = [
  leadRoutes,
  accountRoutes,
  approvalRoutes,
  customFieldRoutes,
  assessmentRoutes,
  chargeRoutes,
  agreementRoutes,
  esignRoutes,
  documentRoutes,
];
