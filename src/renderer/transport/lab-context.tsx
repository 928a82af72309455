import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { LabClient, LabEvent } from '../../shared/contract/index.js';
import type { ConnectionState, RendererLabClient } from './connection.js';

const LabContext = createContext<RendererLabClient | null>(null);

export function LabProvider({ client, children }: { client: RendererLabClient; children: ReactNode }) {
  return <LabContext.Provider value={client}>{children}</LabContext.Provider>;
}

function useRendererClient(): RendererLabClient {
  const client = useContext(LabContext);
  if (!client) throw new Error('useLab() needs a <LabProvider> above it.');
  return client;
}

/** The lab, whatever the transport. Pages use only this. */
export function useLab(): LabClient {
  return useRendererClient();
}

/** The state of the link to the lab, for the status bar. */
export function useConnection(): ConnectionState {
  const { connection } = useRendererClient();
  return useSyncExternalStore(connection.subscribe, connection.get);
}

/** Changes each time the link (re)connects; 0 until it first does. Loaders list it as a dependency. */
export function useConnectionEpoch(): number {
  return useConnection().epoch;
}

/** Subscribes to the lab's event stream for the component's lifetime, with the latest listener. */
export function useLabEvent(listener: (event: LabEvent) => void): void {
  const client = useLab();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => client.onEvent((event) => latest.current(event)), [client]);
}
