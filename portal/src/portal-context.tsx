import { createContext, useContext } from 'react';
import type { Api } from './api/client';
import type { Me, PortalConfig } from './api/types';

export interface Portal {
  config: PortalConfig;
  api: Api;
  me: Me;
  logOut(): void;
}

export const PortalContext = createContext<Portal | null>(null);

export function usePortal(): Portal {
  const ctx = useContext(PortalContext);
  if (!ctx) throw new Error('usePortal outside a signed-in page');
  return ctx;
}
