import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { LabInfo } from '../../shared/contract/index.js';
import { useConnectionEpoch, useLab } from '../transport/lab-context.js';
import { errorText } from '../lib/error-text.js';

interface InfoState {
  info: LabInfo | null;
  error: string | null;
}

const InfoContext = createContext<InfoState>({ info: null, error: null });

/** Loads getInfo once per connection (the server may have restarted with another data dir). */
export function InfoProvider({ children }: { children: ReactNode }) {
  const { api } = useLab();
  const epoch = useConnectionEpoch();
  const [state, setState] = useState<InfoState>({ info: null, error: null });

  useEffect(() => {
    if (epoch === 0) return;
    let current = true;
    api.getInfo({}).then(
      (info) => current && setState({ info, error: null }),
      (err: unknown) => current && setState((s) => ({ info: s.info, error: errorText(err) })),
    );
    return () => {
      current = false;
    };
  }, [api, epoch]);

  return <InfoContext.Provider value={state}>{children}</InfoContext.Provider>;
}

export function useInfo(): InfoState {
  return useContext(InfoContext);
}
