/**
 * The screens by route. Each screen is a component taking the route's parameters; the shell keys it
 * by issuer and route, so switching issuer loads everything again.
 */
import type { ComponentType } from 'react';
import { AgreementDetailScreen, Agreements } from './Agreements';
import { BoardResolutions } from './BoardResolutions';
import { Actuals } from './Actuals';
import { Dashboard } from './Dashboard';
import { NewOrder } from './NewOrder';
import { OrderDetail, Orders } from './Orders';
import { Register } from './Register';
import { AlertDetail, Alerts } from './Alerts';
import { Audit } from './Audit';
import { Reports } from './Reports';
import { Settings } from './Settings';

export interface ScreenProps {
  readonly params: Readonly<Record<string, string>>;
}

export const SCREENS: readonly { readonly path: string; readonly component: ComponentType<ScreenProps> }[] = [
  { path: '/', component: Dashboard },
  { path: '/orders', component: Orders },
  { path: '/orders/new', component: NewOrder },
  { path: '/orders/:id', component: OrderDetail },
  { path: '/actuals', component: Actuals },
  { path: '/agreements', component: Agreements },
  { path: '/agreements/:id', component: AgreementDetailScreen },
  { path: '/register', component: Register },
  { path: '/board', component: BoardResolutions },
  { path: '/alerts', component: Alerts },
  { path: '/alerts/:id', component: AlertDetail },
  { path: '/reports', component: Reports },
  { path: '/audit', component: Audit },
  { path: '/settings', component: Settings },
];
