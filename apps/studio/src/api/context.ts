/**
 * The tRPC client the pages share, provided once by `App`. Only the hooks of this folder read it
 * (ESLint forbids importing this file elsewhere): components reach the server through them.
 */
import { createContext, useContext } from 'react';
import type { ApiClient } from './client';

export const ApiContext = createContext<ApiClient | null>(null);

export function useClient(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('a server hook outside an ApiContext provider');
  return client;
}
