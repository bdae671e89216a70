/**
 * The screens by route. Each screen is a component taking the route's parameters; the shell keys it
 * by issuer and route, so switching issuer loads everything again.
 */
import type { ComponentType } from 'react';
import { Dashboard } from './Dashboard';

export interface ScreenProps {
  readonly params: Readonly<Record<string, string>>;
}

export const SCREENS: readonly { readonly path: string; readonly component: ComponentType<ScreenProps> }[] = [
  { path: '/', component: Dashboard },
];
