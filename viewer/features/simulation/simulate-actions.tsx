import { useState } from 'react';
import type { NetworkLink, NetworkNode } from '../../../core/model/index.js';
import { roleMay, SIMULATION_ROLES } from '../../../core/model/user.schema.js';
import { useT } from '../../state/i18n.js';
import { useAuth } from '../auth/auth.state.js';
import { runSimulation } from './simulation-api.js';
import { useSimulation } from './simulation.state.js';

/**
 * The gas form as a request: a steady wind, or (wind turns) three 20-minute periods veering 45° each, a front
 * passing over the leak.
 */
function gasRequest(gas: {
  rateKgS: number;
  windSpeedMs: number;
  windFromDeg: number;
  stability: string;
  turning: boolean;
}) {
  const { turning, ...steady } = gas;
  if (!turning) return steady;
  const wind = [0, 1, 2].map((k) => ({
    minute: k * 20,
    speedMs: gas.windSpeedMs,
    directionDeg: (gas.windFromDeg + 45 * k) % 360,
  }));
  return { rateKgS: gas.rateKgS, stability: gas.stability, wind };
}

/** Inspector block of a pipe or node: "simulate burst" on water pipes, a gas leak with wind inputs on gas elements. */
export function SimulateActions({ link, node }: { link?: NetworkLink; node?: NetworkNode }) {
  const t = useT();
  const auth = useAuth();
  const { running } = useSimulation();
  const [gas, setGas] = useState({ rateKgS: 0.5, windSpeedMs: 3, windFromDeg: 270, stability: 'D', turning: false });
  const utility = link?.utility ?? node?.utility;
  const burst = link && utility === 'water' && link.kind !== 'service';
  const leak = utility === 'gas';
  if (!burst && !leak) return null;
  if (!roleMay(SIMULATION_ROLES, auth.user?.role))
    return (
      <div className="sim-actions muted" data-testid="sim-login-hint">
        {t('sim.loginHint')}
      </div>
    );
  return (
    <div className="sim-actions" data-testid="sim-actions">
      <h3>{t('sim.title')}</h3>
      {burst && (
        <button
          data-testid="sim-burst"
          disabled={running}
          onClick={() => void runSimulation({ kind: 'burst', linkId: link.id })}
        >
          {t('sim.burst')}
        </button>
      )}
      {leak && (
        <>
          <div className="sim-form">
            <label>
              {t('sim.rate')}
              <input
                type="number"
                step="0.1"
                min="0.01"
                value={gas.rateKgS}
                onChange={(e) => setGas({ ...gas, rateKgS: Number(e.target.value) })}
              />
            </label>
            <label>
              {t('sim.windSpeed')}
              <input
                type="number"
                step="0.5"
                min="0.5"
                value={gas.windSpeedMs}
                onChange={(e) => setGas({ ...gas, windSpeedMs: Number(e.target.value) })}
              />
            </label>
            <label>
              {t('sim.windFrom')}
              <input
                type="number"
                step="15"
                min="0"
                max="359"
                value={gas.windFromDeg}
                onChange={(e) => setGas({ ...gas, windFromDeg: Number(e.target.value) })}
              />
            </label>
            <label>
              {t('sim.stability')}
              <select value={gas.stability} onChange={(e) => setGas({ ...gas, stability: e.target.value })}>
                {['A', 'B', 'C', 'D', 'E', 'F'].map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label className="sim-check">
              <input
                type="checkbox"
                data-testid="sim-wind-turns"
                checked={gas.turning}
                onChange={(e) => setGas({ ...gas, turning: e.target.checked })}
              />
              {t('sim.windChange')}
            </label>
          </div>
          <button
            data-testid="sim-gas"
            disabled={running}
            onClick={() =>
              void runSimulation({
                kind: 'gas-leak',
                ...(link ? { linkId: link.id } : { nodeId: node!.id }),
                ...gasRequest(gas),
              })
            }
          >
            {t('sim.gasLeak')}
          </button>
        </>
      )}
      {running && <span className="muted"> {t('sim.running')}</span>}
    </div>
  );
}
